/**
 * Quick fixes for taint findings whose shape is simple:
 * - SQL built from strings → parameterised query (mysql/mysql2/sqlite: `?`, pg: `$1`, Python
 *   DB-API: `%s`, sqlite3: `?`), when every interpolation is in a value position;
 * - `child_process.exec(template)` → `execFile(cmd, [args])` when the template is plain words;
 * - `subprocess.run(str, shell=True)` → list form without `shell=True`;
 * - `yaml.load` → `yaml.safe_load`.
 * Edits are computed from the IR and the file text only.
 */
import { moduleBinding, type FileLike } from './fix-edit';
import type { Ex, St } from './ir';
import type { SNode } from './syntax';
import type { CodeFix, CodeTextEdit } from './types';
import type { CallInfo } from './models';
import { decodePyString } from './lower-py';

/** A constant piece, or an expression (`fmt`: converted to text by an f-string / `%` / `.format`, with `%` its conversion). */
type Seg = { s: string } | { e: Ex; fmt?: string };

function src(ci: CallInfo, n: SNode): string {
  return ci.fr.file.text.slice(n.start, n.end);
}

/** Flatten a string-building expression into constant and expression segments. */
function segments(ci: CallInfo, e: Ex, py: boolean): Seg[] | undefined {
  switch (e.k) {
    case 'lit':
      return typeof e.v === 'string' ? [{ s: e.v }] : undefined;
    case 'tmpl':
      if (e.tag) return undefined;
      return e.parts.map((p) => (p.e ? { e: p.e, fmt: 's' } : { s: p.s ?? '' }));
    case 'bin': {
      if (e.op === '+') {
        const l = segments(ci, e.l, py);
        const r = segments(ci, e.r, py);
        if (!l || !r) {
          // a + b where one side is an arbitrary expression
          const ls = l ?? [{ e: e.l } as Seg];
          const rs = r ?? [{ e: e.r } as Seg];
          return [...ls, ...rs];
        }
        return [...l, ...r];
      }
      if (e.op === '%' && py && e.l.k === 'lit' && typeof e.l.v === 'string') {
        const items = e.r.k === 'arr' && e.r.kind === 'tuple' ? e.r.items.map((i) => i.v) : [e.r];
        const fmt = e.l.v;
        const out: Seg[] = [];
        let last = 0;
        let idx = 0;
        for (let i = 0; i < fmt.length; i++) {
          if (fmt[i] !== '%') continue;
          if (fmt[i + 1] === '%') { i++; continue; }
          const conv = fmt[i + 1];
          if (!conv || !'sdirf'.includes(conv)) return undefined;
          out.push({ s: fmt.slice(last, i) });
          const it = items[idx++];
          if (!it) return undefined;
          out.push({ e: it, fmt: conv });
          last = i + 2;
          i++;
        }
        if (idx !== items.length) return undefined;
        out.push({ s: fmt.slice(last) });
        return out;
      }
      return undefined;
    }
    case 'call': {
      if (py && e.callee.k === 'member' && e.callee.prop === 'format' && e.callee.obj.k === 'lit' && typeof e.callee.obj.v === 'string') {
        const fmt = e.callee.obj.v;
        const out: Seg[] = [];
        let last = 0;
        let auto = 0;
        for (let i = 0; i < fmt.length; i++) {
          if (fmt[i] === '{') {
            if (fmt[i + 1] === '{') { i++; continue; }
            const close = fmt.indexOf('}', i);
            if (close < 0) return undefined;
            const field = fmt.slice(i + 1, close);
            let a: Ex | undefined;
            if (field === '') a = e.args.filter((x) => !x.name)[auto++]?.v;
            else if (/^\d+$/.test(field)) a = e.args.filter((x) => !x.name)[Number(field)]?.v;
            else a = e.args.find((x) => x.name === field)?.v;
            if (!a) return undefined;
            out.push({ s: fmt.slice(last, i) }, { e: a, fmt: 's' });
            last = close + 1;
            i = close;
          }
        }
        out.push({ s: fmt.slice(last) });
        return out;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function jsStringLiteral(s: string): string {
  if (s.includes('\n')) return '`' + s.split('\\').join('\\\\').split('`').join('\\`').split('${').join('\\${') + '`';
  return "'" + s.split('\\').join('\\\\').split("'").join("\\'").split('\r').join('\\r') + "'";
}

function pyStringLiteral(s: string): string {
  if (s.includes('\n')) return '"""' + s.split('\\').join('\\\\').split('"""').join('\\"\\"\\"') + '"""';
  return '"' + s.split('\\').join('\\\\').split('"').join('\\"') + '"';
}

function isValuePosition(before: string): boolean {
  const t = before.trimEnd().toLowerCase();
  if (!t.length) return false;
  const last = t[t.length - 1];
  if ('=<>(,'.includes(last)) return true;
  for (const w of ['like', 'ilike', 'limit', 'offset', 'in', 'between', 'and']) {
    if (t.endsWith(w) && (t.length === w.length || !/[a-z0-9_]/.test(t[t.length - w.length - 1]))) {
      if (w === 'and') return /\bbetween\s+\S+\s+and$/.test(t);
      return true;
    }
  }
  return false;
}

type Dialect = '?' | '$' | '%s' | ':';

function sqlDialect(ci: CallInfo): Dialect | undefined {
  const imps = ci.fr.file.imports;
  const has = (xs: string[]) => xs.some((x) => imps.has(x));
  if (ci.fr.file.lang === 'py') {
    if (has(['sqlite3', 'aiosqlite'])) return '?';
    if (has(['psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'mysql.connector', 'pg8000', 'pymssql', 'redshift_connector', 'psycopg2.extras'])) return '%s';
    return undefined;
  }
  if (has(['pg', 'postgres', '@neondatabase/serverless', 'pg-promise', '@vercel/postgres'])) return '$';
  if (has(['mysql', 'mysql2', 'serverless-mysql', 'sqlite3', 'better-sqlite3', 'sqlite'])) return '?';
  return undefined;
}

/** Stands for a parameter while the SQL text is rebuilt. */
const HOLE = '\u0000';

/** Offset of the quote that opens a string literal still open at the end of `sql` (-1 when none). */
function openQuote(sql: string, quotes: string): number {
  let open = -1;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (open < 0) { if (quotes.includes(ch)) open = i; continue; }
    if (ch !== sql[open]) continue;
    if (sql[i + 1] === ch) { i++; continue; } // '' inside a literal
    open = -1;
  }
  return open;
}

/** Rewrite the SQL of a query call into a parameterised query. */
export function sqlFix(ci: CallInfo): CodeFix | undefined {
  const py = ci.fr.file.lang === 'py';
  // SQLAlchemy `execute(text("…"))`: named parameters `:p1`, passed as a dict after the text()
  const textCall = py && ci.e.args[0]?.v.k === 'call' && ci.args[0]?.av.inst === 'sqltext' ? (ci.e.args[0].v as Extract<Ex, { k: 'call' }>) : undefined;
  if (textCall) return sqlAlchemyTextFix(ci, textCall);
  const dialect = sqlDialect(ci);
  if (!dialect) return undefined;
  const positional = ci.e.args.filter((a) => !a.name && !a.spread);
  if (ci.e.args.some((a) => a.name || a.spread)) return undefined;
  const first = positional[0];
  if (!first) return undefined;
  const rest = positional.slice(1);
  // allow only a trailing callback (sqlite3 / mysql callbacks)
  if (rest.length > 1 || (rest.length === 1 && rest[0].v.k !== 'fn')) return undefined;
  let sqlEx: Ex = first.v;
  let declEdit: { node: SNode } | undefined;
  if (sqlEx.k === 'name') {
    const a = ci.args[0]?.av;
    if (!a || !a.bx || !a.bn) return undefined;
    sqlEx = a.bx;
    declEdit = { node: a.bx.n };
  }
  const built = parameterise(ci, sqlEx, dialect, !!declEdit);
  if (!built) return undefined;
  const { sql, params } = built;
  const lit = py ? pyStringLiteral(sql) : jsStringLiteral(sql);
  const paramsText = py ? `(${params.join(', ')}${params.length === 1 ? ',' : ''})` : `[${params.join(', ')}]`;
  const edits: CodeTextEdit[] = [];
  if (declEdit) {
    edits.push({ range: { start: declEdit.node.start, end: declEdit.node.end }, newText: lit });
    edits.push({ range: { start: first.v.n.start, end: first.v.n.end }, newText: `${src(ci, first.v.n)}, ${paramsText}` });
  } else {
    edits.push({ range: { start: first.v.n.start, end: first.v.n.end }, newText: `${lit}, ${paramsText}` });
  }
  return { title: 'Use a parameterised query', edits };
}

/**
 * The SQL of a string-building expression with every interpolated value in a value position
 * replaced by a placeholder of `dialect`, and the parameter texts; undefined when a value sits
 * elsewhere (an identifier, a keyword, a fragment). `named`: values must be variables (the
 * expression is moved to a declaration).
 */
function parameterise(ci: CallInfo, sqlEx: Ex, dialect: Dialect, named: boolean): { sql: string; params: string[]; quoted: boolean[] } | undefined {
  const py = ci.fr.file.lang === 'py';
  const declEdit = named;
  const segs = segments(ci, sqlEx, py);
  if (!segs || !segs.some((s) => 'e' in s)) return undefined;
  let sql = '';
  const params: string[] = [];
  const quoted: boolean[] = [];
  // string literals: `'` always; `"` too except in PostgreSQL, where it quotes an identifier
  const quotes = dialect === '$' ? "'" : '\'"';
  const exprText = (x: Seg & { e: Ex }) => {
    const t = src(ci, x.e.n);
    if (declEdit && !ci.engine.keyOf(x.e)) return undefined;
    return t;
  };
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if ('s' in s) { sql += s.s; continue; }
    const open = openQuote(sql, quotes);
    let param: string | undefined;
    if (open >= 0) {
      // inside a quoted SQL string: the whole literal (constant text and values) becomes one text parameter
      const q = sql[open];
      const pieces: Seg[] = [];
      const prefix = sql.slice(open + 1);
      if (prefix) pieces.push({ s: prefix });
      pieces.push(s);
      let j = i + 1;
      let closed = false;
      for (; j < segs.length; j++) {
        const x = segs[j];
        if ('e' in x) { pieces.push(x); continue; }
        const at = x.s.indexOf(q);
        if (at < 0) { pieces.push(x); continue; }
        if (x.s[at + 1] === q) return undefined; // a doubled quote: an escaped quote inside the literal
        if (at > 0) pieces.push({ s: x.s.slice(0, at) });
        segs[j] = { s: x.s.slice(at + 1) };
        closed = true;
        break;
      }
      if (!closed || !isValuePosition(sql.slice(0, open))) return undefined;
      if (pieces.some((x) => 's' in x && (x.s.includes('\\') || x.s.includes(q)))) return undefined;
      const texts = pieces.map((x) => ('s' in x ? undefined : exprText(x as Seg & { e: Ex })));
      if (pieces.some((x, k) => 'e' in x && texts[k] === undefined)) return undefined;
      if (pieces.length === 1) {
        const only = pieces[0] as Seg & { e: Ex; fmt?: string };
        // a value formatted into a quoted literal was text: it stays text (a driver would send an int as a number)
        param = py && only.fmt ? `str(${texts[0]})` : texts[0];
      } else if (py) {
        if (texts.some((t) => t !== undefined && (t.includes('"') || t.includes('\\') || t.includes('\n')))) return undefined;
        param = 'f"' + pieces.map((x, k) => ('s' in x ? x.s.split('"').join('\\"').split('{').join('{{').split('}').join('}}') : `{${texts[k]}}`)).join('') + '"';
      } else {
        param = '`' + pieces.map((x, k) => ('s' in x ? x.s.split('`').join('\\`').split('${').join('\\${') : '${' + texts[k] + '}')).join('') + '`';
      }
      sql = sql.slice(0, open);
      i = j - 1;
    } else {
      if (!isValuePosition(sql)) return undefined;
      param = exprText(s as Seg & { e: Ex });
      if (param === undefined) return undefined;
    }
    params.push(param!);
    quoted.push(open >= 0);
    sql += HOLE;
  }
  if (segs.some((x) => 's' in x && x.s.includes(HOLE))) return undefined;
  // DB-API drivers %-format the query when parameters are passed: a literal % is written %%
  if (dialect === '%s') sql = sql.split('%').join('%%');
  let n = 0;
  sql = sql.split(HOLE).map((part, k) => (k === 0 ? part : (dialect === '$' ? `$${++n}` : dialect === ':' ? `:p${++n}` : dialect) + part)).join('');
  return { sql, params, quoted };
}

/**
 * boto3 `client.execute_statement(Statement=f"… WHERE pk = '{x}'")` → `Statement="… WHERE pk = ?",
 * Parameters=[{"S": x}]`: PartiQL parameters of the low-level client are typed attribute values;
 * offered only when every value sat in a quoted PartiQL string (type S), the only type the text shows.
 */
export function partiqlFix(ci: CallInfo): CodeFix | undefined {
  if (ci.fr.file.lang !== 'py' || ci.e.args.some((a) => a.name === 'Parameters' || a.spread || !a.name)) return undefined;
  const st = ci.e.args.find((a) => a.name === 'Statement');
  if (!st) return undefined;
  const built = parameterise(ci, st.v, '?', false);
  if (!built || built.quoted.some((q) => !q)) return undefined;
  const list = '[' + built.params.map((p) => `{"S": ${p}}`).join(', ') + ']';
  return {
    title: 'Pass the values as PartiQL parameters',
    edits: [{ range: { start: st.v.n.start, end: st.v.n.end }, newText: `${pyStringLiteral(built.sql)}, Parameters=${list}` }],
  };
}

/** `session.execute(text("… = '" + x + "'"))` → `session.execute(text("… = :p1"), {"p1": x})`. */
function sqlAlchemyTextFix(ci: CallInfo, textCall: Extract<Ex, { k: 'call' }>): CodeFix | undefined {
  if (ci.e.args.length !== 1 || textCall.args.length !== 1 || textCall.args[0].name || textCall.args[0].spread) return undefined;
  const built = parameterise(ci, textCall.args[0].v, ':', false);
  if (!built) return undefined;
  const dict = '{' + built.params.map((p, i) => `"p${i + 1}": ${p}`).join(', ') + '}';
  return {
    title: 'Use a parameterised query (bound parameters of text())',
    edits: [
      { range: { start: textCall.args[0].v.n.start, end: textCall.args[0].v.n.end }, newText: pyStringLiteral(built.sql) },
      { range: { start: textCall.n.end, end: textCall.n.end }, newText: `, ${dict}` },
    ],
  };
}

const SHELL_META = '|&;<>()$`\\"\'*?[]#~{}!\n\r';
/** Characters a POSIX shell still interprets inside double quotes. */
const DQ_META = '$`\\!';

interface Word { segs: Seg[] }

/**
 * Split a shell command line into words, or undefined when it has shell syntax other than blanks
 * and quoting. A quoted stretch (`'…'` or `"…"`, possibly around an interpolated value) stays in
 * its word without the quotes: for a legitimate value (no quote, `$`, backquote or backslash) the
 * shell passed exactly that text as one argument, so the argument array passes the same.
 */
function words(segs: Seg[]): Word[] | undefined {
  const out: Word[] = [];
  let cur: Seg[] = [];
  let started = false;
  let quote = '';
  let buf = '';
  const flushBuf = () => { if (buf) { cur.push({ s: buf }); buf = ''; } };
  const flushWord = () => {
    flushBuf();
    if (cur.length) out.push({ segs: cur });
    else if (started) out.push({ segs: [{ s: '' }] });
    cur = [];
    started = false;
  };
  for (const s of segs) {
    if ('e' in s) { flushBuf(); cur.push(s); started = true; continue; }
    for (const ch of s.s) {
      if (quote) {
        if (ch === quote) quote = '';
        else if (quote === '"' && DQ_META.includes(ch)) return undefined;
        else if (ch === '\n' || ch === '\r') return undefined;
        else buf += ch;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
        started = true;
      } else if (ch === ' ' || ch === '\t') flushWord();
      else if (SHELL_META.includes(ch)) return undefined;
      else { buf += ch; started = true; }
    }
  }
  if (quote) return undefined;
  flushWord();
  // adjacent constant pieces of one word ('a'"b"c) are one piece
  for (const w of out) {
    const merged: Seg[] = [];
    for (const x of w.segs) {
      const last = merged[merged.length - 1];
      if ('s' in x && last && 's' in last) merged[merged.length - 1] = { s: last.s + x.s };
      else merged.push(x);
    }
    w.segs = merged;
  }
  return out;
}

/** `exec(`convert ${input} out.png`)` → `execFile('convert', [input, 'out.png'])`. */
export function execFix(ci: CallInfo): CodeFix | undefined {
  if (ci.fr.file.lang !== 'js') return undefined;
  const first = ci.e.args[0];
  if (!first || first.spread) return undefined;
  const argv = jsArgv(ci, first.v);
  if (!argv) return undefined;
  const { cmd, args: argTexts } = argv;
  const sync = (ci.q ?? '').endsWith('Sync');
  const newName = sync ? 'execFileSync' : 'execFile';
  const edits: CodeTextEdit[] = [];
  const callee = ci.e.callee;
  if (callee.k === 'member' && callee.pn) {
    edits.push({ range: { start: callee.pn.start, end: callee.pn.end }, newText: newName });
  } else if (callee.k === 'name') {
    const imp = findChildProcessBinding(ci, callee.id, newName);
    if (!imp) return undefined;
    if (imp.insert) edits.push(imp.insert);
    edits.push({ range: { start: callee.n.start, end: callee.n.end }, newText: imp.local });
  } else return undefined;
  edits.push({ range: { start: first.v.n.start, end: first.v.n.end }, newText: `${jsStringLiteral(cmd)}, [${argTexts.join(', ')}]` });
  return { title: `Use ${newName} with an argument array (no shell)`, edits };
}

function findChildProcessBinding(ci: CallInfo, local: string, want: string): { local: string; insert?: CodeTextEdit } | undefined {
  const body: St[] = ci.fr.file.mod.body;
  for (const st of body) {
    if (st.k === 'import' && (st.source === 'child_process' || st.source === 'node:child_process')) {
      const existing = st.names.find((n) => n.imported === want);
      if (existing) return { local: existing.local };
      const spec = st.names.find((n) => n.local === local && n.imported !== '*' && n.imported !== 'default');
      if (spec) return { local: want, insert: { range: { start: spec.n.end, end: spec.n.end }, newText: `, ${want}` } };
    }
    if (st.k === 'assign' && st.p.k === 'pobj' && st.v.k === 'call' && st.v.callee.k === 'name' && st.v.callee.id === 'require') {
      const a = st.v.args[0]?.v;
      if (!a || a.k !== 'lit' || (a.v !== 'child_process' && a.v !== 'node:child_process')) continue;
      const existing = st.p.props.find((p) => p.key === want);
      if (existing && existing.v.k === 'pname') return { local: existing.v.id };
      const prop = st.p.props.find((p) => p.v.k === 'pname' && p.v.id === local);
      if (prop) return { local: want, insert: { range: { start: prop.n.end, end: prop.n.end }, newText: `, ${want}` } };
    }
  }
  return undefined;
}

/**
 * The Python argument list (`"convert", x, f"{name}.png"`) for a shell command line built from
 * constants and values, split into words; undefined when it has shell syntax, the program is not a
 * constant, or the first word is an assignment.
 */
function pyArgvItems(ci: CallInfo, v: Parameters<typeof segments>[1]): string[] | undefined {
  const segs = segments(ci, v, true);
  if (!segs) return undefined;
  const ws = words(segs);
  if (!ws || !ws.length) return undefined;
  const w0 = ws[0].segs;
  if (w0.length !== 1 || !('s' in w0[0]) || w0[0].s.includes('=')) return undefined;
  // `%r` / `%d` / `%f` text is not always the value's str()
  if (ws.some((w) => w.segs.some((s) => 'e' in s && s.fmt && s.fmt !== 's'))) return undefined;
  const out: string[] = [];
  for (const w of ws) {
    if (w.segs.length === 1) {
      const s = w.segs[0];
      // a value the string formatting converted stays text in the argument list (subprocess refuses an int)
      out.push('s' in s ? pyStringLiteral(s.s) : s.fmt ? `str(${src(ci, s.e.n)})` : src(ci, s.e.n));
      continue;
    }
    const exprs = w.segs.filter((s) => 'e' in s).map((s) => src(ci, (s as { e: Ex }).e.n));
    const q = exprs.some((t) => t.includes('"')) ? "'" : '"';
    if (exprs.some((t) => t.includes(q) || t.includes('\\') || t.includes('\n'))) return undefined;
    out.push('f' + q + w.segs.map((s) => ('s' in s ? s.s.split('\\').join('\\\\').split(q).join('\\' + q).split('{').join('{{').split('}').join('}}') : '{' + src(ci, s.e.n) + '}')).join('') + q);
  }
  return out;
}

/** `subprocess.run(f"convert {x} out.png", shell=True)` → `subprocess.run(["convert", x, "out.png"])`. */
export function subprocessFix(ci: CallInfo): CodeFix | undefined {
  if (ci.fr.file.lang !== 'py') return undefined;
  const first = ci.e.args.find((a) => !a.name && !a.spread) ?? ci.e.args.find((a) => a.name === 'args');
  const shellArg = ci.e.args.find((a) => a.name === 'shell');
  if (!first || !shellArg) return undefined;
  const items = pyArgvItems(ci, first.v);
  if (!items) return undefined;
  const edits: CodeTextEdit[] = [{ range: { start: first.v.n.start, end: first.v.n.end }, newText: `[${items.join(', ')}]` }];
  const kwNode = shellArg.v.n.parent && shellArg.v.n.parent.type === 'keyword_argument' ? shellArg.v.n.parent : undefined;
  const argsNode = ci.e.argsNode;
  if (!kwNode || !argsNode) return undefined;
  const named = argsNode.children.filter((c) => c.named);
  const i = named.indexOf(kwNode);
  if (i <= 0) return undefined;
  edits.push({ range: { start: named[i - 1].end, end: kwNode.end }, newText: '' });
  return { title: 'Pass an argument list without shell=True', edits };
}

/** `yaml.load(x[, Loader=...])` → `yaml.safe_load(x)`. */
export function yamlFix(ci: CallInfo): CodeFix | undefined {
  const callee = ci.e.callee;
  if (callee.k !== 'member' || !callee.pn) return undefined;
  const name = callee.prop === 'load_all' ? 'safe_load_all' : 'safe_load';
  const edits: CodeTextEdit[] = [{ range: { start: callee.pn.start, end: callee.pn.end }, newText: name }];
  const argsNode = ci.e.argsNode;
  if (argsNode) {
    const named = argsNode.children.filter((c) => c.named);
    if (named.length >= 2) edits.push({ range: { start: named[0].end, end: named[named.length - 1].end }, newText: '' });
  }
  return { title: `Use yaml.${name}`, edits };
}

export { decodePyString };

/**
 * `os.system(f"convert {x} out.png")` as a statement (its exit status unused) →
 * `subprocess.run(["convert", x, "out.png"])`: the same program with the same arguments, no shell
 * (the constant parts have no shell syntax: `words` refuses any metacharacter), so a value from
 * the request stays one argument. The `subprocess` import is added when the file has none.
 */
export function osSystemFix(ci: CallInfo): CodeFix | undefined {
  const f = ci.fr.file as unknown as FileLike;
  if (f.lang !== 'py' || ci.q !== 'os.system' || ci.e.args.length !== 1) return undefined;
  const first = ci.e.args[0];
  if (first.name || first.spread) return undefined;
  // the exit status must be unused (os.system returns a wait status; subprocess.run a CompletedProcess)
  let p = ci.e.n.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  if (!p || p.type !== 'expression_statement') return undefined;
  const items = pyArgvItems(ci, first.v);
  if (!items) return undefined;
  const sp = moduleBinding(f, ['subprocess'], 'subprocess');
  const edits: CodeTextEdit[] = [{ range: { start: ci.e.n.start, end: ci.e.n.end }, newText: `${sp.name}.run([${items.join(', ')}])` }];
  if (sp.edit) edits.push(sp.edit);
  return { title: 'Run the program with subprocess.run and an argument list (no shell)', edits };
}

/** POSIX shells whose `-c` command line `words` reads the way they do (quoting, blanks). */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', '/bin/sh', '/bin/bash', '/bin/dash', '/usr/bin/bash', '/bin/zsh']);

/**
 * `spawn('sh', ['-c', `tar xf ${file}`])` → `spawn('tar', ['xf', file])`; Python
 * `subprocess.run(["sh", "-c", "tar xf " + name])` → `subprocess.run(["tar", "xf", name])`: the
 * program the shell would have started, with the same arguments, no shell. Only for a list of
 * exactly the shell, `-c` and a command line of plain words (quoting allowed, no other shell syntax).
 */
export function shellDashCFix(ci: CallInfo): CodeFix | undefined {
  const py = ci.fr.file.lang === 'py';
  let listEx: Ex | undefined;
  let shellEx: Ex | undefined;
  if (py) {
    const a = ci.e.args.find((x) => !x.name && !x.spread) ?? ci.e.args.find((x) => x.name === 'args');
    if (!a || a.v.k !== 'arr' || a.v.kind !== 'array' || a.v.items.length !== 3) return undefined;
    listEx = a.v;
    shellEx = a.v.items[0].v;
  } else {
    const [a0, a1] = ci.e.args;
    if (!a0 || !a1 || a0.spread || a1.spread || a1.v.k !== 'arr' || a1.v.items.length !== 2) return undefined;
    listEx = a1.v;
    shellEx = a0.v;
  }
  if (listEx.k !== 'arr' || shellEx.k !== 'lit' || typeof shellEx.v !== 'string' || !POSIX_SHELLS.has(shellEx.v)) return undefined;
  const items = listEx.items.slice(py ? 1 : 0);
  if (items.some((i) => i.spread)) return undefined;
  const [flag, cmdLine] = items.map((i) => i.v);
  if (flag.k !== 'lit' || flag.v !== '-c') return undefined;
  if (py) {
    const argv = pyArgvItems(ci, cmdLine);
    if (!argv) return undefined;
    return { title: 'Run the program with an argument list (no shell)', edits: [{ range: { start: listEx.n.start, end: listEx.n.end }, newText: `[${argv.join(', ')}]` }] };
  }
  const argv = jsArgv(ci, cmdLine);
  if (!argv) return undefined;
  return {
    title: 'Run the program with an argument array (no shell)',
    edits: [
      { range: { start: shellEx.n.start, end: shellEx.n.end }, newText: jsStringLiteral(argv.cmd) },
      { range: { start: listEx.n.start, end: listEx.n.end }, newText: `[${argv.args.join(', ')}]` },
    ],
  };
}

/** The program (a constant word) and the JS argument texts of a shell command line; undefined when it has shell syntax. */
function jsArgv(ci: CallInfo, v: Ex): { cmd: string; args: string[] } | undefined {
  const segs = segments(ci, v, false);
  if (!segs) return undefined;
  const ws = words(segs);
  if (!ws || !ws.length) return undefined;
  const w0 = ws[0].segs;
  if (w0.length !== 1 || !('s' in w0[0]) || w0[0].s.includes('=') || !w0[0].s) return undefined;
  const args = ws.slice(1).map((w) => {
    if (w.segs.length === 1) { const s = w.segs[0]; return 's' in s ? jsStringLiteral(s.s) : src(ci, s.e.n); }
    return '`' + w.segs.map((s) => ('s' in s ? s.s.split('\\').join('\\\\').split('`').join('\\`').split('${').join('\\${') : '${' + src(ci, s.e.n) + '}')).join('') + '`';
  });
  return { cmd: w0[0].s, args };
}

/**
 * `spawn('ls', ['-la', file], { shell: true })` → `shell: false`: with a constant program and
 * constant arguments of plain words, the shell only split the joined line back into the same
 * words (for a legitimate value: one word, no shell syntax), so the program gets the same argv.
 */
export function spawnShellOffFix(ci: CallInfo): CodeFix | undefined {
  if (ci.fr.file.lang !== 'js') return undefined;
  const [a0, a1, a2] = ci.e.args;
  if (!a0 || !a1 || !a2 || ci.e.args.length !== 3 || ci.e.args.some((a) => a.spread)) return undefined;
  if (a0.v.k !== 'lit' || typeof a0.v.v !== 'string' || a1.v.k !== 'arr' || a2.v.k !== 'obj') return undefined;
  const plain = (t: string) => t.length > 0 && [...t].every((ch) => !SHELL_META.includes(ch) && ch !== ' ' && ch !== '\t');
  if (!plain(a0.v.v) || a0.v.v.includes('=')) return undefined;
  for (const it of a1.v.items) {
    if (it.spread) return undefined;
    if (it.v.k === 'lit' && (typeof it.v.v !== 'string' || !plain(it.v.v))) return undefined;
    if (it.v.k === 'arr' || it.v.k === 'obj') return undefined;
  }
  const p = a2.v.props.find((x) => !x.spread && x.key === 'shell');
  if (!p || p.v.k !== 'lit' || p.v.v !== true) return undefined;
  return { title: 'Run the program without a shell (shell: false)', edits: [{ range: { start: p.v.n.start, end: p.v.n.end }, newText: 'false' }] };
}
