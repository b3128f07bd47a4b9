/**
 * JavaScript / TypeScript / TSX syntax → IR.
 */
import type { SNode } from './syntax';
import { child, childrenOf, decodeEscapes, decodeJsString, firstNamed, hasToken, named } from './syntax';
import type { Arg, ClassField, ClassIR, Ex, FuncIR, ImportName, ModuleIR, ParamIR, Pat, Prop, St, TmplPart } from './ir';

const stmtCache = new WeakMap<SNode, St[]>();

export function lowerJsModule(root: SNode, src: string): ModuleIR {
  const L = new JsLowerer(src);
  return { lang: 'js', body: L.stmts(root.children) };
}

/** Lower one expression node (used by tests and the fix generator). */
export function lowerJsExpr(n: SNode, src: string): Ex {
  return new JsLowerer(src).ex(n);
}

const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

class JsLowerer {
  constructor(private readonly src: string) {}

  private text(n: SNode): string {
    return this.src.slice(n.start, n.end);
  }

  stmts(nodes: SNode[]): St[] {
    const out: St[] = [];
    for (const n of nodes) {
      if (!n.named) continue;
      const cached = stmtCache.get(n);
      if (cached) { for (const s of cached) out.push(s); continue; }
      const r = this.stmt(n);
      stmtCache.set(n, r);
      for (const s of r) out.push(s);
    }
    return out;
  }

  private body(n: SNode | undefined): St[] {
    if (!n) return [];
    if (n.type === 'statement_block') return this.stmts(n.children);
    return this.stmts([n]);
  }

