/**
 * serverless.yml reference chains: a value that is one variable, `${self:custom.db.master}` /
 * `${param:dbPassword}` / `${file(./secrets.yml):adminPassword}`, resolved to the literal it points
 * at, so the literal can be judged by where it *flows* (an environment variable named
 * `DB_PASSWORD`, the `MasterUserPassword` property) instead of by its own key (`master`).
 *
 * `${file(…)}` is read through the Project, and only for a relative path below the config's own
 * folder (no absolute path, no `..`), with a YAML / JSON extension: never outside the workspace.
 *
 * `${env:NAME}` is followed to the `.env` file next to the config when the config loads it
 * (`useDotenv: true`, or the `serverless-dotenv-plugin` plugin): a committed `.env` line is a
 * literal the reference brings into the function. The `.env` text is read as the dotenv line
 * format (`[export ]KEY=value`, quotes, `#` comments); a value with `$` (dotenv-expand) or
 * spanning lines is not followed.
 */
import { findVariables, resolveWholeVariable } from '../model/variables';
import type { ConfigModel } from '../model/types';
import { dirname, joinPath, type Project } from '../project';
import type { Span } from '../types';
import { get, getPath, isMap, isScalar, isSeq, stringValue, type YNode, type YScalar } from '../yaml/ast';
import { detectFormat, parseYaml } from '../yaml/parse';

export type ChainTarget =
  /** A literal in the same file. */
  | { kind: 'self'; scalar: YScalar; value: string }
  /** A literal in another project file (`range` in that file's text). */
  | { kind: 'file'; file: string; range: Span; value: string };

const FILE_EXTENSIONS = ['.yml', '.yaml', '.json'];
const MAX_FILE_BYTES = 256 * 1024;

/** Parsed `${file()}` targets by path and text (several references usually share one file). */
const fileCache = new Map<string, { text: string; root: ReturnType<typeof parseYaml>['root'] }>();

/** A relative path that stays below `base` (`./x.yml`, `config/x.yml`), or undefined. */
function localFile(configFile: string, ref: string): string | undefined {
  let p = ref.trim();
  if (p.length >= 2 && (p[0] === "'" || p[0] === '"') && p[p.length - 1] === p[0]) p = p.slice(1, -1);
  if (!p || p.startsWith('/') || p.includes('\\') || p.includes('${') || /^[A-Za-z]:/.test(p) || p.includes('~')) return undefined;
  if (p.split('/').some((seg) => seg === '..')) return undefined;
  if (!FILE_EXTENSIONS.some((e) => p.toLowerCase().endsWith(e))) return undefined;
  return joinPath(dirname(configFile), p);
}

/**
 * The literal a whole-value reference resolves to, if it is a non-empty string literal (a value
 * that is itself a reference, a map or a number is not followed further than the resolver goes).
 */
export function resolveChain(value: string, model: ConfigModel, configFile: string, project: Project): ChainTarget | undefined {
  if (!value.startsWith('${') || !value.endsWith('}')) return undefined;
  const vars = findVariables(value);
  if (vars.length !== 1 || vars[0].start !== 0 || vars[0].end !== value.length) return undefined;
  const v = vars[0];
  if (v.source === 'self' || v.source === 'param') {
    const r = resolveWholeVariable(value, { root: model.root, stage: 'dev' });
    if (r && typeof r !== 'string' && isScalar(r) && typeof r.value === 'string' && r.value.length > 0 && !r.value.includes('${')) {
      return { kind: 'self', scalar: r, value: r.value };
    }
    return undefined;
  }
  if (v.source === 'env') {
    if (v.fallbacks.length || !loadsDotenv(model.root) || !v.address) return undefined;
    const file = joinPath(dirname(configFile), '.env');
    const text = project.readFile(file);
    if (text === undefined || text.length > MAX_FILE_BYTES) return undefined;
    const entry = dotenvValue(text, v.address.trim());
    return entry ? { kind: 'file', file, range: entry.range, value: entry.value } : undefined;
  }
  if (v.source === 'file') {
    const open = v.body.indexOf('(');
    const close = v.body.indexOf(')');
    if (open < 0 || close < open || v.body[close + 1] !== ':') return undefined;
    const file = localFile(configFile, v.body.slice(open + 1, close));
    if (!file || !v.address) return undefined;
    const text = project.readFile(file);
    if (text === undefined || text.length > MAX_FILE_BYTES) return undefined;
    let hit = fileCache.get(file);
    if (!hit || hit.text !== text) {
      const parsed = parseYaml(text, { format: detectFormat(file, text) });
      hit = { text, root: parsed.root };
      if (fileCache.size >= 32) fileCache.delete(fileCache.keys().next().value as string);
      fileCache.set(file, hit);
    }
    const target = getPath(hit.root, v.address.split('.').filter(Boolean));
    if (!target || !isScalar(target) || typeof target.value !== 'string' || !target.value || target.value.includes('${')) return undefined;
    return { kind: 'file', file, range: { start: target.range.start, end: target.range.end }, value: target.value };
  }
  return undefined;
}

/** Whether a serverless.yml loads `.env` into `${env:…}`: `useDotenv: true` or the serverless-dotenv-plugin. */
function loadsDotenv(root: YNode | null | undefined): boolean {
  const use = get(root, 'useDotenv');
  if (isScalar(use) && (use.value === true || use.value === 'true')) return true;
  const plugins = get(root, 'plugins');
  const list = isMap(plugins) ? get(plugins, 'modules') : plugins;
  return isSeq(list) && list.items.some((p) => stringValue(p) === 'serverless-dotenv-plugin');
}

const isKeyStart = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
const isKeyChar = (c: string) => isKeyStart(c) || (c >= '0' && c <= '9') || c === '.' || c === '-';

/**
 * The value of `name` in dotenv text (the last assignment wins, as in dotenv), with its range:
 * `KEY=value`, `export KEY=value`, `KEY="value"` / `KEY='value'`, `KEY=value # comment`. Undefined
 * for a missing or empty key, a multi-line quoted value, or one that expands variables (`$`).
 */
export function dotenvValue(text: string, name: string): { value: string; range: Span } | undefined {
  let found: { value: string; range: Span } | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    const skipBlanks = () => {
      while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    };
    skipBlanks();
    if (text.startsWith('export ', i)) {
      i += 7;
      skipBlanks();
    }
    const k0 = i;
    if (i < lineEnd && isKeyStart(text[i])) while (i < lineEnd && isKeyChar(text[i])) i++;
    const key = text.slice(k0, i);
    skipBlanks();
    if (key === name && text[i] === '=') {
      i++;
      skipBlanks();
      let start = i;
      let end: number;
      const q = text[i];
      if (q === '"' || q === "'") {
        start = i + 1;
        end = text.indexOf(q, start);
        if (end < 0 || end > lineEnd) end = -1;
      } else {
        end = i;
        while (end < lineEnd && !(text[end] === '#' && (end === start || text[end - 1] === ' ' || text[end - 1] === '\t'))) end++;
        while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
      }
      const value = end >= 0 ? text.slice(start, end) : '';
      found = end >= 0 && value.length > 0 && !value.includes('$') ? { value, range: { start, end } } : undefined;
    }
    lineStart = lineEnd + 1;
  }
  return found;
}
