/**
 * The TextMate / VS Code snippet syntax that LSP completion items and VS Code snippet files use:
 * `$1`, `${1}`, `${1:default}` (defaults may nest), `${1|a,b|}` choices, `$0`, variables
 * (`$NAME`, `${NAME:default}`) and the escapes `\$`, `\}`, `\\` (and `\,` `\|` inside choices).
 *
 * Parsed by hand (no regular expressions) into a small tree, then rendered either as plain text
 * (every placeholder replaced by its default: what the invariant test and the "Add Secure
 * Function" command insert) or back into snippet syntax with some placeholder defaults replaced
 * (completion items whose defaults depend on the file, e.g. the runtime the provider uses).
 */

export type SnippetPart =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children?: SnippetPart[]; choices?: string[] }
  | { type: 'variable'; name: string; children?: SnippetPart[] };

export class SnippetSyntaxError extends Error {}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isVarStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isVarChar = (c: number) => isVarStart(c) || isDigit(c);

/** Parses snippet syntax. Throws SnippetSyntaxError on an unterminated `${`. */
export function parseSnippet(src: string): SnippetPart[] {
  let i = 0;
  const parseUntil = (closing: boolean): SnippetPart[] => {
    const out: SnippetPart[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ type: 'text', value: text });
      text = '';
    };
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 92 /* \ */ && i + 1 < src.length) {
        const n = src[i + 1];
        if (n === '$' || n === '}' || n === '\\') {
          text += n;
          i += 2;
          continue;
        }
        text += '\\';
        i++;
        continue;
      }
      if (closing && c === 125 /* } */) {
        flush();
        return out;
      }
      if (c === 36 /* $ */) {
        const n = src.charCodeAt(i + 1);
        if (isDigit(n)) {
          let j = i + 1;
          while (j < src.length && isDigit(src.charCodeAt(j))) j++;
          flush();
          out.push({ type: 'tabstop', index: Number(src.slice(i + 1, j)) });
          i = j;
          continue;
        }
        if (isVarStart(n)) {
          let j = i + 1;
          while (j < src.length && isVarChar(src.charCodeAt(j))) j++;
          flush();
          out.push({ type: 'variable', name: src.slice(i + 1, j) });
          i = j;
          continue;
        }
        if (n === 123 /* { */) {
          const start = i;
          i += 2;
          const c2 = src.charCodeAt(i);
          if (isDigit(c2)) {
            let j = i;
            while (j < src.length && isDigit(src.charCodeAt(j))) j++;
            const index = Number(src.slice(i, j));
            i = j;
            const d = src[i];
            if (d === '}') {
              i++;
              flush();
              out.push({ type: 'tabstop', index });
              continue;
            }
            if (d === ':') {
              i++;
              const children = parseUntil(true);
              if (src[i] !== '}') throw new SnippetSyntaxError(`unterminated placeholder at ${start}`);
              i++;
              flush();
              out.push({ type: 'tabstop', index, children });
              continue;
            }
            if (d === '|') {
              i++;
              const choices: string[] = [];
              let cur = '';
              while (i < src.length && !(src[i] === '|' && src[i + 1] === '}')) {
                if (src[i] === '\\' && i + 1 < src.length && ',|\\$}'.includes(src[i + 1])) {
                  cur += src[i + 1];
                  i += 2;
                } else if (src[i] === ',') {
                  choices.push(cur);
                  cur = '';
                  i++;
                } else cur += src[i++];
              }
              if (i >= src.length) throw new SnippetSyntaxError(`unterminated choice at ${start}`);
              choices.push(cur);
              i += 2;
              flush();
              out.push({ type: 'tabstop', index, choices });
              continue;
            }
            throw new SnippetSyntaxError(`unsupported tab stop syntax at ${start} (transformations are not used in our snippets)`);
          }
          if (isVarStart(c2)) {
            let j = i;
            while (j < src.length && isVarChar(src.charCodeAt(j))) j++;
            const name = src.slice(i, j);
            i = j;
            if (src[i] === '}') {
              i++;
              flush();
              out.push({ type: 'variable', name });
              continue;
            }
            if (src[i] === ':') {
              i++;
              const children = parseUntil(true);
              if (src[i] !== '}') throw new SnippetSyntaxError(`unterminated variable at ${start}`);
              i++;
              flush();
              out.push({ type: 'variable', name, children });
              continue;
            }
            throw new SnippetSyntaxError(`unsupported variable syntax at ${start}`);
          }
          throw new SnippetSyntaxError(`'\${' not followed by a tab stop or variable at ${start}: escape a literal '$' as '\\$'`);
        }
        text += '$';
        i++;
        continue;
      }
      text += src[i++];
    }
    if (closing) throw new SnippetSyntaxError('unterminated placeholder');
    flush();
    return out;
  };
  return parseUntil(false);
}

export interface RenderOptions {
  /** Replace the default of these tab stops (plain text, not snippet syntax). */
  overrides?: Readonly<Record<number, string>>;
  /** Values of variables (`$TM_FILENAME`...); unknown variables render their default (or nothing). */
  variables?: Readonly<Record<string, string>>;
}

