/**
 * The shape of an API request body as the handler reads it, for the request-schema fix of
 * `api-request-not-validated`: which properties it reads after parsing the body (destructuring,
 * property reads, `.get('x')`), which of them it cannot do without (→ `required`: read with no
 * guard or default in a way that fails when it is missing — a Python `body['x']`, a JS `body.x.y`
 * or `body.x.trim()`; a plain JS read only yields undefined), what the
 * code says of their types (a destructuring default, a comparison with a literal, a string or
 * array method called on them), and whether every use of the body is a read of a named property
 * (→ `additionalProperties: false` is safe; otherwise the schema allows other properties).
 *
 * Bodies recognised: `JSON.parse(event.body)` / `json.loads(event['body'])` (also with a `|| '{}'`
 * default or behind a condition, which makes every property optional), a `{ body }` destructured
 * from the event, and `event.body.x` read directly (a body-parsing middleware such as middy's
 * http-json-body-parser). Only the handler function is read, and the functions the parsed body is
 * passed to when the caller gives a resolver (`BodyCallResolver`: same-module functions, local modules).
 */
import { forEachIrChild, type ClassIR, type Ex, type FuncIR, type ModuleIR, type Pat, type St } from './ir';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface BodyProp {
  name: string;
  type?: JsonType;
  required: boolean;
}

export interface BodyShape {
  props: BodyProp[];
  /** Every use of the parsed body is a read of a named property (no whole-body use, no rest). */
  closed: boolean;
  /**
   * The body is used as a list (`body.length`, `body.map(…)`, `for (const m of body)`, Python
   * `for x in body`, `len(body)`, `Array.isArray(body)`): the shape of its items as the handler reads
   * them (`props` of the body itself is then empty; `closed` when every item use is a named read).
   */
  items?: { props: BodyProp[]; closed: boolean };
  /** Used both as a list and as an object with named properties: no schema can be inferred. */
  mixed?: boolean;
  /**
   * The raw body string is never parsed and only forwarded as an SNS `Message`, SQS `MessageBody`
   * or S3 `Body` (OPAQUE_KEYS): opaque by design, a JSON schema pins nothing.
   */
  opaque?: boolean;
  /** The parsed body is also echoed in the response: a schema must not reject the keys the sender gets back. */
  echoed?: boolean;
  /** The parsed body is read for nothing but to echo it in the response to its sender (`return {body: JSON.stringify(body)}`). */
  echoOnly?: boolean;
  /** The handler's own validation function called with the parsed body (CHECK_PREFIXES), in the handler's file. */
  check?: { callee: string; start: number; end: number };
}

interface Acc {
  type?: JsonType;
  guarded: boolean;
  plain: boolean;
  /** Read in a way that fails without it: a Python subscript, a JS read that is dereferenced further. */
  needed: boolean;
}

/** Python annotations of a dataclass field → JSON types. */
const PY_TYPES: Readonly<Record<string, JsonType>> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', list: 'array', dict: 'object' };

