/**
 * The per-module state of the SDK call analysis (`Mod`): scopes and the names bound in them, the
 * flow-insensitive value evaluation (what an expression holds: an SDK module or class, a client, a
 * boto3 resource, a local function, an environment variable, a string), returned values of local
 * functions, and the clients built here with or without explicit credentials. What a construction or
 * a call produces (clients, boto3 resources, sessions) is `sdk-receivers.ts`; the passes over a
 * module live apart: `sdk-bind.ts` (binding), `sdk-units.ts` (units and exports),
 * `sdk-call-forms.ts` (the SDK call forms); `sdk-index.ts` indexes the nodes they walk.
 */
import { child, walk, type SNode } from '../code/syntax';
import type { ParsedCode } from '../code/parser';
import type { Span } from '../types';
import type { ModuleGraph } from './handler-calls';
import { boto3Collection } from './data/boto3-resources';
import { bindPass } from './sdk-bind';
import { collectCalls } from './sdk-call-forms';
import { indexOf } from './sdk-index';
import { callResult, newResult } from './sdk-receivers';
import { JS_FUNCS, JS_SCOPES, PY_FUNCS, PY_SCOPES, isPascal, jsStringValue, named, pyStringValue } from './sdk-syntax';
import type { ResourceRef, SdkCall, UnknownUse } from './sdk-types';
import { collectUnits } from './sdk-units';
import { MAX_EVAL_DEPTH, addVals, normExt, type Val } from './sdk-values';

// ---------------------------------------------------------------------------------------------
// Module analysis

interface Scope {
  node: SNode;
  vars: Map<string, Val[]>;
  /** Python `global x` names (assignments bind in the module scope). */
  globals?: Set<string>;
}

interface Unit {
  /** Region of the unit (declaration, declarator, statement). */
  node: SNode;
  /** Runs when the module loads (init code). */
  init: boolean;
}

export class Mod {
  readonly lang: 'js' | 'py';
  readonly root: SNode;
  readonly scopes = new Map<SNode, Scope>();
  /** `this.x` / `self.x` / class fields, module-wide. */
  readonly props = new Map<string, Val[]>();
  /** Top-level names → their regions. */
  readonly units = new Map<string, Unit[]>();
  /** Init regions (top-level code that runs on import). */
  readonly init: SNode[] = [];
  /** JS export name → local name, a node holding the value, or a re-export. */
  readonly exportsMap = new Map<string, { local?: string; node?: SNode; reexport?: { spec: string; name: string } }>();
  /** `module.exports = X` (not an object literal). */
  moduleExportsNode?: SNode;
  /** `export * from './x'`. */
  readonly starReexports: string[] = [];
  /** Python: names used in decorators → the decorated definitions (routes registered on an app object). */
  readonly decorated = new Map<string, SNode[]>();
  readonly calls: SdkCall[] = [];
  readonly unknown: UnknownUse[] = [];
  /** Per service: clients built here with explicit credentials / with the default (execution-role) chain. */
  readonly clientCreds = new Map<string, { explicit: boolean; role: boolean }>();
  /** Local module imports (resolved path) and whether each resolved. */
  readonly localImports: { spec: string; path?: string; range: Span }[] = [];
  readonly complete: boolean;
  readonly parsed: ParsedCode;
  /** Per local function, per parameter: the argument nodes its callers pass (`sdk-bind.ts`). */
  readonly paramSites = new Map<SNode, Map<string, { mod: Mod; node: SNode }[]>>();
  private readonly returnCache = new Map<SNode, Val[]>();
  private readonly returnBusy = new Set<SNode>();

  constructor(
    readonly path: string,
    readonly text: string,
    parsed: ParsedCode,
    readonly graph: ModuleGraph,
  ) {
    this.lang = parsed.lang === 'python' ? 'py' : 'js';
    this.parsed = parsed;
    this.root = parsed.root!;
    this.complete = !this.root.err;
    const ix = indexOf(this.root, this.lang);
    this.bindNodes = ix.bindNodes;
    this.callNodes = ix.callNodes;
    this.idents = ix.idents;
  }

  /** Nodes that bind names (declarations, assignments, imports, functions, calls passing arguments). */
  readonly bindNodes: readonly SNode[];
  /** Calls, `new` expressions and imports, in document order. */
  readonly callNodes: readonly SNode[];
  /** Identifier-like nodes in document order (for reachability). */
  readonly idents: readonly SNode[];
  private readonly scopeCache = new Map<SNode, Scope>();

  // --- scopes ---------------------------------------------------------------------------------