  private stmt(n: SNode): St[] {
    switch (n.type) {
      case 'expression_statement': {
        const e = firstNamed(n);
        if (!e) return [];
        return [this.exprStmt(e, n)];
      }
      case 'lexical_declaration':
      case 'variable_declaration': {
        const kindTok = n.children[0]?.type;
        const decl = kindTok === 'const' ? 'const' : kindTok === 'let' ? 'let' : 'var';
        const out: St[] = [];
        for (const d of n.children) {
          if (d.type !== 'variable_declarator') continue;
          const nameN = child(d, 'name');
          const valN = child(d, 'value');
          if (!nameN) continue;
          const typeN = child(d, 'type');
          out.push({
            k: 'assign', n: d, p: this.pat(nameN), decl,
            v: valN ? this.ex(valN) : { k: 'lit', n: d, v: null, undef: true },
            type: typeN ? this.typeText(typeN) : undefined,
          });
        }
        return out;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        return [{ k: 'func', n, f: this.func(n) }];
      case 'class_declaration':
      case 'abstract_class_declaration':
        return [{ k: 'class', n, c: this.cls(n) }];
      case 'if_statement': {
        const cond = child(n, 'condition');
        const cons = child(n, 'consequence');
        const alt = child(n, 'alternative');
        let elseBody: St[] | null = null;
        if (alt) {
          const inner = alt.type === 'else_clause' ? firstNamed(alt) : alt;
          elseBody = inner ? this.body(inner) : [];
        }
        return [{ k: 'if', n, test: cond ? this.ex(cond) : this.other(n, []), then: this.body(cons), else: elseBody }];
      }
      case 'switch_statement': {
        const v = child(n, 'value');
        const b = child(n, 'body');
        const cases: { tests: Ex[]; body: St[]; n: SNode }[] = [];
        for (const c of b?.children ?? []) {
          if (c.type === 'switch_case') {
            const tv = child(c, 'value');
            cases.push({ tests: tv ? [this.ex(tv)] : [], body: this.stmts(childrenOf(c, 'body')), n: c });
          } else if (c.type === 'switch_default') {
            cases.push({ tests: [], body: this.stmts(childrenOf(c, 'body')), n: c });
          }
        }
        return [{ k: 'switch', n, disc: v ? this.ex(v) : this.other(n, []), cases }];
      }
      case 'for_statement': {
        const init = child(n, 'initializer');
        const cond = child(n, 'condition');
        const inc = child(n, 'increment');
        let test: Ex | null = null;
        if (cond) {
          const e = cond.type === 'expression_statement' ? firstNamed(cond) : cond.type === 'empty_statement' ? undefined : cond;
          if (e) test = this.ex(e);
        }
        return [{
          k: 'loop', n, init: init ? this.stmts([init]) : [], test, update: inc ? this.ex(inc) : null,
          body: this.body(child(n, 'body')),
        }];
      }
      case 'for_in_statement': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        const op = child(n, 'operator');
        const of = op && op.type === 'in' ? 'in' : 'of';
        return [{
          k: 'loop', n, init: [], test: null, update: null, body: this.body(child(n, 'body')),
          each: { p: left ? this.pat(left) : { k: 'pnone', n }, iter: right ? this.ex(right) : this.other(n, []), of },
        }];
      }
      case 'while_statement':
      case 'do_statement': {
        const cond = child(n, 'condition');
        return [{ k: 'loop', n, init: [], test: cond ? this.ex(cond) : null, update: null, body: this.body(child(n, 'body')) }];
      }
      case 'try_statement': {
        const h = child(n, 'handler');
        const f = child(n, 'finalizer');
        const handlers: { p: Pat | null; types: Ex[]; body: St[] }[] = [];
        if (h) {
          const param = child(h, 'parameter');
          handlers.push({ p: param ? this.pat(param) : null, types: [], body: this.body(child(h, 'body')) });
        }
        return [{ k: 'try', n, body: this.body(child(n, 'body')), handlers, orelse: null, fin: f ? this.body(child(f, 'body')) : null }];
      }
      case 'return_statement': {
        const e = firstNamed(n);
        return [{ k: 'return', n, x: e ? this.ex(e) : null }];
      }
      case 'throw_statement': {
        const e = firstNamed(n);
        return [{ k: 'throw', n, x: e ? this.ex(e) : null }];
      }
      case 'break_statement': return [{ k: 'break', n }];
      case 'continue_statement': return [{ k: 'continue', n }];
      case 'statement_block': return [{ k: 'block', n, body: this.stmts(n.children) }];
      case 'labeled_statement': return this.body(child(n, 'body'));
      case 'export_statement': return [this.exportStmt(n)];
      case 'import_statement': return this.importStmt(n);
      case 'empty_statement':
      case 'debugger_statement':
      case 'interface_declaration':
      case 'type_alias_declaration':
      case 'ambient_declaration':
      case 'hash_bang_line':
      case 'comment':
        return [];
      case 'enum_declaration': {
        const nameN = child(n, 'name');
        if (!nameN) return [];
        const body = child(n, 'body');
        const props: Prop[] = [];
        for (const m of body?.children ?? []) {
          if (m.type === 'property_identifier') props.push({ key: this.text(m), v: { k: 'lit', n: m, v: this.text(m) }, n: m });
          else if (m.type === 'enum_assignment') {
            const nm = child(m, 'name');
            const val = child(m, 'value');
            if (nm) props.push({ key: this.propKey(nm), v: val ? this.ex(val) : { k: 'lit', n: m, v: null }, n: m });
          }
        }
        return [{ k: 'assign', n, p: { k: 'pname', n: nameN, id: this.text(nameN) }, v: { k: 'obj', n, props }, decl: 'const' }];
      }
      case 'internal_module':
      case 'module': {
        const b = child(n, 'body');
        return b ? [{ k: 'block', n, body: this.stmts(b.children) }] : [];
      }
      default: {
        // expression in statement position (error recovery) or unknown statement
        if (n.type === 'ERROR') {
          const inner = this.stmts(n.children.filter((c) => c.named));
          return inner;
        }
        return [{ k: 'expr', n, x: this.ex(n) }];
      }
    }
  }

  private exprStmt(e: SNode, stmtNode: SNode): St {
    if (e.type === 'assignment_expression') {
      const l = child(e, 'left');
      const r = child(e, 'right');
      if (l && r) return { k: 'assign', n: e, p: this.pat(l), v: this.ex(r) };
    }
    if (e.type === 'augmented_assignment_expression') {
      const l = child(e, 'left');
      const r = child(e, 'right');
      const op = child(e, 'operator');
      if (l && r) return { k: 'assign', n: e, p: this.pat(l), v: this.ex(r), op: op ? op.type : '+=' };
    }
    return { k: 'expr', n: stmtNode, x: this.ex(e) };
  }

