/**
 * AWS Chalice routes, read statically from a Python module's tree (never imported): the
 * `@<app>.route(path, methods=[…], authorizer=…, api_key_required=…)` decorators on the `Chalice`
 * app and on `Blueprint`s, with their view functions. A module counts as part of a Chalice project
 * when `.chalice/config.json` (or a template of it) exists in its folder or up to three folders above (`app.py` sits next
 * to `.chalice/`, blueprints live in `chalicelib/`).
 *
 * The taint analysis already treats `app.current_request` (json_body, query_params, uri_params,
 * raw_body, headers) inside these views as API input (code/engine.ts, code/sources.ts); this module
 * gives the endpoint side.
 */
import { dirname, joinPath, type Project } from '../project';
import type { Span } from '../types';
import { child, named, textOf, type SNode } from './syntax';

export interface ChaliceRoute {
  /** Upper-case methods (`GET` when not given, as Chalice does). */
  methods: string[];
  path: string;
  /** The view function's name. */
  view: string;
  /** The whole decorator (`@app.route('/x', methods=['POST'])`). */
  range: Span;
  /** `none`: no `authorizer=` (or `authorizer=None`); `authorizer`: one is given. */
  auth: 'none' | 'authorizer';
  apiKeyRequired: boolean;
}

const APP_CLASSES = new Set(['Chalice', 'Blueprint']);

/**
 * The `.chalice/config.json` of the project a module belongs to, if any. A `.chalice/` folder that
 * holds only a template of it (`config-sample.json`, `config.json.tpl`: projects that keep account
 * ids out of git) marks a Chalice project just as well; its first such file is returned.
 */
export function chaliceConfigFor(project: Project, file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 4; i++) {
    const cfg = joinPath(dir, '.chalice/config.json');
    if (project.exists(cfg)) return cfg;
    const names = project.listDir(joinPath(dir, '.chalice'));
    const tpl = names?.filter((n) => n.startsWith('config') && (n.endsWith('.json') || n.endsWith('.json.tpl') || n.endsWith('.json.template'))).sort()[0];
    if (tpl) return joinPath(dir, '.chalice/' + tpl);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Names bound at module level to `Chalice(…)` / `Blueprint(…)` from the `chalice` package. */
function appNames(root: SNode, src: string): Set<string> {
  const imported = new Map<string, string>(); // local name → Chalice | Blueprint
  const modules = new Set<string>(); // local names of the `chalice` module
  for (const st of root.children) {
    if (st.type === 'import_from_statement') {
      const mod = child(st, 'module_name');
      if (!mod || textOf(src, mod) !== 'chalice') continue;
      for (const n of st.children) {
        if (n.field !== 'name') continue;
        if (n.type === 'dotted_name' && APP_CLASSES.has(textOf(src, n))) imported.set(textOf(src, n), textOf(src, n));
        else if (n.type === 'aliased_import') {
          const orig = child(n, 'name');
          const alias = child(n, 'alias');
          if (orig && alias && APP_CLASSES.has(textOf(src, orig))) imported.set(textOf(src, alias), textOf(src, orig));
        }
      }
    } else if (st.type === 'import_statement') {
      for (const n of st.children) {
        if (n.field !== 'name') continue;
        if (n.type === 'dotted_name' && textOf(src, n) === 'chalice') modules.add('chalice');
        else if (n.type === 'aliased_import' && child(n, 'name') && textOf(src, child(n, 'name')!) === 'chalice' && child(n, 'alias')) modules.add(textOf(src, child(n, 'alias')!));
      }
    }
  }
  const out = new Set<string>();
  for (const st of root.children) {
    if (st.type !== 'expression_statement') continue;
    const a = named(st)[0];
    if (!a || a.type !== 'assignment') continue;
    const left = child(a, 'left');
    const right = child(a, 'right');
    if (!left || left.type !== 'identifier' || !right || right.type !== 'call') continue;
    const fn = child(right, 'function');
    if (!fn) continue;
    if (fn.type === 'identifier' && imported.has(textOf(src, fn))) out.add(textOf(src, left));
    else if (fn.type === 'attribute') {
      const obj = child(fn, 'object');
      const attr = child(fn, 'attribute');
      if (obj && attr && modules.has(textOf(src, obj)) && APP_CLASSES.has(textOf(src, attr))) out.add(textOf(src, left));
    }
  }
  return out;
}

function stringLiteral(src: string, n: SNode | undefined): string | undefined {
  if (!n || n.type !== 'string') return undefined;
  const t = textOf(src, n);
  let i = 0;
  while (i < t.length && t[i] !== '"' && t[i] !== "'") i++;
  const prefix = t.slice(0, i).toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const q = t.startsWith('"""', i) || t.startsWith("'''", i) ? 3 : 1;
  const body = t.slice(i + q, t.length - q);
  return prefix.includes('r') || !body.includes('\\') ? body : undefined;
}

/** Every route decorator of a Chalice app or blueprint in the module, in order. */
export function chaliceRoutes(root: SNode, src: string): ChaliceRoute[] {
  const apps = appNames(root, src);
  if (apps.size === 0) return [];
  const out: ChaliceRoute[] = [];
  for (const st of root.children) {
    if (st.type !== 'decorated_definition') continue;
    const def = child(st, 'definition');
    const view = def && child(def, 'name') ? textOf(src, child(def, 'name')!) : '?';
    for (const d of st.children) {
      if (d.type !== 'decorator') continue;
      const call = named(d)[0];
      if (!call || call.type !== 'call') continue;
      const fn = child(call, 'function');
      if (!fn || fn.type !== 'attribute') continue;
      const obj = child(fn, 'object');
      const attr = child(fn, 'attribute');
      if (!obj || !attr || !apps.has(textOf(src, obj)) || textOf(src, attr) !== 'route') continue;
      const args = child(call, 'arguments');
      if (!args) continue;
      const positional = named(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
      const path = stringLiteral(src, positional[0]);
      if (path === undefined) continue;
      let methods = ['GET'];
      let auth: ChaliceRoute['auth'] = 'none';
      let apiKeyRequired = false;
      for (const kw of named(args)) {
        if (kw.type !== 'keyword_argument') continue;
        const name = child(kw, 'name');
        const value = child(kw, 'value');
        if (!name || !value) continue;
        const k = textOf(src, name);
        if (k === 'methods') {
          if (value.type !== 'list' && value.type !== 'tuple') {
            methods = [];
            break;
          }
          const ms = named(value).map((m) => stringLiteral(src, m)?.toUpperCase());
          if (ms.some((m) => m === undefined)) {
            methods = [];
            break;
          }
          methods = ms as string[];
        } else if (k === 'authorizer' && value.type !== 'none') auth = 'authorizer';
        else if (k === 'api_key_required' && value.type !== 'false') apiKeyRequired = true;
      }
      if (methods.length === 0) continue; // computed methods: unknown
      out.push({ methods, path, view, range: { start: d.start, end: d.end }, auth, apiKeyRequired });
    }
  }
  return out;
}
