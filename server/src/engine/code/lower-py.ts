/**
 * Python syntax → IR.
 */
import type { SNode } from './syntax';
import { child, childrenOf, decodeEscapes, firstNamed, hasToken, named } from './syntax';
import type { Arg, ClassField, ClassIR, Ex, FuncIR, ImportName, ModuleIR, ParamIR, Pat, Prop, St, TmplPart } from './ir';

const stmtCache = new WeakMap<SNode, St[]>();

export function lowerPyModule(root: SNode, src: string): ModuleIR {
  const L = new PyLowerer(src);
  return { lang: 'py', body: L.stmts(root.children) };
}

/** Split a Python string literal's text into prefix, quote and body. */
export function splitPyString(raw: string): { prefix: string; quote: string; body: string } {
  let i = 0;
  while (i < raw.length && raw[i] !== '"' && raw[i] !== "'") i++;
  const prefix = raw.slice(0, i);
  const q = raw[i] ?? '"';
  const triple = raw.startsWith(q + q + q, i);
  const quote = triple ? q + q + q : q;
  const body = raw.slice(i + quote.length, Math.max(i + quote.length, raw.length - quote.length));
  return { prefix, quote, body };
}

export function decodePyString(raw: string): string {
  const { prefix, body } = splitPyString(raw);
  return decodeEscapes(body, prefix.toLowerCase().includes('r'));
}

class PyLowerer {
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

  private block(n: SNode | undefined): St[] {
    if (!n) return [];
    if (n.type === 'block') return this.stmts(n.children);
    return this.stmts([n]);
  }