  private exportStmt(n: SNode): St {
    const decl = child(n, 'declaration');
    const value = child(n, 'value');
    const source = child(n, 'source');
    const isDefault = hasToken(n, 'default');
    if (decl) {
      const st = this.stmts([decl]);
      if (isDefault) {
        // export default function name() {} / class
        const s0 = st[0];
        if (s0 && (s0.k === 'func' || s0.k === 'class')) return { k: 'export', n, decl: s0, dflt: s0.k === 'func' ? { k: 'fn', n: s0.n, f: s0.f } : { k: 'class', n: s0.n, c: s0.c } };
      }
      return { k: 'export', n, decl: st.length === 1 ? st[0] : { k: 'block', n: decl, body: st } };
    }
    if (isDefault && value) return { k: 'export', n, dflt: this.ex(value) };
    if (isDefault) {
      const e = named(n).find((c) => c.field !== 'source');
      if (e) return { k: 'export', n, dflt: this.ex(e) };
    }
    const clause = n.children.find((c) => c.type === 'export_clause');
    const specs: { local: string; exported: string; n: SNode }[] = [];
    for (const s of clause?.children ?? []) {
      if (s.type !== 'export_specifier') continue;
      const nm = child(s, 'name');
      const al = child(s, 'alias');
      if (!nm) continue;
      const local = this.nameText(nm);
      specs.push({ local, exported: al ? this.nameText(al) : local, n: s });
    }
    if (!clause && hasToken(n, '*')) specs.push({ local: '*', exported: '*', n });
    return { k: 'export', n, specs, from: source ? decodeJsString(this.text(source)) : undefined };
  }

  private nameText(n: SNode): string {
    return n.type === 'string' ? decodeJsString(this.text(n)) : this.text(n);
  }

  private importStmt(n: SNode): St[] {
    const source = child(n, 'source');
    const names: ImportName[] = [];
    const req = n.children.find((c) => c.type === 'import_require_clause');
    if (req) {
      const id = req.children.find((c) => c.type === 'identifier');
      const s = child(req, 'source') ?? req.children.find((c) => c.type === 'string');
      if (id && s) {
        const spec = decodeJsString(this.text(s));
        return [{ k: 'import', n, source: spec, names: [{ imported: '*', local: this.text(id), n: id }], relative: spec.startsWith('.') }];
      }
      return [];
    }
    if (!source) return [];
    const spec = decodeJsString(this.text(source));
    const clause = n.children.find((c) => c.type === 'import_clause');
    for (const c of clause?.children ?? []) {
      if (c.type === 'identifier') names.push({ imported: 'default', local: this.text(c), n: c });
      else if (c.type === 'namespace_import') {
        const id = c.children.find((x) => x.type === 'identifier');
        if (id) names.push({ imported: '*', local: this.text(id), n: c });
      } else if (c.type === 'named_imports') {
        for (const s of c.children) {
          if (s.type !== 'import_specifier') continue;
          const nm = child(s, 'name');
          const al = child(s, 'alias');
          if (!nm) continue;
          names.push({ imported: this.nameText(nm), local: this.text(al ?? nm), n: s });
        }
      }
    }
    return [{ k: 'import', n, source: spec, names, relative: spec.startsWith('.') }];
  }

  private typeText(t: SNode): string {
    let s = this.text(t).trim();
    if (s.startsWith(':')) s = s.slice(1).trim();
    return s;
  }

  // -------------------------------------------------------------------------------------------
  // Functions and classes

