/**
 * Units of a module for reachability (`Mod.collectUnits`): the regions each top-level name is
 * defined by, the init code that runs on import, the exports map (ESM and CommonJS forms,
 * re-exports) and, for Python, the functions registered through decorators. Runs after the calls
 * are collected (a top-level declaration whose value calls AWS directly is init code).
 */
import { child, walk, type SNode } from '../code/syntax';
import type { Mod } from './sdk-module';
import { JS_FUNCS, PY_FUNCS, named, nodeAtRange } from './sdk-syntax';

export function collectUnits(mod: Mod): void {
  const addUnit = (name: string, node: SNode, init = false) => {
    let list = mod.units.get(name);
    if (!list) mod.units.set(name, (list = []));
    list.push({ node, init });
  };
  for (const st of named(mod.root)) {
    if (mod.lang === 'js') unitsJs(mod, st, addUnit);
    else unitsPy(mod, st, addUnit);
  }
}

function unitsJs(mod: Mod, st: SNode, addUnit: (name: string, node: SNode) => void): void {
  switch (st.type) {
    case 'import_statement':
      return;
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration': {
      const name = child(st, 'name');
      if (name) addUnit(mod.t(name), st);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const d of named(st)) {
        if (d.type !== 'variable_declarator') continue;
        const name = child(d, 'name');
        if (!name) continue;
        const names = name.type === 'identifier' ? [mod.t(name)] : patternNames(name, mod.text);
        for (const nm of names) addUnit(nm, d);
        if (hasDirectCall(mod, child(d, 'value'))) mod.init.push(d);
      }
      return;
    case 'export_statement': {
      const decl = child(st, 'declaration');
      const value = child(st, 'value');
      const clause = st.children.find((c) => c.type === 'export_clause');
      const src = child(st, 'source');
      const spec = src ? mod.str(src) : undefined;
      if (decl) {
        unitsJs(mod, decl, addUnit);
        const isDefault = st.children.some((c) => c.type === 'default');
        if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
          for (const d of named(decl)) {
            const nm = d.type === 'variable_declarator' ? child(d, 'name') : undefined;
            if (nm) for (const x of nm.type === 'identifier' ? [mod.t(nm)] : patternNames(nm, mod.text)) mod.exportsMap.set(x, { local: x });
          }
        } else {
          const nm = child(decl, 'name');
          if (nm) mod.exportsMap.set(isDefault ? 'default' : mod.t(nm), { local: mod.t(nm) });
        }
      } else if (value) {
        if (value.type === 'identifier') mod.exportsMap.set('default', { local: mod.t(value) });
        else {
          mod.exportsMap.set('default', { node: value });
          addUnit('\0default', value);
        }
      } else if (clause) {
        for (const s of named(clause)) {
          if (s.type !== 'export_specifier') continue;
          const nm = child(s, 'name');
          const alias = child(s, 'alias') ?? nm;
          if (!nm || !alias) continue;
          if (spec !== undefined) mod.exportsMap.set(mod.t(alias), { reexport: { spec, name: mod.t(nm) } });
          else mod.exportsMap.set(mod.t(alias), { local: mod.t(nm) });
        }
      } else if (spec !== undefined) {
        mod.starReexports.push(spec);
      }
      return;
    }
    case 'expression_statement': {
      const e = named(st)[0];
      if (e && e.type === 'assignment_expression') {
        const target = exportTarget(child(e, 'left'), mod.text);
        const right = child(e, 'right');
        if (target && right) {
          if (target === '*') {
            if (right.type === 'object') {
              for (const p of named(right)) {
                if (p.type === 'shorthand_property_identifier') mod.exportsMap.set(mod.t(p), { local: mod.t(p) });
                else if (p.type === 'pair') {
                  const k = child(p, 'key');
                  const v = child(p, 'value');
                  if (!k || !v) continue;
                  const key = k.type === 'property_identifier' ? mod.t(k) : mod.str(k);
                  if (key === undefined) continue;
                  if (v.type === 'identifier') mod.exportsMap.set(key, { local: mod.t(v) });
                  else {
                    mod.exportsMap.set(key, { node: v });
                    addUnit(`\0exports.${key}`, v);
                  }
                } else if (p.type === 'method_definition') {
                  const k = child(p, 'name');
                  if (k) {
                    mod.exportsMap.set(mod.t(k), { node: p });
                    addUnit(`\0exports.${mod.t(k)}`, p);
                  }
                }
              }
            } else {
              mod.moduleExportsNode = right;
              if (right.type === 'identifier') mod.exportsMap.set('default', { local: mod.t(right) });
              else {
                mod.exportsMap.set('default', { node: right });
                addUnit('\0default', right);
              }
            }
          } else {
            if (right.type === 'identifier') mod.exportsMap.set(target, { local: mod.t(right) });
            else {
              mod.exportsMap.set(target, { node: right });
              addUnit(`\0exports.${target}`, right);
            }
          }
          if (hasDirectCall(mod, right)) mod.init.push(st);
          return;
        }
        // `x = …` at top level: a unit of x (init when it calls AWS directly)
        const left = child(e, 'left');
        if (left && left.type === 'identifier') {
          addUnit(mod.t(left), st);
          if (hasDirectCall(mod, right)) mod.init.push(st);
          return;
        }
      }
      mod.init.push(st);
      return;
    }
    case 'empty_statement':
      return;
    default:
      mod.init.push(st);
  }
}