  private stmt(n: SNode): St[] {
    switch (n.type) {
      case 'expression_statement': {
        const out: St[] = [];
        for (const e of named(n)) out.push(...this.exprStmt(e));
        return out;
      }
      case 'if_statement': {
        const cond = child(n, 'condition');
        const cons = child(n, 'consequence');
        const alts = childrenOf(n, 'alternative');
        // build elif chain from the end
        let elseBody: St[] | null = null;
        for (let i = alts.length - 1; i >= 0; i--) {
          const a = alts[i];
          if (a.type === 'else_clause') elseBody = this.block(child(a, 'body') ?? a.children.find((c) => c.type === 'block'));
          else if (a.type === 'elif_clause') {
            const c = child(a, 'condition');
            elseBody = [{ k: 'if', n: a, test: c ? this.ex(c) : this.other(a, []), then: this.block(child(a, 'consequence')), else: elseBody }];
          }
        }
        return [{ k: 'if', n, test: cond ? this.ex(cond) : this.other(n, []), then: this.block(cons), else: elseBody }];
      }
      case 'for_statement': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        const alt = child(n, 'alternative');
        return [{
          k: 'loop', n, init: [], test: null, update: null, body: this.block(child(n, 'body')),
          each: { p: left ? this.pat(left) : { k: 'pnone', n }, iter: right ? this.ex(right) : this.other(n, []), of: 'of' },
          orelse: alt ? this.block(child(alt, 'body') ?? alt.children.find((c) => c.type === 'block')) : undefined,
        }];
      }
      case 'while_statement': {
        const c = child(n, 'condition');
        return [{ k: 'loop', n, init: [], test: c ? this.ex(c) : null, update: null, body: this.block(child(n, 'body')) }];
      }
      case 'try_statement': {
        const handlers: { p: Pat | null; types: Ex[]; body: St[] }[] = [];
        let orelse: St[] | null = null;
        let fin: St[] | null = null;
        for (const c of n.children) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            const v = child(c, 'value') ?? c.children.find((x) => x.named && x.type !== 'block');
            let p: Pat | null = null;
            const types: Ex[] = [];
            if (v) {
              if (v.type === 'as_pattern') {
                const al = child(v, 'alias');
                const inner = firstNamed(v);
                if (inner && inner !== al) types.push(this.ex(inner));
                const id = al ? firstNamed(al) ?? al : undefined;
                if (id) p = this.pat(id);
              } else types.push(this.ex(v));
            }
            const alias = child(c, 'alias');
            if (!p && alias) p = this.pat(alias);
            handlers.push({ p, types, body: this.block(c.children.find((x) => x.type === 'block')) });
          } else if (c.type === 'else_clause') orelse = this.block(child(c, 'body') ?? c.children.find((x) => x.type === 'block'));
          else if (c.type === 'finally_clause') fin = this.block(c.children.find((x) => x.type === 'block'));
        }
        return [{ k: 'try', n, body: this.block(child(n, 'body')), handlers, orelse, fin }];
      }
      case 'with_statement': {
        const items: { v: Ex; p: Pat | null }[] = [];
        const clause = n.children.find((c) => c.type === 'with_clause');
        for (const it of clause?.children ?? []) {
          if (it.type !== 'with_item') continue;
          const v = child(it, 'value') ?? firstNamed(it);
          if (!v) continue;
          if (v.type === 'as_pattern') {
            const al = child(v, 'alias');
            const inner = firstNamed(v);
            const tgt = al ? firstNamed(al) ?? al : undefined;
            items.push({ v: inner && inner !== al ? this.ex(inner) : this.other(v, []), p: tgt ? this.pat(tgt) : null });
          } else items.push({ v: this.ex(v), p: null });
        }
        return [{ k: 'with', n, items, body: this.block(child(n, 'body')) }];
      }
      case 'function_definition':
        return [{ k: 'func', n, f: this.func(n, []) }];
      case 'class_definition':
        return [{ k: 'class', n, c: this.cls(n, []) }];
      case 'decorated_definition': {
        const decs = n.children.filter((c) => c.type === 'decorator').map((d) => {
          const e = firstNamed(d);
          return e ? this.ex(e) : this.other(d, []);
        });
        const def = child(n, 'definition');
        if (!def) return [];
        if (def.type === 'function_definition') return [{ k: 'func', n: def, f: this.func(def, decs) }];
        if (def.type === 'class_definition') return [{ k: 'class', n: def, c: this.cls(def, decs) }];
        return [];
      }
      case 'return_statement': {
        const e = firstNamed(n);
        return [{ k: 'return', n, x: e ? this.ex(e) : null }];
      }
      case 'raise_statement': {
        const e = firstNamed(n);
        return [{ k: 'throw', n, x: e ? this.ex(e) : null }];
      }
      case 'pass_statement': return [];
      case 'break_statement': return [{ k: 'break', n }];
      case 'continue_statement': return [{ k: 'continue', n }];
      case 'import_statement': {
        const out: St[] = [];
        for (const c of childrenOf(n, 'name')) {
          if (c.type === 'dotted_name') {
            const full = this.text(c);
            // `import a.b.c` binds `a` to the package a; model as namespace import of the full name bound to the first part
            const first = full.split('.')[0];
            out.push({ k: 'import', n, source: full, names: [{ imported: full.includes('.') ? '*pkg' : '*', local: first, n: c }], relative: false });
          } else if (c.type === 'aliased_import') {
            const nm = child(c, 'name');
            const al = child(c, 'alias');
            if (nm && al) out.push({ k: 'import', n, source: this.text(nm), names: [{ imported: '*', local: this.text(al), n: c }], relative: false });
          }
        }
        return out;
      }
      case 'import_from_statement': {
        const mod = child(n, 'module_name');
        if (!mod) return [];
        let source = '';
        let level = 0;
        if (mod.type === 'relative_import') {
          for (const c of mod.children) {
            if (c.type === 'import_prefix') level = this.text(c).length;
            else if (c.type === 'dotted_name') source = this.text(c);
          }
        } else source = this.text(mod);
        const names: ImportName[] = [];
        for (const c of childrenOf(n, 'name')) {
          if (c.type === 'dotted_name') names.push({ imported: this.text(c), local: this.text(c), n: c });
          else if (c.type === 'aliased_import') {
            const nm = child(c, 'name');
            const al = child(c, 'alias');
            if (nm && al) names.push({ imported: this.text(nm), local: this.text(al), n: c });
          }
        }
        if (n.children.some((c) => c.type === 'wildcard_import')) names.push({ imported: '**', local: '*', n });
        return [{ k: 'import', n, source, names, relative: level > 0, level }];
      }
      case 'assert_statement': {
        const e = firstNamed(n);
        return e ? [{ k: 'assert', n, test: this.ex(e) }] : [];
      }
      case 'global_statement':
      case 'nonlocal_statement':
        return [{ k: 'global', n, names: named(n).map((c) => this.text(c)) }];
      case 'delete_statement':
        return [{ k: 'del', n, xs: named(n).map((c) => this.ex(c)) }];
      case 'block':
        return [{ k: 'block', n, body: this.stmts(n.children) }];
      case 'ERROR':
        return this.stmts(n.children);
      default:
        if (n.type.endsWith('_statement') || n.type === 'future_import_statement') return [];
        return [{ k: 'expr', n, x: this.ex(n) }];
    }
  }

  private exprStmt(e: SNode): St[] {
    if (e.type === 'assignment') {
      const l = child(e, 'left');
      const r = child(e, 'right');
      const t = child(e, 'type');
      if (!l) return [];
      if (!r) {
        // annotation only: `x: int`
        return [{ k: 'assign', n: e, p: this.pat(l), v: { k: 'lit', n: e, v: null, undef: true }, type: t ? this.text(t) : undefined, typeEx: t ? this.typeEx(t) : undefined, decl: 'let' }];
      }
      if (r.type === 'assignment') {
        // chained: a = b = value
        const inner = this.exprStmt(r);
        const last = inner[inner.length - 1];
        const v: Ex = last && last.k === 'assign' ? last.v : this.ex(r);
        return [...inner, { k: 'assign', n: e, p: this.pat(l), v }];
      }
      return [{ k: 'assign', n: e, p: this.pat(l), v: this.ex(r), type: t ? this.text(t) : undefined, typeEx: t ? this.typeEx(t) : undefined }];
    }
    if (e.type === 'augmented_assignment') {
      const l = child(e, 'left');
      const r = child(e, 'right');
      const op = child(e, 'operator');
      if (!l || !r) return [];
      return [{ k: 'assign', n: e, p: this.pat(l), v: this.ex(r), op: op?.type ?? '+=' }];
    }
    return [{ k: 'expr', n: e, x: this.ex(e) }];
  }

  private typeEx(t: SNode): Ex {
    const inner = t.type === 'type' ? firstNamed(t) : t;
    return inner ? this.ex(inner) : this.other(t, []);
  }

  // -------------------------------------------------------------------------------------------

  func(n: SNode, decorators: Ex[]): FuncIR {
    const nameN = child(n, 'name');
    const params: ParamIR[] = [];
    const ps = child(n, 'parameters');
    for (const p of ps?.children ?? []) {
      if (!p.named) continue;
      const pr = this.param(p);
      if (pr) params.push(pr);
    }
    let body: St[] = [];
    let exprBody: Ex | undefined;
    const b = child(n, 'body');
    if (n.type === 'lambda') {
      if (b) { exprBody = this.ex(b); body = [{ k: 'return', n: b, x: exprBody }]; }
    } else body = this.block(b);
    return {
      n, name: nameN ? this.text(nameN) : null, nameNode: nameN, params, body, exprBody,
      isArrow: n.type === 'lambda', isAsync: hasToken(n, 'async'), decorators,
    };
  }

  private param(p: SNode): ParamIR | null {
    switch (p.type) {
      case 'identifier':
        return { p: { k: 'pname', n: p, id: this.text(p) }, name: this.text(p), n: p };
      case 'typed_parameter': {
        const id = p.children.find((c) => c.named && c.type !== 'type');
        const t = child(p, 'type');
        if (!id) return null;
        if (id.type === 'list_splat_pattern' || id.type === 'dictionary_splat_pattern') {
          const inner = firstNamed(id);
          return { p: inner ? this.pat(inner) : { k: 'pnone', n: id }, name: inner ? this.text(inner) : null, rest: id.type === 'list_splat_pattern', kwrest: id.type === 'dictionary_splat_pattern', n: p, type: t ? this.text(t) : undefined };
        }
        return { p: this.pat(id), name: id.type === 'identifier' ? this.text(id) : null, type: t ? this.text(t) : undefined, typeEx: t ? this.typeEx(t) : undefined, n: p };
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const nm = child(p, 'name');
        const v = child(p, 'value');
        const t = child(p, 'type');
        if (!nm) return null;
        return { p: this.pat(nm), name: nm.type === 'identifier' ? this.text(nm) : null, dflt: v ? this.ex(v) : undefined, type: t ? this.text(t) : undefined, typeEx: t ? this.typeEx(t) : undefined, n: p };
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const inner = firstNamed(p);
        return { p: inner ? this.pat(inner) : { k: 'pnone', n: p }, name: inner ? this.text(inner) : null, rest: p.type === 'list_splat_pattern', kwrest: p.type === 'dictionary_splat_pattern', n: p };
      }
      case 'tuple_pattern':
        return { p: this.pat(p), name: null, n: p };
      default:
        return null; // separators
    }
  }

  cls(n: SNode, decorators: Ex[]): ClassIR {
    const nameN = child(n, 'name');
    const sup = child(n, 'superclasses');
    const bases: Ex[] = [];
    for (const c of sup?.children ?? []) {
      if (!c.named) continue;
      if (c.type === 'keyword_argument') continue;
      bases.push(this.ex(c));
    }
    const methods: FuncIR[] = [];
    const fields: ClassField[] = [];
    const other: St[] = [];
    const body = child(n, 'body');
    for (const s of body?.children ?? []) {
      if (!s.named) continue;
      if (s.type === 'function_definition') { const f = this.func(s, []); f.isMethod = true; methods.push(f); continue; }
      if (s.type === 'decorated_definition') {
        const def = child(s, 'definition');
        const decs = s.children.filter((c) => c.type === 'decorator').map((d) => {
          const e = firstNamed(d);
          return e ? this.ex(e) : this.other(d, []);
        });
        if (def && def.type === 'function_definition') { const f = this.func(def, decs); f.isMethod = true; methods.push(f); continue; }
      }
      if (s.type === 'expression_statement') {
        const a = firstNamed(s);
        if (a && a.type === 'assignment') {
          const l = child(a, 'left');
          if (l && l.type === 'identifier') {
            const t = child(a, 'type');
            const r = child(a, 'right');
            fields.push({ name: this.text(l), n: a, type: t ? this.text(t) : undefined, typeEx: t ? this.typeEx(t) : undefined, value: r ? this.ex(r) : undefined, decorators: [] });
            continue;
          }
        }
      }
      other.push(...this.stmts([s]));
    }
    return { n, name: nameN ? this.text(nameN) : null, bases, methods, fields, decorators, other };
  }

  // -------------------------------------------------------------------------------------------

  pat(n: SNode): Pat {
    switch (n.type) {
      case 'identifier':
        return { k: 'pname', n, id: this.text(n) };
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const items: (Pat | null)[] = [];
        let rest: Pat | undefined;
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'list_splat_pattern' || c.type === 'list_splat') {
            const inner = firstNamed(c);
            if (inner) rest = this.pat(inner);
          } else items.push(this.pat(c));
        }
        return { k: 'parr', n, items, rest };
      }
      case 'attribute': {
        const o = child(n, 'object');
        const a = child(n, 'attribute');
        return { k: 'pmember', n, obj: o ? this.ex(o) : this.other(n, []), prop: a ? this.text(a) : null };
      }
      case 'subscript': {
        const v = child(n, 'value');
        const s = child(n, 'subscript');
        const idx = s ? this.ex(s) : undefined;
        const prop = idx && idx.k === 'lit' && typeof idx.v === 'string' ? idx.v : null;
        return { k: 'pmember', n, obj: v ? this.ex(v) : this.other(n, []), prop, index: prop === null ? idx : undefined };
      }
      case 'parenthesized_expression': {
        const inner = firstNamed(n);
        return inner ? this.pat(inner) : { k: 'pnone', n };
      }
      case 'as_pattern_target': {
        const inner = firstNamed(n);
        return inner ? this.pat(inner) : { k: 'pnone', n };
      }
      default:
        return { k: 'pnone', n };
    }
  }

  private other(n: SNode, xs: Ex[]): Ex {
    return { k: 'other', n, xs };
  }

  ex(n: SNode): Ex {
    switch (n.type) {
      case 'identifier':
        return { k: 'name', n, id: this.text(n) };
      case 'true': return { k: 'lit', n, v: true };
      case 'false': return { k: 'lit', n, v: false };
      case 'none': return { k: 'lit', n, v: null };
      case 'integer': {
        const t = this.text(n).split('_').join('').toLowerCase();
        const v = t.startsWith('0x') || t.startsWith('0o') || t.startsWith('0b') ? Number(t) : parseInt(t, 10);
        return { k: 'lit', n, v: Number.isNaN(v) ? 0 : v };
      }
      case 'float':
        return { k: 'lit', n, v: Number(this.text(n).split('_').join('')) || 0 };
      case 'string':
        return this.str(n);
      case 'concatenated_string': {
        const parts: TmplPart[] = [];
        let anyExpr = false;
        for (const c of n.children) {
          if (c.type !== 'string') continue;
          const s = this.str(c);
          if (s.k === 'lit') parts.push({ s: String(s.v) });
          else if (s.k === 'tmpl') { anyExpr = true; parts.push(...s.parts); }
        }
        if (!anyExpr) return { k: 'lit', n, v: parts.map((p) => p.s ?? '').join('') };
        return { k: 'tmpl', n, parts, py: true };
      }
      case 'attribute': {
        const o = child(n, 'object');
        const a = child(n, 'attribute');
        return { k: 'member', n, obj: o ? this.ex(o) : this.other(n, []), prop: a ? this.text(a) : null, pn: a };
      }
      case 'subscript': {
        const v = child(n, 'value');
        const subs = childrenOf(n, 'subscript');
        const s = subs.length === 1 ? subs[0] : undefined;
        const idx = s ? this.ex(s) : subs.length ? this.other(n, subs.map((x) => this.ex(x))) : undefined;
        const prop = idx && idx.k === 'lit' && typeof idx.v === 'string' ? idx.v : null;
        return { k: 'member', n, obj: v ? this.ex(v) : this.other(n, []), prop, index: prop === null ? idx : undefined, pn: s };
      }
      case 'call': {
        const f = child(n, 'function');
        const a = child(n, 'arguments');
        return { k: 'call', n, callee: f ? this.ex(f) : this.other(n, []), args: this.args(a), isNew: false, argsNode: a };
      }
      case 'binary_operator':
      case 'boolean_operator': {
        // left-deep chains are lowered iteratively (generated code can nest thousands deep)
        const spine: SNode[] = [];
        let cur: SNode = n;
        while (cur.type === 'binary_operator' || cur.type === 'boolean_operator') {
          spine.push(cur);
          const l = child(cur, 'left');
          if (!l) break;
          cur = l;
        }
        let acc: Ex = cur.type === 'binary_operator' || cur.type === 'boolean_operator' ? this.other(cur, []) : this.ex(cur);
        for (let i = spine.length - 1; i >= 0; i--) {
          const b = spine[i];
          const r = child(b, 'right');
          const op = child(b, 'operator')?.type ?? '?';
          const R = r ? this.ex(r) : this.other(b, []);
          if (b.type === 'boolean_operator') acc = { k: 'logic', n: b, op: op === 'and' ? 'and' : 'or', l: acc, r: R };
          else acc = { k: 'bin', n: b, op, l: acc, r: R };
        }
        return acc;
      }
      case 'not_operator': {
        const a = child(n, 'argument') ?? firstNamed(n);
        return { k: 'unary', n, op: '!', x: a ? this.ex(a) : this.other(n, []) };
      }
      case 'unary_operator': {
        const a = child(n, 'argument') ?? firstNamed(n);
        const op = child(n, 'operator')?.type ?? '-';
        return { k: 'unary', n, op, x: a ? this.ex(a) : this.other(n, []) };
      }
      case 'comparison_operator': {
        const operands = n.children.filter((c) => c.named);
        const ops = childrenOf(n, 'operators').map((o) => this.opText(o));
        if (operands.length < 2) return this.other(n, operands.map((c) => this.ex(c)));
        // a < b < c  →  (a < b) and (b < c)
        let acc: Ex | null = null;
        for (let i = 0; i < operands.length - 1; i++) {
          const cmp: Ex = { k: 'bin', n, op: ops[i] ?? '==', l: this.ex(operands[i]), r: this.ex(operands[i + 1]) };
          acc = acc ? { k: 'logic', n, op: 'and', l: acc, r: cmp } : cmp;
        }
        return acc!;
      }
      case 'conditional_expression': {
        const xs = named(n);
        if (xs.length < 3) return this.other(n, xs.map((c) => this.ex(c)));
        return { k: 'cond', n, test: this.ex(xs[1]), a: this.ex(xs[0]), b: this.ex(xs[2]) };
      }
      case 'lambda':
        return { k: 'fn', n, f: this.func(n, []) };
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const items: { v: Ex; spread?: boolean }[] = [];
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'list_splat') {
            const inner = firstNamed(c);
            if (inner) items.push({ v: this.ex(inner), spread: true });
          } else items.push({ v: this.ex(c) });
        }
        return { k: 'arr', n, items, kind: n.type === 'list' ? 'array' : n.type === 'set' ? 'set' : 'tuple' };
      }
      case 'dictionary': {
        const props: Prop[] = [];
        for (const c of n.children) {
          if (c.type === 'pair') {
            const k = child(c, 'key');
            const v = child(c, 'value');
            if (!k || !v) continue;
            const ke = this.ex(k);
            const key = ke.k === 'lit' && (typeof ke.v === 'string' || typeof ke.v === 'number') ? String(ke.v) : null;
            props.push({ key, keyEx: key === null ? ke : undefined, v: this.ex(v), n: c });
          } else if (c.type === 'dictionary_splat') {
            const inner = firstNamed(c);
            if (inner) props.push({ key: null, v: this.ex(inner), spread: true, n: c });
          }
        }
        return { k: 'obj', n, props };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        const body = child(n, 'body');
        const gens: { p: Pat; iter: Ex; ifs: Ex[] }[] = [];
        for (const c of n.children) {
          if (c.type === 'for_in_clause') {
            const l = child(c, 'left');
            const r = child(c, 'right');
            gens.push({ p: l ? this.pat(l) : { k: 'pnone', n: c }, iter: r ? this.ex(r) : this.other(c, []), ifs: [] });
          } else if (c.type === 'if_clause' && gens.length) {
            const e = firstNamed(c);
            if (e) gens[gens.length - 1].ifs.push(this.ex(e));
          }
        }
        if (body && body.type === 'pair') {
          const k = child(body, 'key');
          const v = child(body, 'value');
          return { k: 'comp', n, gens, elt: k ? this.ex(k) : this.other(body, []), val: v ? this.ex(v) : undefined };
        }
        return { k: 'comp', n, gens, elt: body ? this.ex(body) : this.other(n, []) };
      }
      case 'parenthesized_expression': {
        const inner = firstNamed(n);
        return inner ? this.ex(inner) : this.other(n, []);
      }
      case 'await': {
        const inner = firstNamed(n);
        return { k: 'await', n, x: inner ? this.ex(inner) : this.other(n, []) };
      }
      case 'named_expression': {
        const nm = child(n, 'name');
        const v = child(n, 'value');
        return { k: 'assign', n, p: nm ? this.pat(nm) : { k: 'pnone', n }, v: v ? this.ex(v) : this.other(n, []) };
      }
      case 'type': {
        const inner = firstNamed(n);
        return inner ? this.ex(inner) : this.other(n, []);
      }
      case 'generic_type': {
        // Literal["a", "b"], Optional[int], list[str] in annotations
        const base = n.children.find((c) => c.named && c.type !== 'type_parameter');
        const tp = n.children.find((c) => c.type === 'type_parameter');
        const items = tp ? named(tp).map((c) => this.ex(c)) : [];
        const index: Ex = items.length === 1 ? items[0] : { k: 'arr', n: tp ?? n, items: items.map((v) => ({ v })), kind: 'tuple' };
        return { k: 'member', n, obj: base ? this.ex(base) : this.other(n, []), prop: null, index };
      }
      case 'keyword_argument': {
        const v = child(n, 'value');
        return v ? this.ex(v) : this.other(n, []);
      }
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = firstNamed(n);
        return inner ? this.ex(inner) : this.other(n, []);
      }
      default: {
        const xs: Ex[] = [];
        for (const c of n.children) if (c.named) xs.push(this.ex(c));
        return this.other(n, xs);
      }
    }
  }

  private opText(o: SNode): string {
    // operator tokens are anonymous nodes whose type is the operator (`<`, `in`, `not in`, `is not`)
    return o.type;
  }

  private args(a: SNode | undefined): Arg[] {
    const out: Arg[] = [];
    if (!a) return out;
    if (a.type === 'generator_expression') return [{ v: this.ex(a) }];
    for (const c of a.children) {
      if (!c.named) continue;
      if (c.type === 'keyword_argument') {
        const nm = child(c, 'name');
        const v = child(c, 'value');
        if (nm && v) out.push({ v: this.ex(v), name: this.text(nm) });
      } else if (c.type === 'list_splat') {
        const inner = firstNamed(c);
        if (inner) out.push({ v: this.ex(inner), spread: 1 });
      } else if (c.type === 'dictionary_splat') {
        const inner = firstNamed(c);
        if (inner) out.push({ v: this.ex(inner), spread: 2 });
      } else out.push({ v: this.ex(c) });
    }
    return out;
  }

  private str(n: SNode): Ex {
    const raw = this.text(n);
    const { prefix } = splitPyString(raw);
    const isF = prefix.toLowerCase().includes('f');
    if (!isF) return { k: 'lit', n, v: decodePyString(raw) };
    const isRaw = prefix.toLowerCase().includes('r');
    const parts: TmplPart[] = [];
    let buf = '';
    let has = false;
    for (const c of n.children) {
      if (c.type === 'string_content') {
        // content text minus nested escape_interpolation / escape_sequence handled by walking children
        let pos = c.start;
        for (const e of c.children) {
          buf += this.src.slice(pos, e.start);
          if (e.type === 'escape_interpolation') buf += this.text(e)[0];
          else if (e.type === 'escape_sequence') buf += isRaw ? this.text(e) : decodeEscapes(this.text(e), false);
          else buf += this.text(e);
          pos = e.end;
        }
        buf += this.src.slice(pos, c.end);
        has = true;
      } else if (c.type === 'interpolation') {
        if (has) { parts.push({ s: buf }); buf = ''; has = false; }
        const e = child(c, 'expression') ?? firstNamed(c);
        parts.push({ e: e ? this.ex(e) : this.other(c, []), n: c });
      } else if (c.type === 'escape_interpolation') {
        buf += this.text(c)[0];
        has = true;
      }
    }
    if (has) parts.push({ s: buf });
    if (!parts.some((p) => p.e)) return { k: 'lit', n, v: parts.map((p) => p.s ?? '').join('') };
    return { k: 'tmpl', n, parts, py: true };
  }
}
