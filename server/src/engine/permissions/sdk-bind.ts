/**
 * The binding pass of the SDK call analysis (`Mod.bindPass`): binds the names a module declares,
 * assigns, imports and destructures to the values they hold, per scope (JavaScript/TypeScript and
 * Python forms), including parameter defaults, TypeScript parameter properties and client values
 * passed to local functions. Run to a fixpoint over the module graph by `handler-calls.ts`.
 */
import { child, walk, type SNode } from '../code/syntax';
import { boto3CollectionItem } from './data/boto3-resources';
import type { Mod } from './sdk-module';
import { named } from './sdk-syntax';
import { addVals, isClientLike, type Val } from './sdk-values';

/** One pass over the module binding names to values; true when anything changed. */
export function bindPass(mod: Mod): boolean {
  mod.clearReturnCache();
  let changed = false;
  const mark = (c: boolean) => {
    if (c) changed = true;
  };
  for (const n of mod.bindNodes) {
    if (mod.lang === 'js') bindJs(mod, n, mark);
    else bindPy(mod, n, mark);
  }
  return changed;
}

function bindPattern(mod: Mod, pat: SNode, vals: readonly Val[], mark: (c: boolean) => void, declare: boolean): void {
  switch (pat.type) {
    case 'identifier':
      mark(mod.bind(mod.t(pat), pat, vals, declare));
      break;
    case 'object_pattern':
      for (const p of named(pat)) {
        if (p.type === 'shorthand_property_identifier_pattern') mark(mod.bind(mod.t(p), p, mod.members(vals, mod.t(p), 0), declare));
        else if (p.type === 'pair_pattern') {
          const k = child(p, 'key');
          const v = child(p, 'value');
          const key = k ? (k.type === 'property_identifier' ? mod.t(k) : mod.str(k)) : undefined;
          if (key !== undefined && v) bindPattern(mod, v.type === 'assignment_pattern' ? child(v, 'left') ?? v : v, mod.members(vals, key, 0), mark, declare);
        } else if (p.type === 'object_assignment_pattern') {
          const l = child(p, 'left');
          if (l) {
            const vs = mod.members(vals, mod.t(l), 0);
            const r = child(p, 'right');
            mark(mod.bind(mod.t(l), l, [...vs, ...mod.ev(r)], declare));
          }
        }
      }
      break;
    case 'assignment_pattern': {
      const l = child(pat, 'left');
      if (l) bindPattern(mod, l, [...vals, ...mod.ev(child(pat, 'right'))], mark, declare);
      break;
    }
    case 'member_expression': {
      const obj = child(pat, 'object');
      const prop = child(pat, 'property');
      if (obj && prop && (obj.type === 'this' || obj.type === 'identifier')) mark(mod.bindProp(mod.t(prop), vals));
      break;
    }
    case 'subscript_expression': {
      // `cache[svc] = new AWS[svc]()`: what the container holds under its keys
      const obj = child(pat, 'object');
      if (obj) mark(mod.bindElement(obj, vals));
      break;
    }
    default:
      break;
  }
}