/** The text each tab stop stands for: its override, else the first default found, else ''. */
function tabstopValues(parts: SnippetPart[], opts: RenderOptions): Map<number, string> {
  const values = new Map<number, string>();
  const pending = new Map<number, SnippetPart[]>();
  const collect = (ps: SnippetPart[]) => {
    for (const p of ps) {
      if (p.type === 'tabstop') {
        if (!pending.has(p.index)) {
          if (p.children) pending.set(p.index, p.children);
          else if (p.choices) pending.set(p.index, [{ type: 'text', value: p.choices[0] ?? '' }]);
        }
        if (p.children) collect(p.children);
      } else if (p.type === 'variable' && p.children) collect(p.children);
    }
  };
  collect(parts);
  const resolving = new Set<number>();
  const valueOf = (index: number): string => {
    const o = opts.overrides?.[index];
    if (o !== undefined) return o;
    const v = values.get(index);
    if (v !== undefined) return v;
    if (resolving.has(index)) return '';
    resolving.add(index);
    const children = pending.get(index);
    const text = children ? plain(children) : '';
    resolving.delete(index);
    values.set(index, text);
    return text;
  };
  const plain = (ps: SnippetPart[]): string => {
    let s = '';
    for (const p of ps) {
      if (p.type === 'text') s += p.value;
      else if (p.type === 'tabstop') s += valueOf(p.index);
      else s += opts.variables?.[p.name] ?? (p.children ? plain(p.children) : '');
    }
    return s;
  };
  for (const k of pending.keys()) valueOf(k);
  // expose the resolver through the map for tab stops without defaults
  for (const p of allTabstops(parts)) if (!values.has(p)) values.set(p, valueOf(p));
  return values;
}

function allTabstops(parts: SnippetPart[]): number[] {
  const out: number[] = [];
  const rec = (ps: SnippetPart[]) => {
    for (const p of ps) {
      if (p.type === 'tabstop') {
        if (!out.includes(p.index)) out.push(p.index);
        if (p.children) rec(p.children);
      } else if (p.type === 'variable' && p.children) rec(p.children);
    }
  };
  rec(parts);
  return out;
}

/** Plain text with every placeholder filled by its default (or override); mirrors repeat the value. */
export function expandSnippet(src: string, opts: RenderOptions = {}): string {
  const parts = parseSnippet(src);
  const values = tabstopValues(parts, opts);
  const render = (ps: SnippetPart[]): string => {
    let s = '';
    for (const p of ps) {
      if (p.type === 'text') s += p.value;
      else if (p.type === 'tabstop') s += values.get(p.index) ?? '';
      else s += opts.variables?.[p.name] ?? (p.children ? render(p.children) : '');
    }
    return s;
  };
  return render(parts);
}

/** Escapes text so that it is literal inside snippet syntax. */
export function escapeSnippetText(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '$' || ch === '}' || ch === '\\' ? '\\' + ch : ch;
  return out;
}

/**
 * Snippet syntax again, with the defaults of `overrides` replaced (their tab stops stay, so the
 * user can still tab through them). Variables are resolved when a value is given.
 */
export function renderSnippetSyntax(src: string, opts: RenderOptions = {}): string {
  const parts = parseSnippet(src);
  const done = new Set<number>();
  const render = (ps: SnippetPart[]): string => {
    let s = '';
    for (const p of ps) {
      if (p.type === 'text') s += escapeSnippetText(p.value);
      else if (p.type === 'tabstop') {
        const o = opts.overrides?.[p.index];
        if (o !== undefined) {
          if (done.has(p.index)) s += `$${p.index}`;
          else s += `\${${p.index}:${escapeSnippetText(o)}}`;
          done.add(p.index);
        } else if (p.choices) s += `\${${p.index}|${p.choices.map((c) => c.replace(/[\\,|]/g, (m) => '\\' + m)).join(',')}|}`;
        else if (p.children) s += `\${${p.index}:${render(p.children)}}`;
        else s += `\${${p.index}}`;
      } else {
        const v = opts.variables?.[p.name];
        if (v !== undefined) s += escapeSnippetText(v);
        else s += p.children ? `\${${p.name}:${render(p.children)}}` : `\${${p.name}}`;
      }
    }
    return s;
  };
  return render(parts);
}

/** Tab stop indexes used by a snippet, in order of first appearance. */
export function tabstopsOf(src: string): number[] {
  return allTabstops(parseSnippet(src));
}

/**
 * Re-indents a multi-line body: every line after the first gets `indent` prepended, and leading
 * indentation written in units of `fromUnit` spaces is converted to `toUnit` (a string of spaces
 * or a tab). Works on snippet syntax and plain text alike (newlines are literal in both).
 */
export function indentBody(lines: readonly string[], indent: string, fromUnit: number, toUnit: string): string {
  return lines
    .map((line, i) => {
      let n = 0;
      while (n < line.length && line.charCodeAt(n) === 32) n++;
      const levels = Math.floor(n / fromUnit);
      const rest = n - levels * fromUnit;
      const lead = toUnit.repeat(levels) + ' '.repeat(rest);
      const body = line.slice(n);
      if (body.length === 0) return '';
      return (i === 0 ? '' : indent) + lead + body;
    })
    .join('\n');
}