function unitsPy(mod: Mod, st: SNode, addUnit: (name: string, node: SNode) => void): void {
  switch (st.type) {
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return;
    case 'function_definition':
    case 'class_definition': {
      const name = child(st, 'name');
      if (name) addUnit(mod.t(name), st);
      return;
    }
    case 'decorated_definition': {
      const d = child(st, 'definition');
      const name = d ? child(d, 'name') : undefined;
      if (name) addUnit(mod.t(name), st);
      // decorators run at import
      for (const c of named(st)) if (c.type === 'decorator' && hasDirectCall(mod, c)) mod.init.push(c);
      // `@app.get("/orders")`: the function is registered with `app` and runs when `app` does
      for (const c of named(st)) {
        if (c.type !== 'decorator') continue;
        walk(c, (x) => {
          if (x.type === 'identifier') {
            const nm = mod.t(x);
            let list = mod.decorated.get(nm);
            if (!list) mod.decorated.set(nm, (list = []));
            if (!list.includes(st)) list.push(st);
          }
          return undefined;
        });
      }
      return;
    }
    case 'expression_statement': {
      const e = named(st)[0];
      if (e && e.type === 'assignment') {
        const left = child(e, 'left');
        if (left && left.type === 'identifier') {
          addUnit(mod.t(left), st);
          if (hasDirectCall(mod, child(e, 'right'))) mod.init.push(st);
          return;
        }
      }
      mod.init.push(st);
      return;
    }
    case 'if_statement': {
      const cond = child(st, 'condition');
      if (cond && mod.t(cond).replace(/\s+/g, ' ').includes('__name__ == ') && mod.t(cond).includes('__main__')) return;
      mod.init.push(st);
      return;
    }
    default:
      mod.init.push(st);
  }
}

/** Does the subtree contain an SDK call outside nested functions? (Calls are collected first.) */
function hasDirectCall(mod: Mod, n: SNode | undefined | null): boolean {
  if (!n) return false;
  const funcs = mod.lang === 'js' ? JS_FUNCS : PY_FUNCS;
  for (const c of mod.calls) {
    if (c.callRange.start < n.start || c.callRange.end > n.end) continue;
    // inside a nested function of n?
    let p: SNode | null = nodeAtRange(n, c.callRange);
    let nested = false;
    while (p) {
      if (funcs.has(p.type) || p.type === 'class_declaration' || p.type === 'class' || p.type === 'class_definition') {
        nested = true;
        break;
      }
      if (p === n) break;
      p = p.parent;
    }
    if (!nested) return true;
  }
  return false;
}

function patternNames(n: SNode, src: string): string[] {
  const out: string[] = [];
  walk(n, (x) => {
    if (x.type === 'identifier' || x.type === 'shorthand_property_identifier_pattern') out.push(src.slice(x.start, x.end));
    if (x.type === 'pair_pattern') {
      const v = child(x, 'value');
      if (v) out.push(...patternNames(v, src));
      return false;
    }
    return undefined;
  });
  return out;
}

/** `exports.x` / `module.exports.x` → `x`; `module.exports` → `*`. */
function exportTarget(left: SNode | undefined, src: string): string | undefined {
  if (!left || left.type !== 'member_expression') return undefined;
  const obj = child(left, 'object');
  const prop = child(left, 'property');
  if (!obj || !prop) return undefined;
  const o = src.slice(obj.start, obj.end);
  const p = src.slice(prop.start, prop.end);
  if (o === 'module' && p === 'exports') return '*';
  if (o === 'exports' || o === 'module.exports') return p;
  return undefined;
}