function bindJs(mod: Mod, n: SNode, mark: (c: boolean) => void): void {
  switch (n.type) {
    case 'import_statement': {
      const src = child(n, 'source');
      const spec = src ? mod.str(src) : undefined;
      const req = n.children.find((c) => c.type === 'import_require_clause');
      if (req) {
        const id = named(req).find((c) => c.type === 'identifier');
        const s = child(req, 'source');
        const sp = s ? mod.str(s) : undefined;
        if (id && sp !== undefined) mark(mod.bind(mod.t(id), id, [mod.importVal(sp, undefined, n)]));
        break;
      }
      if (spec === undefined) break;
      const clause = n.children.find((c) => c.type === 'import_clause');
      if (!clause) break;
      for (const c of named(clause)) {
        if (c.type === 'identifier') mark(mod.bind(mod.t(c), c, [mod.importVal(spec, 'default', n)]));
        else if (c.type === 'namespace_import') {
          const id = named(c)[0];
          if (id) mark(mod.bind(mod.t(id), id, [mod.importVal(spec, undefined, n)]));
        } else if (c.type === 'named_imports') {
          for (const s of named(c)) {
            if (s.type !== 'import_specifier') continue;
            const nm = child(s, 'name');
            const alias = child(s, 'alias') ?? nm;
            const imported = nm ? (nm.type === 'string' ? mod.str(nm) : mod.t(nm)) : undefined;
            if (imported !== undefined && alias) mark(mod.bind(mod.t(alias), alias, [mod.importVal(spec, imported, n)]));
          }
        }
      }
      break;
    }
    case 'variable_declarator': {
      const name = child(n, 'name');
      const value = child(n, 'value');
      if (name && value) bindPattern(mod, name, mod.ev(value), mark, true);
      break;
    }
    case 'assignment_expression': {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (left && right) bindPattern(mod, left, mod.ev(right), mark, false);
      break;
    }
    case 'function_declaration':
    case 'generator_function_declaration': {
      const name = child(n, 'name');
      if (name) mark(mod.bind(mod.t(name), n, [{ k: 'fn', node: n, mod: mod }]));
      bindParams(mod, n, mark);
      break;
    }
    case 'class_declaration': {
      const name = child(n, 'name');
      if (name) mark(mod.bind(mod.t(name), n, [{ k: 'cls', node: n, mod: mod }]));
      break;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = child(n, 'name') ?? child(n, 'property');
      const value = child(n, 'value');
      if (name && value) mark(mod.bindProp(mod.t(name), mod.ev(value)));
      break;
    }
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'method_definition':
    case 'generator_function':
      bindParams(mod, n, mark);
      break;
    case 'call_expression':
      bindCallArgs(mod, n, mark);
      break;
    case 'new_expression': {
      const argsNode = child(n, 'arguments');
      const ctor = child(n, 'constructor');
      if (ctor && argsNode && (ctor.type === 'identifier' || ctor.type === 'member_expression')) bindArgs(mod, mod.ev(ctor), argsNode, mark);
      break;
    }
    default:
      break;
  }
}

function bindPy(mod: Mod, n: SNode, mark: (c: boolean) => void): void {
  switch (n.type) {
    case 'import_statement':
      for (const c of named(n)) {
        if (c.type === 'dotted_name') {
          const full = mod.t(c);
          const first = full.split('.')[0];
          mark(mod.bind(first, c, [mod.importVal(first, undefined, n)]));
        } else if (c.type === 'aliased_import') {
          const nm = child(c, 'name');
          const alias = child(c, 'alias');
          if (nm && alias) mark(mod.bind(mod.t(alias), alias, [mod.importVal(mod.t(nm), undefined, n)]));
        }
      }
      break;
    case 'import_from_statement': {
      const modNode = child(n, 'module_name');
      if (!modNode) break;
      const spec = mod.t(modNode);
      for (const c of n.children) {
        if (c.field !== 'name') continue;
        let nm: SNode | undefined = c;
        let alias: SNode | undefined = c;
        if (c.type === 'aliased_import') {
          nm = child(c, 'name');
          alias = child(c, 'alias');
        }
        if (!nm || !alias) continue;
        const imported = mod.t(nm);
        // `from . import db` / `from pkg import mod`: a submodule when such a file exists.
        const sub = spec.endsWith('.') ? spec + imported : `${spec}.${imported}`;
        const subVal = mod.graph.resolve(mod, sub) ? mod.importVal(sub, undefined, n) : undefined;
        mark(mod.bind(mod.t(alias), alias, [subVal && subVal.k === 'local' ? subVal : mod.importVal(spec, imported, n)]));
      }
      break;
    }
    case 'assignment': {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (!left || !right) break;
      const vals = mod.ev(right);
      if (left.type === 'identifier') {
        mark(mod.bind(mod.t(left), left, vals));
        // class-level attribute: reachable as self.x / Cls.x
        const sc = mod.scopeOf(left);
        let p: SNode | null = left.parent;
        while (p && p !== sc.node && p.type !== 'class_definition') p = p.parent;
        if (p && p.type === 'class_definition') mark(mod.bindProp(mod.t(left), vals));
      } else if (left.type === 'attribute') {
        const attr = child(left, 'attribute');
        if (attr) mark(mod.bindProp(mod.t(attr), vals));
      } else if (left.type === 'subscript') {
        // `_clients[service] = boto3.client(service)`: what the container holds under its keys
        const obj = child(left, 'value');
        if (obj) mark(mod.bindElement(obj, vals));
      }
      break;
    }
    case 'for_statement': {
      // `for o in bucket.objects.all():` → o is an ObjectSummary
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (!left || left.type !== 'identifier' || !right) break;
      const items: Val[] = [];
      for (const v of mod.ev(right)) if (v.k === 'res' && v.type?.startsWith('coll:')) items.push({ k: 'res', svc: v.svc, type: boto3CollectionItem(v.svc, v.type.slice(5)) ?? 'Item', resource: v.resource });
      if (items.length) mark(mod.bind(mod.t(left), left, items));
      break;
    }
    case 'global_statement': {
      const s = mod.scopeOf(n);
      s.globals ??= new Set();
      for (const c of named(n)) if (c.type === 'identifier') s.globals.add(mod.t(c));
      break;
    }
    case 'function_definition': {
      const name = child(n, 'name');
      if (name) mark(mod.bind(mod.t(name), n, [{ k: 'fn', node: n, mod: mod }]));
      bindParams(mod, n, mark);
      break;
    }
    case 'class_definition': {
      const name = child(n, 'name');
      if (name) mark(mod.bind(mod.t(name), n, [{ k: 'cls', node: n, mod: mod }]));
      break;
    }
    case 'with_statement':
      walk(n, (x) => {
        if (x.type === 'as_pattern') {
          const target = child(x, 'alias');
          const id = target ? named(target)[0] : undefined;
          const value = named(x)[0];
          if (id && id.type === 'identifier' && value) mark(mod.bind(mod.t(id), id, mod.ev(value)));
          return false;
        }
        return x.type === 'block' ? false : undefined;
      });
      break;
    case 'call':
      bindCallArgs(mod, n, mark);
      break;
    default:
      break;
  }
}