  private isScopeNode(n: SNode): boolean {
    return (this.lang === 'js' ? JS_SCOPES : PY_SCOPES).has(n.type);
  }

  scopeOf(n: SNode): Scope {
    const hit = this.scopeCache.get(n);
    if (hit) return hit;
    let cur: SNode | null = n.parent;
    while (cur && !this.isScopeNode(cur)) cur = cur.parent;
    const node = cur ?? this.root;
    let s = this.scopes.get(node);
    if (!s) this.scopes.set(node, (s = { node, vars: new Map() }));
    this.scopeCache.set(n, s);
    return s;
  }

  private parentScope(s: Scope): Scope | undefined {
    if (s.node === this.root) return undefined;
    return this.scopeOf(s.node);
  }

  lookup(name: string, at: SNode): Val[] | undefined {
    let s: Scope | undefined = this.scopeOf(at);
    while (s) {
      const v = s.vars.get(name);
      if (v) return v;
      s = this.parentScope(s);
    }
    return undefined;
  }

  /** Binds `name` (declared at `at`) in its scope; Python honours `global`. */
  bind(name: string, at: SNode, vals: readonly Val[], declare = true): boolean {
    let s = this.scopeOf(at);
    if (this.lang === 'py' && s.globals?.has(name)) s = this.rootScope();
    if (!declare) {
      // JS assignment: bind where the name is declared (else module scope).
      let cur: Scope | undefined = s;
      while (cur && !cur.vars.has(name)) cur = this.parentScope(cur);
      s = cur ?? this.rootScope();
    }
    let list = s.vars.get(name);
    if (!list) s.vars.set(name, (list = []));
    return addVals(list, vals);
  }

  rootScope(): Scope {
    let s = this.scopes.get(this.root);
    if (!s) this.scopes.set(this.root, (s = { node: this.root, vars: new Map() }));
    return s;
  }

  bindProp(name: string, vals: readonly Val[]): boolean {
    let list = this.props.get(name);
    if (!list) this.props.set(name, (list = []));
    return addVals(list, vals);
  }

  t(n: SNode): string {
    return this.text.slice(n.start, n.end);
  }

  str(n: SNode): string | undefined {
    return this.lang === 'js' ? jsStringValue(n, this.text) : pyStringValue(n, this.text);
  }

  // --- evaluation -----------------------------------------------------------------------------

  ev(n: SNode | undefined, depth = 0): Val[] {
    if (!n || depth > MAX_EVAL_DEPTH) return [];
    return this.lang === 'js' ? this.evJs(n, depth) : this.evPy(n, depth);
  }

  private evIdent(name: string, at: SNode): Val[] {
    const v = this.lookup(name, at);
    if (v) return v;
    if (this.lang === 'js' && name === 'process') return [{ k: 'ext', spec: 'process', path: [] }];
    if (this.lang === 'py' && (name === 'self' || name === 'cls')) return [{ k: 'this' }];
    return [];
  }

