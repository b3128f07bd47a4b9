/**
 * Quick fixes for the taint sinks that had none (issue 11 item 7). Each keeps what a legitimate
 * request does, or is offered as a template with a placeholder the user must fill in:
 * - `eval(x)` whose result is used as a value → `JSON.parse(x)` (JS) / `ast.literal_eval(x)` (Python):
 *   the code evaluates data, and data parses the same way;
 * - `node-serialize.unserialize(x)` → `JSON.parse(x)` (its format is JSON; functions stay strings);
 *   `pickle.loads(x)` → `json.loads(x)` only when the file does not also pickle (the producer is
 *   elsewhere and must send JSON: the title says so);
 * - MongoDB filter values from input → `{ $eq: value }` (matches exactly what the value matched
 *   before when it was a scalar; an operator object is compared, not interpreted);
 * - a path built from a base and input → resolve it and check it stays under the base (every path
 *   inside the base still works);
 * - a redirect location from input → only relative paths (`/x`, not `//host` or `/\host`);
 * - HTML built from input in a Lambda response → HTML-escape each interpolated value (text and
 *   quoted-attribute context only);
 * - an outbound URL from input → parse it, require https and a host from an allowlist (template:
 *   the allowlist is a placeholder to fill in).
 */
import type { Ex } from './ir';
import type { SNode } from './syntax';
import type { CodeFix, CodeTextEdit } from './types';
import type { CallInfo } from './models';
import { BIT, flowsFor, type AV } from './values';
import { enclosingStatement, eolOf, freshName, insertBefore, insertTopLevel, isTs, jsString, moduleBinding, pyString, type FileLike } from './fix-edit';

function src(f: FileLike, n: SNode): string {
  return f.text.slice(n.start, n.end);
}

function file(ci: CallInfo): FileLike {
  return ci.fr.file as unknown as FileLike;
}

/** The call's value is used (assigned, returned, passed on, read), not thrown away. */
function valueUsed(n: SNode): boolean {
  let p = n.parent;
  while (p && (p.type === 'await_expression' || p.type === 'parenthesized_expression')) p = p.parent;
  return !!p && p.type !== 'expression_statement';
}

// --- code evaluation -------------------------------------------------------------------------

/** `eval(x)` used as a value → `JSON.parse(x)` / `ast.literal_eval(x)`. */
export function evalFix(ci: CallInfo): CodeFix | undefined {
  const f = file(ci);
  const positional = ci.e.args.filter((a) => !a.name && !a.spread);
  if (positional.length !== 1 || ci.e.args.length !== 1 || !valueUsed(ci.e.n)) return undefined;
  let arg = positional[0].v;
  const callee = ci.e.callee;
  if (f.lang === 'js') {
    if (callee.k !== 'name' || callee.id !== 'eval') return undefined;
    // eval('(' + text + ')') → JSON.parse(text)
    if (arg.k === 'bin' && arg.op === '+' && arg.r.k === 'lit' && arg.r.v === ')' && arg.l.k === 'bin' && arg.l.op === '+' && arg.l.l.k === 'lit' && arg.l.l.v === '(') arg = arg.l.r;
    return { title: 'Parse the data with JSON.parse instead of evaluating it', edits: [{ range: { start: ci.e.n.start, end: ci.e.n.end }, newText: `JSON.parse(${src(f, arg.n)})` }] };
  }
  if (callee.k !== 'name' || callee.id !== 'eval') return undefined;
  const ast = moduleBinding(f, ['ast'], 'ast');
  const edits: CodeTextEdit[] = [{ range: { start: callee.n.start, end: callee.n.end }, newText: `${ast.name}.literal_eval` }];
  if (ast.edit) edits.push(ast.edit);
  return { title: 'Parse the literal with ast.literal_eval instead of evaluating it', edits };
}

// --- deserialization -------------------------------------------------------------------------