  func(n: SNode): FuncIR {
    const nameN = child(n, 'name');
    const params: ParamIR[] = [];
    const single = child(n, 'parameter');
    if (single) params.push({ p: this.pat(single), name: single.type === 'identifier' ? this.text(single) : null, n: single });
    const ps = child(n, 'parameters');
    for (const p of ps?.children ?? []) {
      if (!p.named) continue;
      params.push(this.param(p));
    }
    const bodyN = child(n, 'body');
    let body: St[] = [];
    let exprBody: Ex | undefined;
    if (bodyN) {
      if (bodyN.type === 'statement_block') body = this.stmts(bodyN.children);
      else {
        exprBody = this.ex(bodyN);
        body = [{ k: 'return', n: bodyN, x: exprBody }];
      }
    }
    const isAsync = n.children.some((c) => !c.named && c.type === 'async');
    const decorators = n.children.filter((c) => c.type === 'decorator').map((d) => this.decorator(d));
    return {
      n, name: nameN ? this.text(nameN) : null, nameNode: nameN, params, body, exprBody,
      isArrow: n.type === 'arrow_function', isAsync, decorators,
      isMethod: n.type === 'method_definition',
      isStatic: n.children.some((c) => !c.named && c.type === 'static'),
    };
  }

  private param(p: SNode): ParamIR {
    if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
      const pat = child(p, 'pattern') ?? firstNamed(p)!;
      const type = child(p, 'type');
      const val = child(p, 'value');
      const inner = this.param(pat);
      return {
        ...inner, n: p, type: type ? this.typeText(type) : undefined,
        dflt: val ? this.ex(val) : inner.dflt,
        p: val ? { k: 'pdefault', n: p, p: inner.p, dflt: this.ex(val) } : inner.p,
      };
    }
    if (p.type === 'rest_pattern') {
      const inner = firstNamed(p);
      return { p: inner ? this.pat(inner) : { k: 'pnone', n: p }, name: inner?.type === 'identifier' ? this.text(inner) : null, rest: true, n: p };
    }
    if (p.type === 'assignment_pattern') {
      const l = child(p, 'left');
      const r = child(p, 'right');
      return { p: this.pat(p), name: l?.type === 'identifier' ? this.text(l) : null, dflt: r ? this.ex(r) : undefined, n: p };
    }
    return { p: this.pat(p), name: p.type === 'identifier' ? this.text(p) : null, n: p };
  }

  private decorator(d: SNode): Ex {
    const e = firstNamed(d);
    return e ? this.ex(e) : this.other(d, []);
  }

  cls(n: SNode): ClassIR {
    const nameN = child(n, 'name');
    const bases: Ex[] = [];
    const her = n.children.find((c) => c.type === 'class_heritage');
    if (her) {
      for (const c of her.children) {
        if (c.type === 'extends_clause') {
          const v = child(c, 'value') ?? firstNamed(c);
          if (v) bases.push(this.ex(v));
        } else if (c.named && c.type !== 'implements_clause') bases.push(this.ex(c));
      }
    }
    const methods: FuncIR[] = [];
    const fields: ClassField[] = [];
    const body = child(n, 'body');
    let pendingDecorators: Ex[] = [];
    for (const m of body?.children ?? []) {
      if (m.type === 'decorator') { pendingDecorators.push(this.decorator(m)); continue; }
      if (m.type === 'method_definition') {
        const f = this.func(m);
        const nameN = child(m, 'name');
        f.name = nameN ? this.propKey(nameN) : f.name;
        f.decorators = [...pendingDecorators, ...f.decorators];
        methods.push(f);
      } else if (m.type === 'field_definition' || m.type === 'public_field_definition') {
        const nameN = child(m, 'property') ?? child(m, 'name');
        const val = child(m, 'value');
        const type = child(m, 'type');
        const decs = m.children.filter((c) => c.type === 'decorator').map((d) => this.decorator(d));
        if (nameN) fields.push({ name: this.propKey(nameN), n: m, value: val ? this.ex(val) : undefined, type: type ? this.typeText(type) : undefined, decorators: [...pendingDecorators, ...decs] });
      }
      if (m.named) pendingDecorators = [];
    }
    const decorators = n.children.filter((c) => c.type === 'decorator').map((d) => this.decorator(d));
    return { n, name: nameN ? this.text(nameN) : null, bases, methods, fields, decorators, other: [] };
  }

  private propKey(k: SNode): string {
    if (k.type === 'string') return decodeJsString(this.text(k));
    if (k.type === 'computed_property_name') {
      const inner = firstNamed(k);
      if (inner && inner.type === 'string') return decodeJsString(this.text(inner));
      return this.text(k);
    }
    return this.text(k);
  }

  // -------------------------------------------------------------------------------------------
  // Patterns

  pat(n: SNode): Pat {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
      case 'shorthand_property_identifier':
        return { k: 'pname', n, id: this.text(n) };
      case 'object_pattern':
      case 'object': {
        const props: { key: string | null; keyEx?: Ex; v: Pat; n: SNode }[] = [];
        let rest: Pat | undefined;
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'shorthand_property_identifier_pattern' || c.type === 'shorthand_property_identifier') {
            props.push({ key: this.text(c), v: { k: 'pname', n: c, id: this.text(c) }, n: c });
          } else if (c.type === 'pair_pattern' || c.type === 'pair') {
            const k = child(c, 'key');
            const v = child(c, 'value');
            if (!k || !v) continue;
            const computed = k.type === 'computed_property_name';
            const inner = computed ? firstNamed(k) : undefined;
            props.push({
              key: computed && !(inner && inner.type === 'string') ? null : this.propKey(k),
              keyEx: computed && inner ? this.ex(inner) : undefined,
              v: this.pat(v), n: c,
            });
          } else if (c.type === 'object_assignment_pattern') {
            const l = child(c, 'left');
            const r = child(c, 'right');
            if (!l) continue;
            const base = this.pat(l);
            const key = l.type === 'shorthand_property_identifier_pattern' ? this.text(l) : null;
            props.push({ key, v: r ? { k: 'pdefault', n: c, p: base, dflt: this.ex(r) } : base, n: c });
          } else if (c.type === 'rest_pattern' || c.type === 'spread_element') {
            const inner = firstNamed(c);
            if (inner) rest = this.pat(inner);
          }
        }
        return { k: 'pobj', n, props, rest };
      }
      case 'array_pattern':
      case 'array': {
        const items: (Pat | null)[] = [];
        let rest: Pat | undefined;
        let expectItem = true;
        for (const c of n.children) {
          if (!c.named) {
            if (c.type === ',') { if (expectItem) items.push(null); expectItem = true; }
            continue;
          }
          if (c.type === 'rest_pattern' || c.type === 'spread_element') {
            const inner = firstNamed(c);
            if (inner) rest = this.pat(inner);
          } else items.push(this.pat(c));
          expectItem = false;
        }
        return { k: 'parr', n, items, rest };
      }
      case 'assignment_pattern': {
        const l = child(n, 'left');
        const r = child(n, 'right');
        if (!l) return { k: 'pnone', n };
        return r ? { k: 'pdefault', n, p: this.pat(l), dflt: this.ex(r) } : this.pat(l);
      }
      case 'member_expression': {
        const o = child(n, 'object');
        const p = child(n, 'property');
        return { k: 'pmember', n, obj: o ? this.ex(o) : this.other(n, []), prop: p ? this.text(p) : null };
      }
      case 'subscript_expression': {
        const o = child(n, 'object');
        const i = child(n, 'index');
        const idx = i ? this.ex(i) : undefined;
        const prop = idx && idx.k === 'lit' && typeof idx.v === 'string' ? idx.v : null;
        return { k: 'pmember', n, obj: o ? this.ex(o) : this.other(n, []), prop, index: prop === null ? idx : undefined };
      }
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression': {
        const inner = firstNamed(n);
        return inner ? this.pat(inner) : { k: 'pnone', n };
      }
      case 'required_parameter':
      case 'optional_parameter':
        return this.param(n).p;
      case 'rest_pattern': {
        const inner = firstNamed(n);
        return inner ? this.pat(inner) : { k: 'pnone', n };
      }
      default:
        return { k: 'pnone', n };
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private other(n: SNode, xs: Ex[]): Ex {
    return { k: 'other', n, xs };
  }

  ex(n: SNode): Ex {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
      case 'property_identifier':
        return { k: 'name', n, id: this.text(n) };
      case 'undefined':
        return { k: 'lit', n, v: null, undef: true };
      case 'this':
        return { k: 'this', n };
      case 'super':
        return { k: 'name', n, id: 'super' };
      case 'true': return { k: 'lit', n, v: true };
      case 'false': return { k: 'lit', n, v: false };
      case 'null': return { k: 'lit', n, v: null };
      case 'number': {
        const t = this.text(n).split('_').join('');
        const v = t.endsWith('n') ? Number(t.slice(0, -1)) : Number(t);
        return { k: 'lit', n, v: Number.isNaN(v) ? 0 : v };
      }
      case 'string':
        return { k: 'lit', n, v: decodeJsString(this.text(n)) };
      case 'template_string':
        return this.tmpl(n);
      case 'regex': {
        const t = this.text(n);
        const last = t.lastIndexOf('/');
        return { k: 'regex', n, pattern: t.slice(1, last), flags: t.slice(last + 1) };
      }
      case 'member_expression': {
        const o = child(n, 'object');
        const p = child(n, 'property');
        return { k: 'member', n, obj: o ? this.ex(o) : this.other(n, []), prop: p ? this.text(p) : null, pn: p };
      }
      case 'subscript_expression': {
        const o = child(n, 'object');
        const i = child(n, 'index');
        const idx = i ? this.ex(i) : undefined;
        const prop = idx && idx.k === 'lit' && typeof idx.v === 'string' ? idx.v : null;
        return { k: 'member', n, obj: o ? this.ex(o) : this.other(n, []), prop, index: prop === null ? idx : undefined, pn: i };
      }
      case 'call_expression': {
        const f = child(n, 'function');
        const a = child(n, 'arguments');
        const callee: Ex = f ? (f.type === 'import' ? { k: 'name', n: f, id: 'import' } : this.ex(f)) : this.other(n, []);
        if (a && a.type === 'template_string') {
          const t = this.tmpl(a);
          if (t.k === 'tmpl') t.tag = callee;
          return t;
        }
        return { k: 'call', n, callee, args: this.args(a), isNew: false, argsNode: a };
      }
      case 'new_expression': {
        const c = child(n, 'constructor');
        const a = child(n, 'arguments');
        return { k: 'call', n, callee: c ? this.ex(c) : this.other(n, []), args: this.args(a), isNew: true, argsNode: a };
      }
      case 'await_expression': {
        const e = firstNamed(n);
        return { k: 'await', n, x: e ? this.ex(e) : this.other(n, []) };
      }
      case 'unary_expression': {
        const op = child(n, 'operator');
        const a = child(n, 'argument');
        return { k: 'unary', n, op: op ? op.type : '?', x: a ? this.ex(a) : this.other(n, []) };
      }
      case 'update_expression': {
        const a = child(n, 'argument');
        return { k: 'unary', n, op: '++', x: a ? this.ex(a) : this.other(n, []) };
      }
      case 'binary_expression': {
        // left-deep chains (a + b + c + ...) are lowered iteratively: they can be thousands deep
        const spine: SNode[] = [];
        let cur: SNode = n;
        while (cur.type === 'binary_expression') {
          spine.push(cur);
          const l = child(cur, 'left');
          if (!l) break;
          cur = l;
        }
        let acc: Ex = cur.type === 'binary_expression' ? this.other(cur, []) : this.ex(cur);
        for (let i = spine.length - 1; i >= 0; i--) {
          const b = spine[i];
          const r = child(b, 'right');
          const op = child(b, 'operator')?.type ?? '?';
          const R = r ? this.ex(r) : this.other(b, []);
          if (op === '&&') acc = { k: 'logic', n: b, op: 'and', l: acc, r: R };
          else if (op === '||') acc = { k: 'logic', n: b, op: 'or', l: acc, r: R };
          else if (op === '??') acc = { k: 'logic', n: b, op: 'nullish', l: acc, r: R };
          else acc = { k: 'bin', n: b, op, l: acc, r: R };
        }
        return acc;
      }
      case 'ternary_expression': {
        const c = child(n, 'condition');
        const a = child(n, 'consequence');
        const b = child(n, 'alternative');
        return { k: 'cond', n, test: c ? this.ex(c) : this.other(n, []), a: a ? this.ex(a) : this.other(n, []), b: b ? this.ex(b) : this.other(n, []) };
      }
      case 'assignment_expression': {
        const l = child(n, 'left');
        const r = child(n, 'right');
        return { k: 'assign', n, p: l ? this.pat(l) : { k: 'pnone', n }, v: r ? this.ex(r) : this.other(n, []) };
      }
      case 'augmented_assignment_expression': {
        const l = child(n, 'left');
        const r = child(n, 'right');
        const op = child(n, 'operator');
        return { k: 'assign', n, p: l ? this.pat(l) : { k: 'pnone', n }, v: r ? this.ex(r) : this.other(n, []), op: op?.type ?? '+=' };
      }
      case 'sequence_expression':
        return { k: 'seq', n, xs: named(n).map((c) => this.ex(c)) };
      case 'object': {
        const props: Prop[] = [];
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'pair') {
            const k = child(c, 'key');
            const v = child(c, 'value');
            if (!k || !v) continue;
            const computed = k.type === 'computed_property_name';
            const inner = computed ? firstNamed(k) : undefined;
            const constKey = !computed || (inner && inner.type === 'string');
            props.push({ key: constKey ? this.propKey(k) : null, keyEx: computed && inner && !constKey ? this.ex(inner) : undefined, v: this.ex(v), n: c });
          } else if (c.type === 'shorthand_property_identifier') {
            props.push({ key: this.text(c), v: { k: 'name', n: c, id: this.text(c) }, n: c });
          } else if (c.type === 'spread_element') {
            const inner = firstNamed(c);
            if (inner) props.push({ key: null, v: this.ex(inner), spread: true, n: c });
          } else if (c.type === 'method_definition') {
            const k = child(c, 'name');
            const f = this.func(c);
            if (k) f.name = this.propKey(k);
            props.push({ key: k ? this.propKey(k) : null, v: { k: 'fn', n: c, f }, n: c });
          }
        }
        return { k: 'obj', n, props };
      }
      case 'array': {
        const items: { v: Ex; spread?: boolean }[] = [];
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'spread_element') {
            const inner = firstNamed(c);
            if (inner) items.push({ v: this.ex(inner), spread: true });
          } else items.push({ v: this.ex(c) });
        }
        return { k: 'arr', n, items, kind: 'array' };
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return { k: 'fn', n, f: this.func(n) };
      case 'class':
        return { k: 'class', n, c: this.cls(n) };
      case 'spread_element': {
        const inner = firstNamed(n);
        return inner ? this.ex(inner) : this.other(n, []);
      }
      case 'type_assertion': {
        const inner = n.children.find((c) => c.named && c.type !== 'type_arguments');
        return inner ? this.ex(inner) : this.other(n, []);
      }
      default: {
        if (TRANSPARENT.has(n.type)) {
          const inner = firstNamed(n);
          return inner ? this.ex(inner) : this.other(n, []);
        }
        const xs: Ex[] = [];
        for (const c of n.children) {
          if (!c.named || c.type === 'type_arguments' || c.type === 'type_annotation') continue;
          xs.push(this.ex(c));
        }
        return this.other(n, xs);
      }
    }
  }

  private args(a: SNode | undefined): Arg[] {
    const out: Arg[] = [];
    if (!a) return out;
    for (const c of a.children) {
      if (!c.named) continue;
      if (c.type === 'spread_element') {
        const inner = firstNamed(c);
        if (inner) out.push({ v: this.ex(inner), spread: 1 });
      } else out.push({ v: this.ex(c) });
    }
    return out;
  }

  private tmpl(n: SNode): Ex {
    const parts: TmplPart[] = [];
    let buf = '';
    let has = false;
    for (const c of n.children) {
      if (c.type === 'string_fragment') { buf += this.text(c); has = true; }
      else if (c.type === 'escape_sequence') { buf += decodeEscapes(this.text(c), false); has = true; }
      else if (c.type === 'template_substitution') {
        if (has) { parts.push({ s: buf }); buf = ''; has = false; }
        const e = firstNamed(c);
        parts.push({ e: e ? this.ex(e) : this.other(c, []), n: c });
      }
    }
    if (has) parts.push({ s: buf });
    return { k: 'tmpl', n, parts };
  }
}