/** Parameter nodes (name identifier + default value) of a function. */
function params(mod: Mod, fn: SNode): { name: SNode; def?: SNode; pattern?: SNode }[] {
  const out: { name: SNode; def?: SNode; pattern?: SNode }[] = [];
  const single = child(fn, 'parameter');
  if (single && single.type === 'identifier') return [{ name: single }];
  const ps = child(fn, 'parameters');
  if (!ps) return out;
  for (const p of named(ps)) {
    if (mod.lang === 'js') {
      if (p.type === 'identifier') out.push({ name: p });
      else if (p.type === 'assignment_pattern') {
        const l = child(p, 'left');
        if (l && l.type === 'identifier') out.push({ name: l, def: child(p, 'right') });
        else if (l) out.push({ name: l, pattern: l, def: child(p, 'right') });
      } else if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
        const pat = child(p, 'pattern');
        if (pat && pat.type === 'identifier') out.push({ name: pat, def: child(p, 'value') });
        else if (pat) out.push({ name: pat, pattern: pat, def: child(p, 'value') });
      } else out.push({ name: p, pattern: p });
    } else {
      if (p.type === 'identifier') out.push({ name: p });
      else if (p.type === 'typed_parameter') {
        const id = named(p).find((c) => c.type === 'identifier');
        if (id) out.push({ name: id });
      } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const nm = child(p, 'name');
        if (nm) out.push({ name: nm, def: child(p, 'value') });
      } else out.push({ name: p, pattern: p });
    }
  }
  return out;
}

function bindParams(mod: Mod, fn: SNode, mark: (c: boolean) => void): void {
  for (const p of params(mod, fn)) {
    if (!p.def) continue;
    const vals = mod.ev(p.def);
    if (!vals.length) continue;
    // parameters live in the function's own scope
    if (p.name.type === 'identifier') mark(bindIn(mod, fn, mod.t(p.name), vals));
  }
  // TS parameter properties: `constructor(private c = new S3())`
  const ps = child(fn, 'parameters');
  if (ps && mod.lang === 'js') {
    for (const p of named(ps)) {
      if (p.type !== 'required_parameter' && p.type !== 'optional_parameter') continue;
      if (!p.children.some((c) => c.type === 'accessibility_modifier' || c.type === 'readonly')) continue;
      const pat = child(p, 'pattern');
      const def = child(p, 'value');
      if (pat && pat.type === 'identifier' && def) mark(mod.bindProp(mod.t(pat), mod.ev(def)));
    }
  }
}