/** `serialize.unserialize(x)` → `JSON.parse(x)`. */
export function unserializeFix(ci: CallInfo): CodeFix | undefined {
  const f = file(ci);
  if (f.lang !== 'js' || ci.q !== 'node-serialize.unserialize') return undefined;
  const a = ci.e.args[0];
  if (!a || a.spread || ci.e.args.length !== 1) return undefined;
  return { title: 'Parse JSON with JSON.parse (node-serialize writes JSON; no functions are revived)', edits: [{ range: { start: ci.e.n.start, end: ci.e.n.end }, newText: `JSON.parse(${src(f, a.v.n)})` }] };
}

/** `pickle.loads(x)` → `json.loads(x)`, unless the same file pickles (then the format is its own). */
export function pickleFix(ci: CallInfo): CodeFix | undefined {
  const f = file(ci);
  if (f.lang !== 'py') return undefined;
  const q = ci.q ?? '';
  const m = /^(pickle|cPickle|_pickle)\.(loads|load)$/.exec(q);
  if (!m || ci.e.args.length !== 1 || ci.e.args[0].name || ci.e.args[0].spread) return undefined;
  if (hasCall(f, ['dumps', 'dump'], ['pickle', 'cPickle', '_pickle'])) return undefined;
  const json = moduleBinding(f, ['json'], 'json');
  const edits: CodeTextEdit[] = [{ range: { start: ci.e.callee.n.start, end: ci.e.callee.n.end }, newText: `${json.name}.${m[2]}` }];
  if (json.edit) edits.push(json.edit);
  return { title: `Parse JSON with json.${m[2]} instead of unpickling (the sender must send JSON)`, edits };
}

/** The file calls `<module>.<fn>` (by text of the callee: `pickle.dumps(`). */
function hasCall(f: FileLike, fns: string[], mods: string[]): boolean {
  for (const mod of mods) for (const fn of fns) if (f.text.includes(`${mod}.${fn}(`)) return true;
  return false;
}

// --- NoSQL -----------------------------------------------------------------------------------

/**
 * MongoDB filter `{ field: value, … }` whose values come from input → each such value becomes
 * `{ $eq: value }`. One fix for the whole filter (every tainted field is its own finding, and they
 * usually share one message). Only for an object literal written in the call (or bound to the
 * variable passed) whose tainted values are plain values (not nested documents or arrays).
 */
export function nosqlEqFix(ci: CallInfo, argIndex: number): CodeFix | undefined {
  const f = file(ci);
  const a = ci.e.args.filter((x) => !x.name && !x.spread)[argIndex];
  const av = ci.args.filter((x) => !x.name)[argIndex]?.av;
  if (!a || !av) return undefined;
  let obj: Ex = a.v;
  if (obj.k === 'name' && av.bx) obj = av.bx;
  if (obj.k !== 'obj') return undefined;
  const edits: CodeTextEdit[] = [];
  for (const p of obj.props) {
    if (p.spread || p.key === null) return undefined;
    const v = av.f?.get(p.key);
    if (!v || !flowsFor(v, BIT.nosql).some((x) => x.json)) continue;
    if (p.key.startsWith('$') || p.v.k === 'obj' || p.v.k === 'arr') return undefined;
    // shorthand `{ id }` → `{ id: { $eq: id } }`
    const shorthand = p.n.start === p.v.n.start && p.n.end === p.v.n.end;
    const valueText = src(f, p.v.n);
    const wrapped = f.lang === 'py' ? `{"$eq": ${valueText}}` : `{ $eq: ${valueText} }`;
    edits.push(shorthand ? { range: { start: p.n.start, end: p.n.end }, newText: `${p.key}: ${wrapped}` } : { range: { start: p.v.n.start, end: p.v.n.end }, newText: wrapped });
  }
  if (!edits.length) return undefined;
  return { title: 'Compare the input with $eq (an operator object from the request is then matched, not interpreted)', edits };
}

// --- path traversal --------------------------------------------------------------------------

type Seg = { s: string } | { e: Ex };

