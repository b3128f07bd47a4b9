/**
 * Serverless Framework variables (`${self:custom.x}`, `${ssm:/a/b}`, `${opt:stage, 'dev'}`...).
 *
 * A hand-written scanner (linear, no regular expressions) splits a string into literal text and
 * variable references, nested ones included. Only in-file sources are resolved (`self`, `opt`/`sls`
 * stage defaults, `param` from `params`); nothing is ever executed or fetched: `${file(x.js):fn}`,
 * `${env:X}`, `${ssm:...}` stay unknown.
 */
import { getPath, isScalar, type YNode } from '../yaml/ast';
import { detach, detachData } from '../lru';

export interface VariableRef {
  /** Offsets within the string, `${` to `}` inclusive. */
  start: number;
  end: number;
  /** The text between `${` and `}`. */
  body: string;
  /** `self`, `ssm`, `env`, `opt`, `sls`, `file`, `cf`, `s3`, `aws`, `param`, `strToBool`... or '' for `${a.b}` shorthand. */
  source: string;
  /** The address after `source:` (first alternative, before any `, fallback`). */
  address: string;
  /** The `, fallback` alternatives, trimmed, quotes kept. */
  fallbacks: string[];
}

/** All top-level `${...}` references in a string (nested ones are inside `body`). */
const variablesCache = new Map<string, readonly VariableRef[]>();
const NO_VARIABLES: readonly VariableRef[] = Object.freeze([]);

/**
 * The `${…}` variables of a string (memoised: the same values are looked at by several rules on
 * every keystroke). The result is shared: never mutate it.
 */
export function findVariables(s: string): readonly VariableRef[] {
  if (!s.includes('${')) return NO_VARIABLES;
  let hit = variablesCache.get(s);
  if (!hit) {
    // Detached: parts cut from a document's value would keep the whole document alive.
    hit = detachData(scanVariables(s));
    if (variablesCache.size >= 20_000) variablesCache.clear();
    variablesCache.set(detach(s), hit);
  }
  return hit;
}

function scanVariables(s: string): VariableRef[] {
  const out: VariableRef[] = [];
  let i = s.indexOf('${');
  while (i >= 0) {
    let depth = 0;
    let j = i;
    let end = -1;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 36 /* $ */ && s.charCodeAt(j + 1) === 123 /* { */) {
        depth++;
        j++;
      } else if (c === 125 /* } */) {
        depth--;
        if (depth === 0) {
          end = j + 1;
          break;
        }
      }
    }
    if (end < 0) break; // unterminated: not a variable
    const body = s.slice(i + 2, end - 1);
    out.push({ start: i, end, body, ...splitBody(body) });
    i = s.indexOf('${', end);
  }
  return out;
}

function splitBody(body: string): { source: string; address: string; fallbacks: string[] } {
  // Split on top-level commas (outside nested ${}, quotes and parentheses).
  const parts: string[] = [];
  let depth = 0;
  let quote = 0;
  let last = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      continue;
    }
    if (c === 39 || c === 34) quote = c;
    else if (c === 123 || c === 40) depth++;
    else if (c === 125 || c === 41) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      parts.push(body.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(body.slice(last));
  const first = parts[0].trim();
  let source = '';
  let address = first;
  // source is letters (and `(args)`) before the first colon: `ssm(eu-west-1, raw):/x`, `file(a.yml):b`
  let k = 0;
  while (k < first.length) {
    const c = first.charCodeAt(k);
    const isWord = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
    if (!isWord) break;
    k++;
  }
  if (k > 0) {
    let p = k;
    if (first.charCodeAt(p) === 40) {
      const close = first.indexOf(')', p);
      if (close > 0) p = close + 1;
    }
    if (first.charCodeAt(p) === 58 /* : */) {
      source = first.slice(0, k);
      address = first.slice(p + 1);
    } else if (p > k && p === first.length) {
      // `${strToBool(true)}`
      source = first.slice(0, k);
      address = first.slice(k);
    }
  }
  return { source, address, fallbacks: parts.slice(1).map((p) => p.trim()) };
}

export function hasVariable(s: string): boolean {
  return findVariables(s).length > 0;
}

export interface ResolveEnv {
  root: YNode | null;
  /** Stage assumed for `${sls:stage}` / `${opt:stage, x}` (from provider.stage, else `dev`). */
  stage: string;
}

/**
 * Resolves a string that is exactly one variable, within the file. Returns the node it points to
 * (for `${self:...}` / `${param:...}`), or a literal string for `${opt:stage}`-like values, or
 * undefined when the value can only be known at deploy time.
 */
export function resolveWholeVariable(s: string, env: ResolveEnv, depth = 0): YNode | string | undefined {
  if (depth > 8) return undefined;
  const vars = findVariables(s);
  if (vars.length !== 1 || vars[0].start !== 0 || vars[0].end !== s.length) return undefined;
  const v = vars[0];
  const attempt = (source: string, address: string): YNode | string | undefined => {
    if (source === 'self') {
      const target = getPath(env.root, address.split('.').filter(Boolean));
      if (target == null) return undefined;
      if (isScalar(target) && typeof target.value === 'string' && target.value.includes('${')) {
        const r = resolveWholeVariable(target.value, env, depth + 1);
        return r ?? target;
      }
      return target;
    }
    if ((source === 'sls' && address === 'stage') || (source === 'opt' && address === 'stage')) {
      return source === 'sls' ? env.stage : undefined;
    }
    if (source === 'param') {
      const target = getPath(env.root, ['params', env.stage, address]) ?? getPath(env.root, ['params', 'default', address]);
      return target ?? undefined;
    }
    return undefined;
  };
  const r = attempt(v.source, v.address);
  if (r !== undefined) return r;
  for (const fb of v.fallbacks) {
    if (fb.length >= 2 && (fb[0] === "'" || fb[0] === '"') && fb[fb.length - 1] === fb[0]) return fb.slice(1, -1);
    const inner = resolveWholeVariable(fb, env, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