  private evJs(n: SNode, depth: number): Val[] {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.evIdent(this.t(n), n);
      case 'this':
        return [{ k: 'this' }];
      case 'string':
      case 'template_string': {
        const s = this.str(n);
        return s === undefined ? [] : [{ k: 'str', value: s }];
      }
      case 'member_expression': {
        const obj = child(n, 'object');
        const prop = child(n, 'property');
        if (!obj || !prop) return [];
        return this.members(this.ev(obj, depth + 1), this.t(prop), depth);
      }
      case 'subscript_expression': {
        const obj = child(n, 'object');
        const idx = child(n, 'index');
        if (!obj || !idx) return [];
        return this.subscript(obj, idx, depth);
      }
      case 'call_expression': {
        const fn = child(n, 'function');
        const args = child(n, 'arguments');
        if (!fn) return [];
        if (fn.type === 'identifier' && this.t(fn) === 'require' && args) {
          const a0 = named(args)[0];
          const spec = a0 ? this.str(a0) : undefined;
          return spec !== undefined ? [this.importVal(spec, undefined, n)] : [];
        }
        if (fn.type === 'import') {
          const a0 = args ? named(args)[0] : undefined;
          const spec = a0 ? this.str(a0) : undefined;
          return spec !== undefined ? [this.importVal(spec, undefined, n)] : [];
        }
        return callResult(this, this.ev(fn, depth + 1), args ? named(args) : [], depth);
      }
      case 'new_expression': {
        return newResult(this, this.ev(child(n, 'constructor'), depth + 1));
      }
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion': {
        const inner = named(n).find((c) => !c.type.includes('type'));
        return this.ev(inner, depth + 1);
      }
      case 'binary_expression': {
        const op = n.children.find((c) => !c.named)?.type;
        if (op !== '||' && op !== '??' && op !== '&&') return [];
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'left'), depth + 1));
        addVals(out, this.ev(child(n, 'right'), depth + 1));
        return out;
      }
      case 'ternary_expression': {
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'consequence'), depth + 1));
        addVals(out, this.ev(child(n, 'alternative'), depth + 1));
        return out;
      }
      case 'assignment_expression':
        return this.ev(child(n, 'right'), depth + 1);
      case 'sequence_expression': {
        const ns = named(n);
        return this.ev(ns[ns.length - 1], depth + 1);
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return [{ k: 'fn', node: n, mod: this }];
      case 'class':
        return [{ k: 'cls', node: n, mod: this }];
      case 'object':
        return [{ k: 'obj', node: n, mod: this }];
      default:
        return [];
    }
  }

  private evPy(n: SNode, depth: number): Val[] {
    switch (n.type) {
      case 'identifier':
        return this.evIdent(this.t(n), n);
      case 'string':
      case 'concatenated_string': {
        const s = this.str(n);
        return s === undefined ? [] : [{ k: 'str', value: s }];
      }
      case 'attribute': {
        const obj = child(n, 'object');
        const attr = child(n, 'attribute');
        if (!obj || !attr) return [];
        return this.members(this.ev(obj, depth + 1), this.t(attr), depth);
      }
      case 'subscript': {
        const obj = child(n, 'value');
        const idx = child(n, 'subscript');
        if (!obj || !idx) return [];
        return this.subscript(obj, idx, depth);
      }
      case 'call': {
        const fn = child(n, 'function');
        const args = child(n, 'arguments');
        if (!fn) return [];
        if (fn.type === 'identifier' && this.t(fn) === 'getattr' && args) {
          const [o, name] = named(args);
          const key = name ? this.str(name) : undefined;
          if (o && key !== undefined) return this.members(this.ev(o, depth + 1), key, depth);
          return [];
        }
        return callResult(this, this.ev(fn, depth + 1), args ? named(args) : [], depth);
      }
      case 'await':
      case 'parenthesized_expression':
        return this.ev(named(n)[0], depth + 1);
      case 'boolean_operator': {
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'left'), depth + 1));
        addVals(out, this.ev(child(n, 'right'), depth + 1));
        return out;
      }
      case 'conditional_expression': {
        const ns = named(n);
        const out: Val[] = [];
        addVals(out, this.ev(ns[0], depth + 1));
        addVals(out, this.ev(ns[2], depth + 1));
        return out;
      }
      case 'lambda':
        return [{ k: 'fn', node: n, mod: this }];
      case 'dictionary':
        return [{ k: 'obj', node: n, mod: this }];
      case 'named_expression':
        return this.ev(child(n, 'value'), depth + 1);
      default:
        return [];
    }
  }

  /**
   * `obj[key]`: the member each string the key holds names (a literal, or a name bound to strings:
   * `clients[name]` / `AWS[svc]` in a factory its callers pass the service to), plus what the
   * code stores under computed keys of that container (`_clients[service] = boto3.client(service)`).
   */
  private subscript(obj: SNode, idx: SNode, depth: number): Val[] {
    const out: Val[] = [];
    const objs = this.ev(obj, depth + 1);
    for (const key of this.keyStrings(idx, depth)) {
      for (const v of objs) addVals(out, v.k === 'envobj' && this.lang === 'py' ? [{ k: 'env', name: key }] : this.members([v], key, depth));
    }
    const held = elementsName(this, obj);
    if (held) addVals(out, this.lookup(held, obj) ?? []);
    return out;
  }

  /** The strings a subscript key may be: its literal, else the strings its value is bound to. */
  keyStrings(idx: SNode, depth = 0): string[] {
    const lit = this.str(idx);
    if (lit !== undefined) return [lit];
    const out: string[] = [];
    for (const v of this.ev(idx, depth + 1)) if (v.k === 'str') out.push(v.value);
    return out;
  }

  /** Records that a caller passes `node` (in `from`) as parameter `name` of local function `fn`. */
  recordParamSite(fn: SNode, name: string, from: Mod, node: SNode): void {
    let byName = this.paramSites.get(fn);
    if (!byName) this.paramSites.set(fn, (byName = new Map()));
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    if (!list.some((x) => x.node === node && x.mod === from)) list.push({ mod: from, node });
  }

  /**
   * The string an expression names (a service name, a key) may be one we cannot see: it holds no
   * string, or it is a parameter some caller passes something else to (`_get(event['svc'])`
   * beside `_get('s3')`), through callers' parameters in turn. Read after the binding fixpoint.
   */
  openName(n: SNode, depth = 0): boolean {
    if (this.str(n) !== undefined) return false;
    if (depth > 6) return true;
    if (!this.ev(n).some((v) => v.k === 'str')) return true;
    if (n.type !== 'identifier') return false;
    const name = this.t(n);
    let s: Scope | undefined = this.scopeOf(n);
    while (s && !s.vars.has(name)) s = this.parentScope(s);
    const sites = s ? this.paramSites.get(s.node)?.get(name) : undefined;
    if (!sites) return false;
    // a caller's module analysed again since it recorded the site is no longer the graph's
    return sites.some((x) => this.graph.get(x.mod.path) === x.mod && x.mod.openName(x.node, depth + 1));
  }

  /** Binds what is stored under a key of container `obj` (`cache[k] = v`), in the container's scope. */
  bindElement(obj: SNode, vals: readonly Val[]): boolean {
    const held = elementsName(this, obj);
    if (!held || !vals.length) return false;
    let s: Scope | undefined = this.scopeOf(obj);
    const name = this.t(obj);
    while (s && !s.vars.has(name) && !s.vars.has(held)) s = this.parentScope(s);
    s ??= this.rootScope();
    let list = s.vars.get(held);
    if (!list) s.vars.set(held, (list = []));
    return addVals(list, vals);
  }

  importVal(spec: string, name: string | undefined, at: SNode): Val {
    if (this.isLocalSpec(spec)) {
      const path = this.graph.resolve(this, spec);
      if (path) return { k: 'local', path, name, from: this };
      return { k: 'dyn', why: `unresolved import ${spec}` };
    }
    void at;
    return normExt({ k: 'ext', spec, path: name === undefined ? [] : [name] });
  }

  isLocalSpec(spec: string): boolean {
    if (this.lang === 'js') return spec.startsWith('./') || spec.startsWith('../');
    if (spec.startsWith('.')) return true;
    return this.graph.resolvePyAbsolute(this, spec) !== undefined;
  }

  /** Reading `prop` from each value. */
  members(objs: readonly Val[], prop: string, depth: number): Val[] {
    const out: Val[] = [];
    for (const o of objs) addVals(out, this.member(o, prop, depth));
    return out;
  }

  private member(o: Val, prop: string, depth: number): Val[] {
    switch (o.k) {
      case 'ext': {
        if (o.spec === 'process' && o.path.length === 0 && prop === 'env') return [{ k: 'envobj' }];
        if (o.spec === 'os' && o.path.length === 0 && prop === 'environ') return [{ k: 'envobj' }];
        if (o.path.length >= 4) return [];
        return [normExt({ k: 'ext', spec: o.spec, path: [...o.path, prop] })];
      }
      case 'envobj':
        if (this.lang === 'py') return [{ k: 'method', recv: o, name: prop }];
        return [{ k: 'env', name: prop }];
      case 'this':
        return this.props.get(prop) ?? [];
      case 'inst':
        return [...(o.mod.props.get(prop) ?? []), ...o.mod.classMethod(o.cls, prop)];
      case 'client':
        return [{ k: 'method', recv: o, name: prop }];
      case 'res':
        if (prop === 'meta') return [{ k: 'method', recv: o, name: 'meta' }];
        return [{ k: 'method', recv: o, name: prop }];
      case 'session':
        return [{ k: 'method', recv: o, name: prop }];
      case 'method': {
        // `resource.meta.client`, `bucket.objects.all`
        if (o.name === 'meta' && o.recv.k === 'res' && prop === 'client') return [{ k: 'client', svc: o.recv.svc, style: 'boto3' }];
        if (o.recv.k === 'res' && !isPascal(o.name) && boto3Collection(o.recv.svc, o.name)) {
          return [{ k: 'method', recv: { k: 'res', svc: o.recv.svc, type: `coll:${o.name}`, resource: o.recv.resource }, name: prop }];
        }
        if (o.recv.k === 'ext') return [{ k: 'ext', spec: o.recv.spec, path: [...o.recv.path, o.name, prop] }];
        return [];
      }
      case 'local':
        // A named or default import (`import DB from './db'`, `import { DB } from './db'`) is that export's
        // value: its member is the value's (a static method of an exported class). A whole-module import
        // (`import * as m`, `require('./m')`) is the namespace: its member is the export of that name.
        if (o.name !== undefined) return this.members(this.graph.localValue(o, depth + 1), prop, depth + 1);
        return this.graph.exportValue(o, prop, depth + 1);
      case 'obj':
        return o.mod.objProp(o.node, prop, depth + 1);
      case 'cls':
        return [...(o.mod.props.get(prop) ?? []), ...o.mod.classMethod(o.node, prop)];
      default:
        return [];
    }
  }

  /** A method of a local class, as a function value. */
  classMethod(cls: SNode, name: string): Val[] {
    const body = child(cls, 'body');
    if (!body) return [];
    for (let m of named(body)) {
      if (m.type === 'decorated_definition') m = child(m, 'definition') ?? m;
      if (m.type !== 'method_definition' && m.type !== 'function_definition') continue;
      const nm = child(m, 'name');
      if (nm && this.t(nm) === name) return [{ k: 'fn', node: m, mod: this }];
    }
    return [];
  }

  objProp(node: SNode, prop: string, depth: number): Val[] {
    for (const p of named(node)) {
      if (this.lang === 'js') {
        if (p.type === 'pair') {
          const k = child(p, 'key');
          const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
          if (key === prop) return this.ev(child(p, 'value'), depth + 1);
        } else if (p.type === 'shorthand_property_identifier' && this.t(p) === prop) {
          return this.evIdent(prop, p);
        }
      } else if (p.type === 'pair') {
        const k = child(p, 'key');
        if (k && this.str(k) === prop) return this.ev(child(p, 'value'), depth + 1);
      }
    }
    return [];
  }

  /** The property value node of an object literal / dict (`TableName: x`), if written literally. */
  objPropNode(node: SNode, prop: string): SNode | undefined {
    for (const p of named(node)) {
      if (this.lang === 'js') {
        if (p.type === 'pair') {
          const k = child(p, 'key');
          const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
          if (key === prop) return child(p, 'value');
        } else if (p.type === 'shorthand_property_identifier' && this.t(p) === prop) return p;
      } else if (p.type === 'pair') {
        const k = child(p, 'key');
        if (k && this.str(k) === prop) return child(p, 'value');
      }
    }
    return undefined;
  }

  /** A literal or an environment variable, when the expression is one (through bindings). */
  resourceOf(n: SNode, depth = 0): ResourceRef | undefined {
    const vals = this.ev(n, depth + 1).filter((v) => v.k === 'str' || v.k === 'env');
    if (vals.length !== 1) return undefined;
    const v = vals[0];
    return v.k === 'str' ? { kind: 'literal', text: v.value } : v.k === 'env' ? { kind: 'env', name: v.name } : undefined;
  }

  /** Values a local function returns (cached; recursion returns nothing). */
  returnValues(fn: SNode, depth: number): Val[] {
    const hit = this.returnCache.get(fn);
    if (hit) return hit;
    if (this.returnBusy.has(fn) || depth > MAX_EVAL_DEPTH) return [];
    this.returnBusy.add(fn);
    const out: Val[] = [];
    const body = child(fn, 'body');
    if (body && this.lang === 'js' && fn.type === 'arrow_function' && body.type !== 'statement_block') addVals(out, this.ev(body, depth + 1));
    else if (body && this.lang === 'py' && fn.type === 'lambda') addVals(out, this.ev(body, depth + 1));
    else if (body) {
      const funcs = this.lang === 'js' ? JS_FUNCS : PY_FUNCS;
      walk(body, (x) => {
        if (x !== body && (funcs.has(x.type) || x.type === 'class_declaration' || x.type === 'class_definition')) return false;
        if (x.type === 'return_statement') {
          addVals(out, this.ev(named(x)[0], depth + 1));
          return false;
        }
        return undefined;
      });
    }
    this.returnBusy.delete(fn);
    this.returnCache.set(fn, out);
    return out;
  }

  clearReturnCache(): void {
    this.returnCache.clear();
  }

  // --- passes (one module per concern) --------------------------------------------------------

  /** One pass over the module binding names to values; true when anything changed (`sdk-bind.ts`). */
  bindPass(): boolean {
    return bindPass(this);
  }

  /** Top-level units, init code and exports (`sdk-units.ts`). */
  collectUnits(): void {
    collectUnits(this);
  }

  /** The SDK calls and unresolvable uses of this module (`sdk-call-forms.ts`). */
  collectCalls(): void {
    collectCalls(this);
  }
}

/** The pseudo-name the values stored under keys of a container variable are bound to (`cache[]`). */
function elementsName(mod: Mod, obj: SNode): string | undefined {
  return obj.type === 'identifier' ? `${mod.t(obj)}[]` : undefined;
}