function flat(e: Ex): Seg[] | undefined {
  if (e.k === 'lit') return typeof e.v === 'string' ? [{ s: e.v }] : undefined;
  if (e.k === 'tmpl') return e.tag ? undefined : e.parts.map((p) => (p.e ? { e: p.e } : { s: p.s ?? '' }));
  if (e.k === 'bin' && e.op === '+') {
    const l = flat(e.l) ?? [{ e: e.l }];
    const r = flat(e.r) ?? [{ e: e.r }];
    return [...l, ...r];
  }
  return undefined;
}

/** `join` imported by name from node's path module (`import { join } from 'node:path'`). */
function namedPathImport(f: FileLike, callee: Ex, fn: string): boolean {
  if (callee.k !== 'name') return false;
  return f.mod.body.some((s) => s.k === 'import' && ['path', 'node:path', 'path/posix', 'node:path/posix'].includes(s.source) && s.names.some((x) => x.imported === fn && x.local === callee.id));
}

/** The base directory a path expression is built on, as code: a constant prefix directory or the first `path.join` argument. */
function pathBase(ci: CallInfo, e: Ex, avOf: (x: Ex) => AV): string | undefined {
  const f = file(ci);
  const py = f.lang === 'py';
  if (e.k === 'call') {
    const callee = src(f, e.callee.n);
    // `normalize(join(BASE, x))`: normalising keeps the path under the same base question
    if (!py && (callee === 'path.normalize' || namedPathImport(f, e.callee, 'normalize')) && e.args.length === 1 && !e.args[0].spread) return pathBase(ci, e.args[0].v, avOf);
    const joins = py ? ['os.path.join', 'posixpath.join'] : ['path.join', 'path.resolve', 'path.posix.join', 'path.posix.resolve'];
    const named = !py && (namedPathImport(f, e.callee, 'join') || namedPathImport(f, e.callee, 'resolve'));
    if ((!joins.includes(callee) && !named) || e.args.length < 2 || e.args.some((a) => a.spread || a.name)) return undefined;
    const first = e.args[0].v;
    if (flowsFor(avOf(first), BIT['path-traversal']).length) return undefined;
    return src(f, first.n);
  }
  const segs = flat(e);
  if (!segs || !('s' in segs[0])) return undefined;
  const pre = segs[0].s;
  const slash = pre.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return py ? pyString(pre.slice(0, slash)) : jsString(pre.slice(0, slash));
}

/**
 * `fs.readFile(path.join(BASE, name))` / `open(f"/tmp/{name}")` → resolve the path first and throw
 * unless it stays under the base; every path inside the base still works.
 */
export function pathContainmentFix(ci: CallInfo, argIndex = 0): CodeFix | undefined {
  const f = file(ci);
  const a = ci.e.args.filter((x) => !x.spread)[argIndex];
  if (!a) return undefined;
  const argAv = ci.args[argIndex]?.av;
  // `const full = path.join(BASE, name); fs.readFileSync(full)`: the base of the expression the variable was built from
  const built = a.v.k === 'name' && argAv?.bx ? argAv.bx : a.v;
  const base = pathBase(ci, built, (x) => (x === a.v && argAv ? argAv : ci.engine.ev(x, ci.fr)));
  if (!base) return undefined;
  const st = enclosingStatement(f, ci.e.n);
  if (!st) return undefined;
  const eol = eolOf(f.text);
  if (f.lang === 'js') {
    const p = moduleBinding(f, ['path', 'node:path'], 'path');
    const v = freshName(f, 'safePath');
    const lines = [
      `const ${v} = ${p.name}.resolve(${src(f, a.v.n)});`,
      `if (!${v}.startsWith(${p.name}.resolve(${base}) + ${p.name}.sep)) throw new Error('Invalid path');`,
    ];
    const edits: CodeTextEdit[] = [insertBefore(st, lines, eol), { range: { start: a.v.n.start, end: a.v.n.end }, newText: v }];
    if (p.edit) edits.push(p.edit);
    return { title: 'Resolve the path and reject it unless it stays under its base directory', edits };
  }
  const os = moduleBinding(f, ['os'], 'os');
  const v = freshName(f, 'safe_path');
  const lines = [
    `${v} = ${os.name}.path.realpath(${src(f, a.v.n)})`,
    `if not ${v}.startswith(${os.name}.path.realpath(${base}) + ${os.name}.sep):`,
    `    raise ValueError("invalid path")`,
  ];
  const edits: CodeTextEdit[] = [insertBefore(st, lines, eol), { range: { start: a.v.n.start, end: a.v.n.end }, newText: v }];
  if (os.edit) edits.push(os.edit);
  return { title: 'Resolve the path and reject it unless it stays under its base directory', edits };
}