const STRING_METHODS = new Set(['toLowerCase', 'toUpperCase', 'trim', 'split', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'lower', 'upper', 'strip', 'startswith', 'endswith', 'encode']);
const ARRAY_METHODS = new Set(['map', 'forEach', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex', 'flatMap']);

/**
 * Request parameters that carry an opaque string the service stores or delivers as is: SNS
 * `Publish` `Message`, SQS `SendMessage` `MessageBody`, S3 `PutObject` `Body`, IoT Data `Publish`
 * `payload` (AWS API references; the same names in the JS SDKs and boto3). The raw request body (never parsed) placed there is
 * forwarded whole, and a JSON schema of it pins nothing the handler relies on (issue 12 class 2).
 */
const OPAQUE_KEYS = new Set(['Message', 'MessageBody', 'Body', 'payload']);

/**
 * Names of a handler's own body validation (`validateOrder`, `validate_request_body`, `isValidPayload`,
 * `is_valid`): compared lower-case without `_`, by prefix.
 */
const CHECK_PREFIXES = ['validate', 'isvalid'];

function calleeName(c: Ex): string | undefined {
  return c.k === 'name' ? c.id : c.k === 'member' && c.prop ? c.prop : undefined;
}

function isCheckName(name: string | undefined): boolean {
  const n = name?.toLowerCase().split('_').join('');
  return !!n && CHECK_PREFIXES.some((p) => n.startsWith(p));
}

/** `JSON.stringify(x)` / `json.dumps(x)`: the value serialised, not passed anywhere. */
function isSerialisation(c: Extract<Ex, { k: 'call' }>): boolean {
  const cal = c.callee;
  return cal.k === 'member' && cal.obj.k === 'name' && ((cal.obj.id === 'JSON' && cal.prop === 'stringify') || (cal.obj.id === 'json' && cal.prop === 'dumps'));
}

function litType(e: Ex): JsonType | undefined {
  if (e.k === 'lit') {
    if (typeof e.v === 'string') return 'string';
    if (typeof e.v === 'number') return Number.isInteger(e.v) ? undefined : 'number';
    if (typeof e.v === 'boolean') return 'boolean';
    return undefined;
  }
  if (e.k === 'arr' && e.kind !== 'set') return 'array';
  if (e.k === 'obj') return 'object';
  return undefined;
}

/**
 * A function the parsed body is passed to (argument `index` of the call whose callee is `callee`),
 * resolved by the caller of `requestBodyShape` (same module, or a local module it imports): its
 * parameter `param` is then read like the body.
 */
export type BodyCallResolver = (callee: Ex, index: number) => { f: FuncIR; text: string; py: boolean; param: string } | undefined;

const MAX_FOLLOW = 3;

/** Walks a handler and collects the body's property reads. */
class Walker {
  /** Inside the arguments of a log call (`logger.error('bad: ' + json.dumps(body))`): the body serialised into a message is not used whole. */
  inLog = 0;
  resolve?: BodyCallResolver;
  depth = 0;
  readonly bodyVars = new Set<string>();
  readonly strVars = new Set<string>();
  readonly props = new Map<string, Acc>();
  closed = true;
  found = false;
  optionalAll = false;
  middy = false;
  /**
   * Inside the handler's response (`return {…}`, `callback(null, {…})`) outside any call but a JSON
   * serialisation: the body echoed to its own sender is not used whole (issue 12 class 3).
   */
  echo = 0;
  /** The handler's module, for the dataclasses the body is unpacked into. */
  mod?: ModuleIR;
  /** The parsed body was echoed in the response. */
  echoed = false;
  /** Function nesting (1: the handler itself; a `return` deeper is no response). */
  fnDepth = 0;
  /** The handler's callback parameter (`(event, context, callback)`). */
  responder: string | null = null;
  /** The handler's own validation function applied to the parsed body (`validateOrder(body)`, `is_valid(body)`): the first call. */
  check: { callee: string; start: number; end: number } | undefined;
  /** The raw (never parsed) body string as an SNS `Message`, SQS `MessageBody` or S3 `Body` (`rawOther`: any other use of it). */
  rawForward = 0;
  rawOther = 0;
  /** The body is used as a list; `items`: walkers of its items (loop variables, callback parameters). */
  list = false;
  readonly items: Walker[] = [];

  constructor(readonly text: string, readonly eventName: string | null, readonly py: boolean) {}

  prop(name: string, guarded: boolean, type?: JsonType, needed = false): void {
    this.found = true;
    let a = this.props.get(name);
    if (!a) this.props.set(name, (a = { guarded: false, plain: false, needed: false }));
    if (guarded) a.guarded = true;
    else a.plain = true;
    if (needed && !guarded) a.needed = true;
    if (type && !a.type) a.type = type;
  }

  /** `event.body`, `event['body']`, `event.get('body')`, a variable holding it. */
  isBodyString(e: Ex): boolean {
    if (e.k === 'name') return this.strVars.has(e.id);
    if (e.k === 'member' && e.prop === 'body' && e.obj.k === 'name' && e.obj.id === this.eventName) return true;
    if (e.k === 'call' && e.callee.k === 'member' && e.callee.prop === 'get' && e.callee.obj.k === 'name' && e.callee.obj.id === this.eventName) {
      const a = e.args[0]?.v;
      return !!a && a.k === 'lit' && a.v === 'body';
    }
    return false;
  }

  /** `JSON.parse(body)` / `json.loads(body)` of the request body; `guarded` when the body has a default. */
  parseOf(e: Ex): { guarded: boolean } | undefined {
    while (e.k === 'await') e = e.x;
    if (e.k === 'cond') {
      const a = this.parseOf(e.a) ?? this.parseOf(e.b);
      return a ? { guarded: true } : undefined;
    }
    if (e.k === 'logic') {
      const l = this.parseOf(e.l);
      return l ? { guarded: true } : undefined;
    }
    if (e.k !== 'call' || e.callee.k !== 'member') return undefined;
    const c = e.callee;
    const isParse = c.obj.k === 'name' && ((c.obj.id === 'JSON' && c.prop === 'parse') || (c.obj.id === 'json' && c.prop === 'loads'));
    if (!isParse) return undefined;
    let a = e.args[0]?.v;
    if (!a) return undefined;
    let guarded = false;
    if (a.k === 'logic') { guarded = true; a = a.l; }
    // `json.loads(body if body is not None else '{}')`
    if (a.k === 'cond') return this.isBodyString(a.a) || this.isBodyString(a.b) ? { guarded: true } : undefined;
    return this.isBodyString(a) ? { guarded } : undefined;
  }

  bindPattern(p: Pat, guarded: boolean): void {
    if (p.k === 'pname') { this.bodyVars.add(p.id); if (guarded) this.optionalAll = true; this.found = true; return; }
    if (p.k === 'pobj') {
      this.found = true;
      for (const q of p.props) {
        if (q.key === null) { this.closed = false; continue; }
        const v = q.v;
        if (v.k === 'pdefault') this.prop(q.key, true, litType(v.dflt));
        else this.prop(q.key, guarded, v.k === 'pobj' ? 'object' : v.k === 'parr' ? 'array' : undefined);
      }
      if (p.rest) this.closed = false;
      return;
    }
    this.closed = false;
  }

  /** Binding statements: `const body = JSON.parse(event.body)`, `const { body } = event`, `const s = event.body`. */
  assign(p: Pat, v: Ex): boolean {
    const parsed = this.parseOf(v);
    if (parsed) { this.bindPattern(p, parsed.guarded); return true; }
    if (p.k === 'pname' && this.isBodyString(v)) { this.strVars.add(p.id); return true; }
    if (p.k === 'pname' && (v.k === 'logic') && this.isBodyString(v.l)) { this.strVars.add(p.id); return true; }
    if (p.k === 'pobj' && v.k === 'name' && v.id === this.eventName) {
      for (const q of p.props) if (q.key === 'body' && q.v.k === 'pname') this.strVars.add(q.v.id);
      return false;
    }
    if (p.k === 'pname' && v.k === 'name' && this.bodyVars.has(v.id)) { this.bodyVars.add(p.id); return true; }
    // `const { isbn, title } = book` where `book` holds the parsed body: named reads, as if destructured from JSON.parse
    if (p.k === 'pobj' && v.k === 'name' && this.bodyVars.has(v.id)) { this.bindPattern(p, false); return true; }
    return false;
  }

  isBodyObj(e: Ex): boolean {
    if (e.k === 'name') return this.bodyVars.has(e.id);
    // `JSON.parse(event.body).lat`: the body parsed in place
    if (e.k === 'call' && this.parseOf(e)) return true;
    if (this.middy && this.isBodyString(e)) return true;
    return false;
  }

  optionalChain(e: Extract<Ex, { k: 'member' }>): boolean {
    return this.text.slice(e.obj.n.end, e.n.end).trimStart().startsWith('?.');
  }

  /** Visits an expression; `guarded`: its value is tested, defaulted or optional. */
  ex(e: Ex | null | undefined, guarded = false, parent?: Ex): void {
    if (!e) return;
    switch (e.k) {
      case 'member': {
        if (this.isBodyObj(e.obj)) {
          if (e.prop === null) { this.closed = false; this.ex(e.index); return; }
          // `body.length`, `body.map(…)` (JS): the body is a list, not an object with such a key
          if (!this.py && (e.prop === 'length' || (ARRAY_METHODS.has(e.prop) && !!parent && parent.k === 'call' && parent.callee === e))) { this.list = true; this.found = true; return; }
          let type: JsonType | undefined;
          const deref = !!parent && parent.k === 'member' && parent.obj === e;
          if (deref) {
            const m = parent.prop ?? '';
            type = STRING_METHODS.has(m) ? 'string' : ARRAY_METHODS.has(m) ? 'array' : m === 'length' ? undefined : 'object';
          }
          // Python `body['x']` raises KeyError without it; JS `body.x` is undefined, which fails only when dereferenced
          const needed = this.py ? e.n.type === 'subscript' : deref && !this.optionalChain(parent as Extract<Ex, { k: 'member' }>);
          this.prop(e.prop, guarded || this.optionalChain(e), type, needed);
          return;
        }
        // the parsed body used whole (middleware-parsed `event.body` passed on)
        if (this.middy && this.isBodyString(e) && !(parent && parent.k === 'member' && parent.obj === e) && !this.echo) this.closed = false;
        if (!this.middy && this.isBodyString(e)) this.rawUse(guarded);
        this.ex(e.obj, false, e);
        this.ex(e.index);
        return;
      }
      case 'call': {
        const c = e.callee;
        if (!this.middy && this.isBodyString(e)) { this.rawUse(guarded); return; }
        // the body parsed in place and used whole (`db.put({ Item: JSON.parse(event.body) })`); a read of
        // one of its properties is a member of this call, handled above
        if (this.parseOf(e)) {
          this.found = true;
          if (!guarded && !this.inLog && !this.echo) this.closed = false;
          else if (this.echo) this.echoed = true;
          return;
        }
        // body.get('x') (Python dict)
        if (c.k === 'member' && this.isBodyObj(c.obj) && (c.prop === 'get' || c.prop === 'pop')) {
          const a = e.args[0]?.v;
          if (a && a.k === 'lit' && typeof a.v === 'string') {
            const d = e.args[1]?.v;
            this.prop(a.v, true, d ? litType(d) : undefined);
            for (const x of e.args.slice(1)) this.ex(x.v);
            return;
          }
          this.closed = false;
          return;
        }
        // `body.map((m) => m.name)`: the callback's first parameter is an item
        if (!this.py && c.k === 'member' && this.isBodyObj(c.obj) && c.prop && ARRAY_METHODS.has(c.prop)) {
          this.list = true;
          this.found = true;
          const cb = e.args[0]?.v;
          if (cb && cb.k === 'fn') { const p = cb.f.params[c.prop === 'reduce' ? 1 : 0]; if (p) this.item(p.p, (w) => w.fn(cb.f)); }
          for (const a of e.args) this.ex(a.v);
          return;
        }
        // `NewsItem(**body)` with a dataclass: its fields are the body's named reads (extra or missing keys raise TypeError)
        const dc = this.py && c.k === 'name' ? this.dataclass(c.id) : undefined;
        if (dc && e.args.some((a) => a.spread === 2 && this.isBodyObj(a.v))) {
          for (const fl of dc.fields) this.prop(fl.name, false, fl.type ? PY_TYPES[fl.type] : undefined, fl.value === undefined);
          for (const a of e.args) if (!(a.spread === 2 && this.isBodyObj(a.v))) this.ex(a.v);
          return;
        }
        // `len(body)`, `Array.isArray(body)`, `isinstance(body, list)`
        if (this.isListTest(e)) { this.list = true; this.found = true; return; }
        if (c.k === 'member' && this.isBodyObj(c.obj) && c.prop === 'hasOwnProperty') {
          const a = e.args[0]?.v;
          if (a && a.k === 'lit' && typeof a.v === 'string') { this.prop(a.v, true); return; }
        }
        this.ex(c, false, e);
        if (isLogCall(e)) {
          this.inLog++;
          for (const a of e.args) this.ex(a.v);
          this.inLog--;
          return;
        }
        // a response: the handler's callback; a JSON serialisation keeps an echo an echo; any other call ends it
        const echo = this.echo;
        if (this.fnDepth === 1 && this.depth === 0 && c.k === 'name' && c.id === this.responder) this.echo++;
        else if (!isSerialisation(e)) this.echo = 0;
        if (!this.check && !this.inLog && isCheckName(calleeName(c)) && e.args.some((a) => this.isBodyObj(a.v))) {
          this.check = { callee: this.text.slice(c.n.start, c.n.end), start: e.n.start, end: e.n.end };
        }
        e.args.forEach((a, i) => {
          // the body handed to a function the resolver finds: its reads are the body's
          if (a.v.k === 'name' && this.bodyVars.has(a.v.id) && (isLogCall(e) || this.follow(c, i))) return; // logged, or read there
          // the event handed to one (`put_book(event)`): the body it parses there is this request's
          if (a.v.k === 'name' && a.v.id === this.eventName && this.follow(c, i, true)) return;
          // Python keyword arguments (`sns.publish(Message=event['body'])`)
          if (a.name) this.slot(a.name, a.v);
          else this.ex(a.v);
        });
        this.echo = echo;
        return;
      }
      case 'name':
        if (this.bodyVars.has(e.id) && this.echo && !this.inLog) this.echoed = true;
        if (this.bodyVars.has(e.id) && !guarded && !this.inLog && !this.echo) this.closed = false;
        if (this.strVars.has(e.id)) this.rawUse(guarded);
        return;
      case 'logic':
        this.ex(e.l, true, e);
        this.ex(e.r, guarded, e);
        return;
      case 'cond':
        this.ex(e.test, true, e);
        this.ex(e.a, guarded, e);
        this.ex(e.b, guarded, e);
        return;
      case 'unary':
        this.ex(e.x, e.op === '!' || e.op === 'not' || e.op === 'typeof' || guarded, e);
        return;
      case 'bin': {
        // 'x' in body
        if ((e.op === 'in' || e.op === 'not in') && this.isBodyObj(e.r) && e.l.k === 'lit' && typeof e.l.v === 'string') { this.prop(e.l.v, true); return; }
        const cmp = e.op === '===' || e.op === '==' || e.op === '!==' || e.op === '!=';
        if (cmp) {
          for (const [x, y] of [[e.l, e.r], [e.r, e.l]] as const) {
            if (x.k === 'member' && x.prop && this.isBodyObj(x.obj)) {
              const t = litType(y);
              if (t && y.k === 'lit' && y.v !== null) { this.prop(x.prop, guarded, t); this.ex(y); return; }
            }
          }
        }
        this.ex(e.l, guarded && cmp, e);
        this.ex(e.r, guarded && cmp, e);
        return;
      }
      case 'tmpl': for (const p of e.parts) this.ex(p.e); this.ex(e.tag); return;
      case 'obj':
        for (const p of e.props) {
          if (p.spread && this.isBodyObj(p.v)) { if (!this.echo) this.closed = false; else this.echoed = true; continue; }
          this.ex(p.keyEx);
          this.slot(p.key, p.v);
        }
        return;
      case 'arr': for (const i of e.items) this.ex(i.v); return;
      case 'fn': this.fn(e.f); return;
      case 'assign':
        if (!this.assign(e.p, e.v)) { this.pat(e.p); this.ex(e.v); }
        return;
      case 'seq': case 'other': for (const x of e.xs) this.ex(x); return;
      case 'comp':
        for (const g of e.gens) {
          // `[x['sku'] for x in body]`: the generator's target is an item
          if (this.isBodyObj(g.iter)) { this.list = true; this.found = true; this.item(g.p, (w) => { for (const i of g.ifs) w.ex(i, true); w.ex(e.elt); w.ex(e.val); }); continue; }
          this.ex(g.iter);
          for (const i of g.ifs) this.ex(i, true);
        }
        this.ex(e.elt); this.ex(e.val);
        return;
      case 'await': this.ex(e.x, guarded, parent); return;
      default: return;
    }
  }

  /**
   * Reads of the body inside the function it is passed to; false when that function is not found.
   * With `event`, the event is passed: the function's parameter is the event, and what it parses of
   * its body counts only when it does (else the call reads nothing of the body here).
   */
  follow(callee: Ex, index: number, event = false): boolean {
    if (!this.resolve || this.depth >= MAX_FOLLOW) return false;
    const r = this.resolve(callee, index);
    if (!r) return false;
    const w = new Walker(r.text, event ? r.param : null, r.py);
    w.resolve = this.resolve;
    w.depth = this.depth + 1;
    w.middy = this.middy;
    if (r.text === this.text) w.mod = this.mod;
    if (!event) w.bodyVars.add(r.param);
    w.fn(r.f);
    if (event && !w.found) return false;
    this.found = true;
    if (w.optionalAll) this.optionalAll = true;
    if (!w.closed) this.closed = false;
    if (w.list) { this.list = true; this.items.push(...w.items); }
    if (w.check && !this.check && w.text === this.text) this.check = w.check;
    for (const [name, a] of w.props) {
      let b = this.props.get(name);
      if (!b) this.props.set(name, (b = { guarded: false, plain: false, needed: false }));
      b.guarded ||= a.guarded;
      b.plain ||= a.plain;
      b.needed ||= a.needed;
      b.type ??= a.type;
    }
    return true;
  }

  /** Reads of one item of a list body: `p` bound to an item, `walk` over the code that sees it. */
  item(p: Pat, walk: (w: Walker) => void): void {
    const w = new Walker(this.text, null, this.py);
    w.resolve = this.resolve;
    w.mod = this.mod;
    w.depth = this.depth;
    w.fnDepth = this.fnDepth;
    w.bindPattern(p, false);
    walk(w);
    this.items.push(w);
  }

  /** A top-level class of the handler's module decorated `@dataclass` / `@dataclasses.dataclass(…)`. */
  dataclass(name: string): ClassIR | undefined {
    for (const st of this.mod?.body ?? []) {
      if (st.k !== 'class' || st.c.name !== name) continue;
      const isDc = st.c.decorators.some((d) => {
        const x = d.k === 'call' ? d.callee : d;
        return (x.k === 'name' && x.id === 'dataclass') || (x.k === 'member' && x.prop === 'dataclass');
      });
      return isDc ? st.c : undefined;
    }
    return undefined;
  }

  /** `len(body)` (Python), `Array.isArray(body)`, `isinstance(body, list)`. */
  isListTest(c: Extract<Ex, { k: 'call' }>): boolean {
    const a0 = c.args[0]?.v;
    if (!a0 || !this.isBodyObj(a0)) return false;
    const cal = c.callee;
    if (this.py && cal.k === 'name' && cal.id === 'len') return true;
    if (this.py && cal.k === 'name' && cal.id === 'isinstance') { const t = c.args[1]?.v; return !!t && t.k === 'name' && t.id === 'list'; }
    return !this.py && cal.k === 'member' && cal.obj.k === 'name' && cal.obj.id === 'Array' && cal.prop === 'isArray';
  }

  pat(p: Pat): void {
    if (p.k === 'pmember') { this.ex(p.obj); this.ex(p.index); }
    else if (p.k === 'pdefault') { this.pat(p.p); this.ex(p.dflt); }
    else if (p.k === 'pobj') { for (const q of p.props) { this.ex(q.keyEx); this.pat(q.v); } }
    else if (p.k === 'parr') for (const q of p.items) if (q) this.pat(q);
  }

  fn(f: FuncIR): void {
    this.fnDepth++;
    this.sts(f.body);
    this.fnDepth--;
  }

  /** A property value or keyword argument: the raw body under an opaque key is forwarded as it came. */
  slot(key: string | null, v: Ex): void {
    if (key !== null && OPAQUE_KEYS.has(key) && !this.middy && this.isBodyString(v)) { this.rawForward++; return; }
    this.ex(v);
  }

  /** A use of the raw body string: forwarded under an opaque key, tested, logged or echoed, or anything else. */
  rawUse(guarded: boolean): void {
    if (!guarded && !this.inLog && !this.echo) this.rawOther++;
  }

  sts(body: St[]): void {
    for (const s of body) this.st(s);
  }

  st(s: St): void {
    switch (s.k) {
      case 'expr': this.ex(s.x); return;
      case 'assign': if (!this.assign(s.p, s.v)) { this.pat(s.p); this.ex(s.v); } return;
      case 'if': this.ex(s.test, true); this.sts(s.then); if (s.else) this.sts(s.else); return;
      case 'switch': this.ex(s.disc); for (const c of s.cases) { for (const t of c.tests) this.ex(t); this.sts(c.body); } return;
      case 'return':
        // the handler's response (not a nested callback's return, not a followed helper's)
        if (this.fnDepth === 1 && this.depth === 0) { this.echo++; this.ex(s.x); this.echo--; }
        else this.ex(s.x);
        return;
      case 'throw': this.ex(s.x); return;
      case 'loop':
        this.sts(s.init); this.ex(s.test, true); this.ex(s.update);
        if (s.each) {
          const each = s.each;
          // `for (const m of body)` / Python `for m in body`: a list of items (JS `for … in` walks an object's keys)
          if (this.isBodyObj(each.iter) && (this.py || each.of === 'of')) { this.list = true; this.found = true; this.item(each.p, (w) => w.sts(s.body)); }
          else if (this.isBodyObj(each.iter)) this.closed = false;
          else this.ex(each.iter);
        }
        this.sts(s.body); if (s.orelse) this.sts(s.orelse);
        return;
      case 'block': this.sts(s.body); return;
      case 'try': this.sts(s.body); for (const h of s.handlers) this.sts(h.body); if (s.orelse) this.sts(s.orelse); if (s.fin) this.sts(s.fin); return;
      case 'func': this.fn(s.f); return;
      case 'with': for (const i of s.items) this.ex(i.v); this.sts(s.body); return;
      case 'assert': this.ex(s.test, true); return;
      default: return;
    }
  }
}

/** The request body's shape as read by the handler `f`; undefined when the handler does not read a parsed body. */
export function requestBodyShape(f: FuncIR, text: string, py: boolean, resolve?: BodyCallResolver, mod?: ModuleIR): BodyShape | undefined {
  const eventName = f.params[0]?.name ?? null;
  let w = new Walker(text, eventName, py);
  w.resolve = resolve;
  w.mod = mod;
  w.responder = f.params[2]?.name ?? null;
  w.fn(f);
  // the raw body string, never parsed, forwarded only as a message or object body
  if (!w.found && w.rawForward > 0 && w.rawOther === 0) return { props: [], closed: false, opaque: true };
  if (!w.found) {
    w = new Walker(text, eventName, py);
    w.resolve = resolve;
    w.mod = mod;
    w.responder = f.params[2]?.name ?? null;
    w.middy = true;
    w.fn(f);
  }
  if (!w.found) return undefined;
  const propsOf = (x: Walker, optional: boolean): BodyProp[] => [...x.props].map(([name, a]) => ({ name, ...(a.type ? { type: a.type } : {}), required: !optional && a.needed && !a.guarded }));
  const props = propsOf(w, w.optionalAll);
  const check = w.check ? { check: w.check } : {};
  // parsed and only echoed back to its sender: nothing of it is stored or passed on
  if (!w.list && w.closed && props.length === 0 && w.echoed) return { props, closed: true, echoOnly: true, ...check };
  if (!w.list) return { props, closed: w.closed && props.length > 0, ...check, ...(w.echoed ? { echoed: true } : {}) };
  // a list body: its items' reads, merged over every loop / callback that sees an item
  if (props.length > 0) return { props, closed: false, mixed: true, ...check };
  const merged = new Walker(text, null, py);
  let itemsClosed = w.closed && w.items.length > 0;
  for (const it of w.items) {
    if (!it.closed || !it.found) itemsClosed = false;
    for (const [name, a] of it.props) {
      const b = merged.props.get(name);
      if (!b) merged.props.set(name, { ...a });
      else { b.guarded ||= a.guarded; b.plain ||= a.plain; b.needed ||= a.needed; b.type ??= a.type; }
    }
  }
  const itemProps = propsOf(merged, w.optionalAll || w.items.some((it) => it.optionalAll));
  return { props: [], closed: false, items: { props: itemProps, closed: itemsClosed && itemProps.length > 0 }, ...check };
}

// ---------------------------------------------------------------------------------------------
// Does the handler read the body at all, and as what?

/**
 * How the handler uses the request body:
 * - `none`: the event is only read for other fields (`queryStringParameters`, `pathParameters`,
 *   `headers`…) or logged whole (`console.log`, `print`, `logger.info`): the body is never read.
 * - `binary`: the body is base64-decoded (`Buffer.from(body, 'base64')`, `base64.b64decode(body)`,
 *   `atob`) and nothing in the handler parses JSON: not a JSON body a model can describe.
 * - `read`: the body is read (parsed or used whole).
 * - `unknown`: the event goes somewhere the walk does not follow (a helper, a middleware, a
 *   computed key), or the function is a handler factory whose first parameter is something else
 *   (`metricScope((m) => async (event) => …)`: it returns a function): assume the body is read.
 *   A handler whose event parameter is never used at all reads no body (`none`).
 */
export type BodyUse = 'none' | 'binary' | 'read' | 'unknown';

/**
 * Event fields that are the body: `body` (API Gateway proxy event), `json_body` / `decoded_body` /
 * `raw_body` (Powertools for AWS Lambda (Python) `APIGatewayProxyEvent` data class and Chalice's
 * request), `rawBody` (raw-body middlewares).
 */
const BODY_FIELDS = new Set(['body', 'json_body', 'decoded_body', 'raw_body', 'rawBody']);

/**
 * Fields of an API Gateway proxy event (REST v1 and HTTP API v2 payloads, AWS docs "Working with
 * AWS Lambda proxy integrations") and of Powertools' data class (snake_case) that are not the
 * body. Reading any other field (a wrapper's own property) makes the use unknown.
 */
const NON_BODY_FIELDS = new Set([
  'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers', 'multiValueHeaders', 'requestContext', 'httpMethod', 'path',
  'resource', 'stageVariables', 'rawPath', 'rawQueryString', 'routeKey', 'cookies', 'version', 'isBase64Encoded',
  'query_string_parameters', 'multi_value_query_string_parameters', 'path_parameters', 'multi_value_headers', 'request_context', 'http_method', 'stage_variables', 'raw_path', 'raw_query_string', 'route_key', 'is_base64_encoded',
]);

/**
 * Top-level fields of other triggers' events, which an API Gateway request never has: a handler
 * that reads the event only through them is written for that trigger. Sources: AWS Lambda
 * developer guide, "Invoking Lambda with events from other AWS services" (S3, SNS, SQS, DynamoDB
 * Streams and Kinesis put their items in `Records`; EventBridge events carry `detail` and
 * `detail-type`; CloudWatch Logs subscriptions `awslogs`; Cognito user pool triggers `triggerSource`).
 */
const FOREIGN_EVENT_FIELDS: Readonly<Record<string, string>> = {
  Records: 'an S3, SNS, SQS, DynamoDB Streams or Kinesis event',
  detail: 'an EventBridge event',
  'detail-type': 'an EventBridge event',
  awslogs: 'a CloudWatch Logs subscription event',
  triggerSource: 'a Cognito trigger event',
};
const isForeignField = (k: string) => Object.prototype.hasOwnProperty.call(FOREIGN_EVENT_FIELDS, k);

const LOG_OBJECTS = new Set(['console', 'logger', 'log', 'logging', 'LOGGER', 'LOG']);

function isLogCall(c: Extract<Ex, { k: 'call' }>): boolean {
  const cal = c.callee;
  if (cal.k === 'name') return cal.id === 'print';
  return cal.k === 'member' && cal.obj.k === 'name' && LOG_OBJECTS.has(cal.obj.id);
}

class UseWalker {
  read = false;
  binary = false;
  unknown = false;
  /** The event parameter is used at all (a handler factory's first parameter is something else). */
  used = false;
  /** A JSON.parse / json.loads call anywhere: a decoded body may still be JSON. */
  parsesJson = false;
  /** A request field other than the body is read (query string, path, headers…). */
  request = false;
  /** The first other trigger's field read (`Records`, `detail`…). */
  foreign: string | undefined;
  /** Reads `field` of the event: body, another request field, another trigger's field, or unknown. */
  field(k: string): void {
    if (BODY_FIELDS.has(k)) this.read = true;
    else if (NON_BODY_FIELDS.has(k)) this.request = true;
    else if (isForeignField(k)) this.foreign ??= k;
    // a proxy integration's event has no other top-level field: reading one reads no body
    else if (this.opts.proxy) this.request = true;
    else this.unknown = true;
  }
  readonly bodyVars = new Set<string>();
  constructor(readonly ev: string, readonly opts: BodyUseOptions = {}, readonly depth = 0, readonly walking = new Set<FuncIR>()) {}

  /** The event handed to a function of the same module (`describeTable(q, event, cb)`): walk it there. */
  followEvent(c: Extract<Ex, { k: 'call' }>, i: number): boolean {
    const mod = this.opts.module;
    if (!mod || this.depth >= 5 || c.callee.k !== 'name') return false;
    const name = c.callee.id;
    let f: FuncIR | undefined;
    for (const st of mod.body) {
      const d = st.k === 'export' && st.decl ? st.decl : st;
      if (d.k === 'func' && d.f.name === name) f = d.f;
      else if (d.k === 'assign' && d.p.k === 'pname' && d.p.id === name && d.v.k === 'fn') f = d.v.f;
    }
    const p = f?.params[i]?.name;
    if (!f || !p) return false;
    if (this.walking.has(f)) return true; // a recursive call: its reads are being collected
    this.walking.add(f);
    const w = new UseWalker(p, this.opts, this.depth + 1, this.walking);
    w.visit(f.body);
    this.read ||= w.read; this.binary ||= w.binary; this.unknown ||= w.unknown; this.parsesJson ||= w.parsesJson; this.request ||= w.request;
    this.used = true;
    this.foreign ??= w.foreign;
    return true;
  }

  /** `event.body`, `event['body']`, `event.get('body')`, or a variable holding it. */
  isBody(e: Ex): boolean {
    if (e.k === 'name') return this.bodyVars.has(e.id);
    if (e.k === 'member' && e.prop === 'body' && e.obj.k === 'name' && e.obj.id === this.ev) return true;
    if (e.k === 'call' && e.callee.k === 'member' && e.callee.prop === 'get' && e.callee.obj.k === 'name' && e.callee.obj.id === this.ev) {
      const a = e.args[0]?.v;
      return !!a && a.k === 'lit' && a.v === 'body';
    }
    return false;
  }

  /** `Buffer.from(body, 'base64')`, `base64.b64decode(body)`, `atob(body)` and friends. */
  isDecode(c: Extract<Ex, { k: 'call' }>): boolean {
    const a0 = c.args[0]?.v;
    if (!a0 || !this.isBody(a0)) return false;
    const cal = c.callee;
    if (cal.k === 'name') return cal.id === 'atob' || cal.id === 'b64decode';
    if (cal.k !== 'member' || cal.obj.k !== 'name') return false;
    if (cal.obj.id === 'Buffer' && cal.prop === 'from') {
      const a1 = c.args[1]?.v;
      return !!a1 && a1.k === 'lit' && (a1.v === 'base64' || a1.v === 'base64url');
    }
    return cal.obj.id === 'base64' && (cal.prop === 'b64decode' || cal.prop === 'standard_b64decode' || cal.prop === 'urlsafe_b64decode' || cal.prop === 'decodebytes');
  }

  bindFromEvent(p: Pat): void {
    this.used = true;
    if (p.k !== 'pobj') { this.unknown = true; return; }
    if (p.rest) this.unknown = true;
    for (const q of p.props) {
      if (q.key === null) { this.unknown = true; continue; }
      this.field(q.key);
      if (BODY_FIELDS.has(q.key)) { const v = q.v.k === 'pdefault' ? q.v.p : q.v; if (v.k === 'pname') this.bodyVars.add(v.id); }
    }
  }

  visit(x: unknown, depth = 0): void {
    if (!x || typeof x !== 'object' || depth > 500) return;
    if (Array.isArray(x)) { for (const y of x) this.visit(y, depth + 1); return; }
    const o = x as Record<string, unknown>;
    const k = o.k;
    if (k === 'assign' && o.p && o.v) {
      const p = o.p as Pat;
      const v = o.v as Ex;
      if (v.k === 'name' && v.id === this.ev) { this.bindFromEvent(p); return; }
      if (p.k === 'pname' && this.isBody(v)) { this.read = true; this.used = true; this.bodyVars.add(p.id); if (v.k !== 'name') this.visitArgsOf(v, depth); return; }
    }
    if (k === 'call') {
      const c = o as unknown as Extract<Ex, { k: 'call' }>;
      if (isLogCall(c)) return; // logging the event whole reads nothing for the function
      if (this.opts.module && c.args.some((a) => a.v.k === 'name' && a.v.id === this.ev)) {
        let followed = true;
        c.args.forEach((a, i) => { if (a.v.k === 'name' && a.v.id === this.ev) followed = this.followEvent(c, i) && followed; });
        if (followed) { this.visit(c.callee, depth + 1); for (const a of c.args) if (!(a.v.k === 'name' && a.v.id === this.ev)) this.visit(a, depth + 1); return; }
      }
      const cal = c.callee;
      if (cal.k === 'member' && cal.obj.k === 'name' && ((cal.obj.id === 'JSON' && cal.prop === 'parse') || (cal.obj.id === 'json' && cal.prop === 'loads'))) this.parsesJson = true;
      if (this.isDecode(c)) { this.binary = true; this.read = true; this.used = true; for (const a of c.args.slice(1)) this.visit(a, depth + 1); return; }
      // event.get('queryStringParameters') / event.get('body')
      if (cal.k === 'member' && cal.obj.k === 'name' && cal.obj.id === this.ev && cal.prop === 'get') {
        this.used = true;
        const a = c.args[0]?.v;
        if (!a || a.k !== 'lit' || typeof a.v !== 'string') this.unknown = true;
        else this.field(a.v);
        for (const x of c.args.slice(1)) this.visit(x, depth + 1);
        return;
      }
    }
    if (k === 'member') {
      const m = o as unknown as Extract<Ex, { k: 'member' }>;
      if (m.obj.k === 'name' && m.obj.id === this.ev) {
        if (m.prop === null) this.unknown = true;
        else this.field(m.prop);
        this.used = true;
        this.visit(m.index, depth + 1);
        return;
      }
    }
    // the event echoed whole as a value of an object (`{ input: event }` in a response): its body stays an opaque string
    if (k === 'obj' && this.opts.echo) {
      const props = (o as unknown as Extract<Ex, { k: 'obj' }>).props;
      for (const p of props) {
        if (!p.spread && p.v.k === 'name' && p.v.id === this.ev) { this.used = true; this.visit(p.keyEx, depth + 1); continue; }
        this.visit(p, depth + 1);
      }
      return;
    }
    if (k === 'name' && o.id === this.ev) { this.unknown = true; this.used = true; return; }
    forEachIrChild(o, (c) => this.visit(c, depth + 1));
  }

  /** The parts of a body expression other than the event itself (`event.get('body', '{}')` defaults). */
  visitArgsOf(v: Ex, depth: number): void {
    if (v.k === 'call') for (const a of v.args.slice(1)) this.visit(a, depth + 1);
  }
}

/**
 * Options of `requestBodyUse`: `module`, the handler's module, whose functions the event is
 * followed into; `proxy`, the route is a Lambda proxy integration (its event has only the
 * request's fields, so another top-level field is no body); `echo`, the event placed whole in an
 * object (echoed in a response) reads no body field.
 */
export interface BodyUseOptions {
  module?: ModuleIR;
  proxy?: boolean;
  echo?: boolean;
}

/** How the handler `f` uses the request body (see `BodyUse`). */
export function requestBodyUse(f: FuncIR, opts: BodyUseOptions = {}): BodyUse {
  const p0 = f.params[0];
  if (!p0) return 'none';
  const w = new UseWalker(p0.name ?? '\u0000', opts);
  if (!p0.name) w.bindFromEvent(p0.p); // `({ queryStringParameters, body }) => …`
  w.visit(f.body);
  w.visit(f.decorators);
  if (w.binary && !w.parsesJson) return 'binary';
  // an event parameter never used: the handler reads no body, unless it is a factory (returns a function)
  if (!w.used) return returnsFunction(f) ? 'unknown' : 'none';
  if (w.unknown) return 'unknown';
  return w.read ? 'read' : 'none';
}

// ---------------------------------------------------------------------------------------------
// Does the handler read the request at all?

/**
 * How the handler uses the API request:
 * - `unused`: it never reads the event (nor logs more than it whole): every caller gets the same;
 * - `foreign`: it reads the event only as another trigger's (`event.Records`…, FOREIGN_EVENT_FIELDS),
 *   which a request does not have;
 * - `request`: it reads the request (body, query string, path, headers…), or the event goes where
 *   the walk does not follow, or the function is a handler factory (returns a function).
 */
export type RequestUse = { kind: 'unused' } | { kind: 'foreign'; field: string; trigger: string } | { kind: 'request' };

/** The handler returns a function (a factory: its first parameter is not the event). */
function returnsFunction(f: FuncIR): boolean {
  return f.body.some((s) => s.k === 'return' && !!s.x && s.x.k === 'fn');
}

export function requestUse(f: FuncIR): RequestUse {
  const p0 = f.params[0];
  if (!p0) return returnsFunction(f) ? { kind: 'request' } : { kind: 'unused' };
  const w = new UseWalker(p0.name ?? '\u0000');
  if (!p0.name) w.bindFromEvent(p0.p);
  w.visit(f.body);
  w.visit(f.decorators);
  if (w.unknown || w.read || w.request) return { kind: 'request' };
  if (!w.used) return returnsFunction(f) ? { kind: 'request' } : { kind: 'unused' };
  if (w.foreign) return { kind: 'foreign', field: w.foreign, trigger: FOREIGN_EVENT_FIELDS[w.foreign] };
  return { kind: 'request' };
}