/** Binds a name in the scope of function `fn`. */
function bindIn(mod: Mod, fn: SNode, name: string, vals: readonly Val[]): boolean {
  let s = mod.scopes.get(fn);
  if (!s) mod.scopes.set(fn, (s = { node: fn, vars: new Map() }));
  let list = s.vars.get(name);
  if (!list) s.vars.set(name, (list = []));
  return addVals(list, vals);
}

/** Client values passed to a local function (or class: its constructor) flow into its parameters. */
function bindCallArgs(mod: Mod, call: SNode, mark: (c: boolean) => void): void {
  const fnNode = child(call, 'function');
  const argsNode = child(call, 'arguments');
  if (!fnNode || !argsNode) return;
  if (fnNode.type !== 'identifier' && fnNode.type !== 'member_expression' && fnNode.type !== 'attribute') return;
  bindArgs(mod, mod.ev(fnNode), argsNode, mark);
}

/**
 * Binds the client-like, string and environment values of a call's arguments to the parameters of
 * the local functions it calls: a function, a method, or a class (Python `Cls(...)`, JS `new
 * Cls(...)`: its `__init__` / `constructor`), in this module or an imported one. A constructor's
 * `self.x = param` / `this.x = param` then binds the attribute (TS parameter properties directly),
 * so the calls the class's methods make on it are the caller's calls, with the resource (table,
 * bucket) the caller's object names.
 */
function bindArgs(mod: Mod, callees: readonly Val[], argsNode: SNode, mark: (c: boolean) => void): void {
  const fns: { k: 'fn'; node: SNode; mod: Mod; ctor?: boolean }[] = [];
  const addCallee = (v: Val) => {
    if (v.k === 'fn') fns.push(v);
    else if (v.k === 'cls') {
      const c = constructorOf(v.mod, v.node);
      if (c) fns.push({ ...c, ctor: true });
    }
  };
  for (const v of callees) {
    if (v.k === 'local') for (const x of mod.graph.localValue(v, 1)) addCallee(x);
    else addCallee(v);
  }
  if (!fns.length) return;
  const args = named(argsNode);
  for (const f of fns) {
    const ps = params(f.mod, f.node);
    let pos = 0;
    const isMethod = f.mod.lang === 'py' && ps[0] && f.mod.t(ps[0].name) === 'self';
    for (const a of args) {
      let target: { name: SNode } | undefined;
      let valueNode: SNode = a;
      if (mod.lang === 'py' && a.type === 'keyword_argument') {
        const nm = child(a, 'name');
        target = nm ? ps.find((p) => f.mod.t(p.name) === mod.t(nm)) : undefined;
        valueNode = child(a, 'value') ?? a;
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'spread_element') {
        break;
      } else {
        target = ps[pos + (isMethod ? 1 : 0)];
        pos++;
      }
      if (!target || target.name.type !== 'identifier') continue;
      f.mod.recordParamSite(f.node, f.mod.t(target.name), mod, valueNode);
      const vals = mod.ev(valueNode).filter((v) => isClientLike(v) || v.k === 'str' || v.k === 'env' || v.k === 'obj');
      if (!vals.length) continue;
      let changed = bindIn(f.mod, f.node, f.mod.t(target.name), vals);
      // TS parameter property: `constructor(private readonly table: Table)`
      if (f.ctor && isParameterProperty(target.name)) changed = f.mod.bindProp(f.mod.t(target.name), vals) || changed;
      if (changed) mark(true);
      if (changed && f.mod !== mod) f.mod.graph.dirty.add(f.mod);
    }
  }
}

/** The constructor of a local class (Python `__init__`, JS `constructor`) as a function value. */
function constructorOf(m: Mod, cls: SNode): Extract<Val, { k: 'fn' }> | undefined {
  const c = m.classMethod(cls, m.lang === 'py' ? '__init__' : 'constructor')[0];
  return c?.k === 'fn' ? c : undefined;
}

/** A TypeScript constructor parameter declared with an accessibility modifier or `readonly`. */
function isParameterProperty(name: SNode): boolean {
  const p = name.parent;
  return !!p && (p.type === 'required_parameter' || p.type === 'optional_parameter') && p.children.some((c) => c.type === 'accessibility_modifier' || c.type === 'readonly');
}