// --- open redirect ---------------------------------------------------------------------------

const PLAIN_READS = new Set(['identifier', 'member_expression', 'attribute', 'subscript']);

/**
 * A redirect location from input → keep it only when it is a relative path of this site:
 * `/x` but not `//host` or `/\host` (browsers read both as another host); anything else goes to `/`.
 * The expression must be a plain variable or property read (it is read three times).
 */
export function relativeRedirectFix(f: FileLike, n: SNode | undefined): CodeFix | undefined {
  if (!n || !PLAIN_READS.has(n.type)) return undefined;
  const t = src(f, n);
  if (t.includes('\n') || t.includes('?.') || t.includes('(')) return undefined;
  const text = f.lang === 'py'
    ? `(${t} if ${t}.startswith("/") and not ${t}.startswith("//") and not ${t}.startswith("/\\\\") else "/")`
    : `(${t}.startsWith('/') && !${t}.startsWith('//') && !${t}.startsWith('/\\\\') ? ${t} : '/')`;
  return { title: "Redirect only to a relative path of this site (else to '/')", edits: [{ range: { start: n.start, end: n.end }, newText: text }] };
}

// --- XSS -------------------------------------------------------------------------------------

/** Where an interpolation lands in an HTML text built so far: text, a quoted attribute, or a context an HTML escape does not cover. */
function htmlContext(before: string): 'text' | 'attr' | 'other' {
  const low = before.toLowerCase();
  const lastScript = Math.max(low.lastIndexOf('<script'), low.lastIndexOf('<style'));
  if (lastScript >= 0 && lastScript > Math.max(low.lastIndexOf('</script'), low.lastIndexOf('</style'))) return 'other';
  const lt = low.lastIndexOf('<');
  const gt = low.lastIndexOf('>');
  if (lt <= gt) return 'text';
  // inside a tag: only a quoted attribute value that is not a URL, event handler or style
  const inTag = low.slice(lt);
  let quote = '';
  let attrStart = -1;
  for (let i = 0; i < inTag.length; i++) {
    const c = inTag[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if ((c === '"' || c === "'") && inTag[i - 1] === '=') { quote = c; attrStart = i; }
  }
  if (!quote) return 'other';
  const name = /([a-z_:-]+)\s*=\s*$/.exec(inTag.slice(0, attrStart))?.[1] ?? '';
  if (!name || name.startsWith('on') || ['href', 'src', 'action', 'formaction', 'style', 'srcdoc', 'data', 'xlink:href'].includes(name)) return 'other';
  return 'attr';
}

const JS_ESCAPE = (name: string, ts: boolean) =>
  `function ${name}(value${ts ? ': unknown' : ''})${ts ? ': string' : ''} {\n  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');\n}`;

/**
 * An HTML response body built as a template / concatenation → escape each interpolated value that
 * carries input (`html.escape` in Python; a small `escapeHtml` helper added to a JS file). Offered
 * only when every such value lands in element text or a quoted, non-URL attribute.
 */
export function htmlEscapeFix(f: FileLike, body: Ex | undefined, carriesInput: (e: Ex) => boolean): CodeFix | undefined {
  if (!body) return undefined;
  let segsEx = body;
  const segs = flat(segsEx);
  if (!segs || !segs.some((s) => 'e' in s)) return undefined;
  const edits: CodeTextEdit[] = [];
  let before = '';
  let helper: string | undefined;
  let htmlMod: { name: string; edit?: CodeTextEdit } | undefined;
  for (const s of segs) {
    if ('s' in s) { before += s.s; continue; }
    if (!carriesInput(s.e)) { before += 'x'; continue; }
    const ctx = htmlContext(before);
    if (ctx === 'other') return undefined;
    const t = src(f, s.e.n);
    if (f.lang === 'py') {
      htmlMod ??= moduleBinding(f, ['html'], 'html');
      edits.push({ range: { start: s.e.n.start, end: s.e.n.end }, newText: `${htmlMod.name}.escape(str(${t}))` });
    } else {
      helper ??= freshName(f, 'escapeHtml');
      edits.push({ range: { start: s.e.n.start, end: s.e.n.end }, newText: `${helper}(${t})` });
    }
    before += 'x';
  }
  if (!edits.length) return undefined;
  if (htmlMod?.edit) edits.push(htmlMod.edit);
  if (helper) {
    edits.push(insertTopLevel(f, JS_ESCAPE(helper, isTs(f)), true));
  }
  void segsEx;
  return { title: 'HTML-escape the values from the request', edits };
}

/** The `urlparse` reachable from an existing binding of urllib.parse (`import urllib.parse` → `urllib.parse.urlparse`; `import urllib.parse as up` → `up.urlparse`). */
function pyBoundParse(f: FileLike, local: string): string {
  for (const s of f.mod.body) if (s.k === 'import' && s.source === 'urllib.parse' && s.names.some((x) => x.imported === '*pkg' && x.local === local)) return `${local}.parse.urlparse`;
  return `${local}.urlparse`;
}

// --- SSRF ------------------------------------------------------------------------------------

export const HOST_PLACEHOLDER = 'api.example.com';

/**
 * An outbound request whose URL comes from input → parse it and require https and a host from an
 * allowlist (a constant the user fills in: the fix is a template, marked by its placeholder).
 */
export function ssrfAllowlistFix(ci: CallInfo, argIndex = 0): (CodeFix & { placeholder: string }) | undefined {
  const f = file(ci);
  const a = ci.e.args.filter((x) => !x.spread)[argIndex];
  if (!a || (a.name && a.name !== 'url')) return undefined;
  const st = enclosingStatement(f, ci.e.n);
  if (!st) return undefined;
  const eol = eolOf(f.text);
  // a URL the code builds on a constant `http://` keeps that scheme (requiring https would refuse every request)
  const built = a.v.k === 'name' ? ci.args[argIndex]?.av?.bx ?? a.v : a.v;
  const segs = flat(built);
  const scheme = segs && 's' in segs[0] && segs[0].s.toLowerCase().startsWith('http://') ? 'http' : 'https';
  const hosts = freshName(f, f.lang === 'py' ? 'ALLOWED_HOSTS' : 'ALLOWED_HOSTS');
  const v = freshName(f, f.lang === 'py' ? 'target' : 'target');
  const edits: CodeTextEdit[] = [];
  if (f.lang === 'js') {
    edits.push(insertTopLevel(f, `// Hosts this function may call (fill in).\nconst ${hosts} = new Set([${jsString(HOST_PLACEHOLDER)}]);`, true));
    edits.push(insertBefore(st, [`const ${v} = new URL(${src(f, a.v.n)});`, `if (${v}.protocol !== '${scheme}:' || !${hosts}.has(${v}.hostname)) throw new Error('Host not allowed');`], eol));
    edits.push({ range: { start: a.v.n.start, end: a.v.n.end }, newText: `${v}.href` });
  } else {
    const up = moduleBinding(f, ['urllib.parse'], 'urllib');
    // `import urllib.parse` binds the package; `import urllib.parse as x` binds the module
    const parse = up.edit && !('dotted' in up) ? `${up.name}.parse.urlparse` : up.edit ? `${up.name}.urlparse` : pyBoundParse(f, up.name);
    const top = insertTopLevel(f, `# Hosts this function may call (fill in).\n${hosts} = {${pyString(HOST_PLACEHOLDER)}}`, true);
    // one insertion for the import and the constant (two inserts at one offset apply in client-specific order)
    edits.push(up.edit && up.edit.range.start === top.range.start ? { range: top.range, newText: up.edit.newText + top.newText } : top);
    if (up.edit && up.edit.range.start !== top.range.start) edits.push(up.edit);
    edits.push(insertBefore(st, [`${v} = ${parse}(${src(f, a.v.n)})`, `if ${v}.scheme != "${scheme}" or ${v}.hostname not in ${hosts}:`, `    raise ValueError("host not allowed")`], eol));
    edits.push({ range: { start: a.v.n.start, end: a.v.n.end }, newText: `${v}.geturl()` });
  }
  return { title: `Require ${scheme} and a host from an allowlist (fill in the hosts)`, edits, placeholder: HOST_PLACEHOLDER };
}

// --- XXE -------------------------------------------------------------------------------------

/**
 * Python standard-library XML parsers → the same function of defusedxml, which parses every
 * document the standard library parses but refuses DTD entity tricks (external entities, entity
 * expansion bombs). Offered only when the file already imports defusedxml (the project then has the
 * dependency) and the call passes the document alone. Source: https://pypi.org/project/defusedxml/
 * ("defusedxml.ElementTree / minidom / pulldom / sax / expatbuilder … drop-in replacements").
 */
const DEFUSED: Record<string, string> = {
  'xml.etree.ElementTree': 'defusedxml.ElementTree',
  'xml.etree.cElementTree': 'defusedxml.ElementTree',
  'xml.dom.minidom': 'defusedxml.minidom',
  'xml.dom.pulldom': 'defusedxml.pulldom',
  'xml.sax': 'defusedxml.sax',
  'xml.dom.expatbuilder': 'defusedxml.expatbuilder',
};
const DEFUSED_FNS = new Set(['fromstring', 'XML', 'parse', 'iterparse', 'fromstringlist', 'parseString']);

/** `libxmljs.parseXml(x, { noent: true })` → `noent: false`; Python stdlib XML parser → defusedxml. */
export function xxeFix(ci: CallInfo): CodeFix | undefined {
  const f = file(ci);
  const q = ci.q ?? '';
  if (f.lang === 'js') {
    const opt = ci.e.args[1];
    if (!opt || opt.spread || opt.v.k !== 'obj') return undefined;
    const p = opt.v.props.find((x) => !x.spread && x.key === 'noent');
    if (!p || p.v.k !== 'lit' || p.v.v !== true) return undefined;
    return { title: 'Do not expand entities (noent: false): external entities are then not loaded', edits: [{ range: { start: p.v.n.start, end: p.v.n.end }, newText: 'false' }] };
  }
  const dot = q.lastIndexOf('.');
  const mod = DEFUSED[q.slice(0, dot)];
  const fn = q.slice(dot + 1);
  if (!mod || !DEFUSED_FNS.has(fn) || (mod === 'defusedxml.sax' && fn !== 'parse' && fn !== 'parseString')) return undefined;
  if (ci.e.args.length !== 1 || ci.e.args[0].name || ci.e.args[0].spread) return undefined;
  if (!f.mod.body.some((s) => s.k === 'import' && (s.source === 'defusedxml' || s.source.startsWith('defusedxml.')))) return undefined;
  const local = mod.slice(mod.indexOf('.') + 1);
  const b = moduleBinding(f, [mod], `defused_${local.toLowerCase()}`);
  const edits: CodeTextEdit[] = [{ range: { start: ci.e.callee.n.start, end: ci.e.callee.n.end }, newText: `${b.name}.${fn}` }];
  if (b.edit) edits.push(b.edit);
  return { title: `Parse with ${mod}.${fn} (the file already uses defusedxml): DTD entities are refused`, edits };
}
