/**
 * Project settings shared by the CLI and the language server: `.serverless-guard.yml` at the
 * project root (rule on/off and severity overrides, ignored paths), with editor settings layered
 * on top by the server. Both are validated here, by one schema (`SETTINGS_SCHEMA`), with the same
 * limits: a wrong type, an unknown rule id or an unknown severity is a problem (reported once, at
 * its place in the file, or as one message for editor settings) and everything else still applies.
 */
import { isMap, isScalar, isSeq, type YNode } from './yaml/ast';
import { parseYaml } from './yaml/parse';
import type { Severity } from './types';
import { globMatch } from './glob';

export type RuleSetting = Severity | 'off';

export interface Settings {
  rules: Record<string, RuleSetting>;
  ignorePaths: string[];
}

export const CONFIG_FILE_NAME = '.serverless-guard.yml';

/** Largest settings file read (bytes), by the CLI and the editor alike; bigger ones are skipped with a warning. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

/** At most this many `rules` entries are read (there are fewer than 100 rules); the rest are reported once. */
export const MAX_RULE_ENTRIES = 500;

/** At most this many `ignorePaths` globs, each at most MAX_GLOB_LENGTH characters. */
export const MAX_IGNORE_PATHS = 1000;
export const MAX_GLOB_LENGTH = 1024;

/** At most this many problems are kept (the last says how many more there were). */
export const MAX_SETTINGS_PROBLEMS = 20;

export const SEVERITY_VALUES: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

/** The settings schema, as data: the editor's `serverlessGuard.*` and `.serverless-guard.yml` share it. */
export const SETTINGS_SCHEMA = {
  rules: { type: 'map', values: SEVERITY_VALUES, maxEntries: MAX_RULE_ENTRIES, note: 'rule id → off | error | warning | info (false = off)' },
  ignorePaths: { type: 'list', items: 'string', maxEntries: MAX_IGNORE_PATHS, maxLength: MAX_GLOB_LENGTH, note: 'globs relative to the workspace folder' },
  /** Editor only. */
  enable: { type: 'boolean', note: 'analyse as you type' },
} as const;

export function defaultSettings(): Settings {
  return { rules: {}, ignorePaths: [] };
}

export interface SettingsProblem {
  message: string;
  start: number;
  end: number;
}

export interface ValidateOptions {
  /** Known rule ids: any other id in `rules` is reported (and ignored). Omitted: ids are not checked. */
  ruleIds?: ReadonlySet<string> | readonly string[];
}

/**
 * A neutral view of a settings value, so YAML nodes (with ranges) and editor JSON values go
 * through the same checks.
 */
interface Val {
  kind: 'map' | 'list' | 'string' | 'number' | 'boolean' | 'null' | 'other';
  scalar?: unknown;
  entries?: () => Iterable<[string, Val, Span]>;
  items?: () => Iterable<Val>;
  span: Span;
}
type Span = { start: number; end: number };
const NOWHERE: Span = { start: 0, end: 0 };

function fromJson(v: unknown, span: Span = NOWHERE): Val {
  if (v === null || v === undefined) return { kind: 'null', span };
  if (Array.isArray(v)) return { kind: 'list', items: () => v.map((x) => fromJson(x)), span };
  if (typeof v === 'object') return { kind: 'map', entries: () => Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x), NOWHERE] as [string, Val, Span]), span };
  if (typeof v === 'string') return { kind: 'string', scalar: v, span };
  if (typeof v === 'number') return { kind: 'number', scalar: v, span };
  if (typeof v === 'boolean') return { kind: 'boolean', scalar: v, span };
  return { kind: 'other', span };
}

function fromYaml(n: YNode | null | undefined, fallback: Span): Val {
  if (!n) return { kind: 'null', span: fallback };
  const span = { start: n.range.start, end: n.range.end };
  if (isMap(n)) return { kind: 'map', entries: () => n.entries.map((e) => [String(e.key.value), fromYaml(e.value, { start: e.range.start, end: e.range.end }), { start: e.range.start, end: e.range.end }] as [string, Val, Span]), span };
  if (isSeq(n)) return { kind: 'list', items: () => n.items.map((i) => fromYaml(i, span)), span };
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || v === undefined) return { kind: 'null', span };
    if (typeof v === 'string') return { kind: 'string', scalar: v, span };
    if (typeof v === 'number') return { kind: 'number', scalar: v, span };
    if (typeof v === 'boolean') return { kind: 'boolean', scalar: v, span };
  }
  return { kind: 'other', span };
}

const describe = (v: Val) => (v.kind === 'string' ? `"${String(v.scalar).slice(0, 40)}"` : v.kind === 'number' || v.kind === 'boolean' ? String(v.scalar) : `a ${v.kind}`);

/** Validates one settings object against the schema: what is valid applies, the rest is a problem. */
function validate(root: Val, opts: ValidateOptions, editor: boolean): { settings: Settings & { enable?: boolean }; problems: SettingsProblem[] } {
  const settings: Settings & { enable?: boolean } = defaultSettings();
  const problems: SettingsProblem[] = [];
  const known = opts.ruleIds ? (opts.ruleIds instanceof Set ? (opts.ruleIds as ReadonlySet<string>) : new Set(opts.ruleIds as readonly string[])) : undefined;
  const problem = (span: Span, message: string) => problems.push({ message, start: span.start, end: span.end });
  if (root.kind === 'null') return { settings, problems };
  if (root.kind !== 'map' || !root.entries) {
    problem(root.span, `settings: expected a map (rules, ignorePaths), found ${describe(root)}; ignored`);
    return { settings, problems };
  }
  const prefix = editor ? 'serverlessGuard.' : '';
  for (const [key, value, keySpan] of root.entries()) {
    if (key === 'rules') {
      if (value.kind === 'null') continue;
      if (value.kind !== 'map' || !value.entries) {
        problem(value.span, `${prefix}rules: expected a map of rule id → ${SEVERITY_VALUES.join(' | ')}, found ${describe(value)}; ignored`);
        continue;
      }
      let n = 0;
      for (const [id, sev, span] of value.entries()) {
        if (++n > MAX_RULE_ENTRIES) {
          problem(span, `${prefix}rules: more than ${MAX_RULE_ENTRIES} entries; the rest are ignored`);
          break;
        }
        if (known && !known.has(id)) {
          problem(span, `${prefix}rules.${id.slice(0, 80)}: unknown rule id; ignored`);
          continue;
        }
        const s = sev.kind === 'boolean' && sev.scalar === false ? 'off' : sev.kind === 'string' ? String(sev.scalar).toLowerCase() : undefined;
        if (s !== undefined && (SEVERITY_VALUES as readonly string[]).includes(s)) settings.rules[id] = s as RuleSetting;
        else problem(span, `${prefix}rules.${id.slice(0, 80)}: expected one of ${SEVERITY_VALUES.join(', ')}, found ${describe(sev)}; ignored`);
      }
    } else if (key === 'ignorePaths') {
      if (value.kind === 'null') continue;
      if (value.kind !== 'list' || !value.items) {
        problem(value.span, `${prefix}ignorePaths: expected a list of globs, found ${describe(value)}; ignored`);
        continue;
      }
      let n = 0;
      for (const item of value.items()) {
        if (++n > MAX_IGNORE_PATHS) {
          problem(item.span, `${prefix}ignorePaths: more than ${MAX_IGNORE_PATHS} globs; the rest are ignored`);
          break;
        }
        if (item.kind !== 'string' || !String(item.scalar).length) problem(item.span, `${prefix}ignorePaths[${n - 1}]: expected a glob string, found ${describe(item)}; ignored`);
        else if (String(item.scalar).length > MAX_GLOB_LENGTH) problem(item.span, `${prefix}ignorePaths[${n - 1}]: longer than ${MAX_GLOB_LENGTH} characters; ignored`);
        else settings.ignorePaths.push(String(item.scalar));
      }
    } else if (key === 'enable' && editor) {
      if (value.kind === 'boolean') settings.enable = value.scalar as boolean;
      else if (value.kind !== 'null') problem(value.span, `${prefix}enable: expected true or false, found ${describe(value)}; ignored`);
    } else if (!editor) {
      problem(keySpan, `${key.slice(0, 80)}: unknown setting (known: rules, ignorePaths); ignored`);
    }
    // Editor settings carry other keys of the section (trace.server, …): not ours to judge.
  }
  if (problems.length > MAX_SETTINGS_PROBLEMS) {
    const more = problems.length - (MAX_SETTINGS_PROBLEMS - 1);
    problems.length = MAX_SETTINGS_PROBLEMS - 1;
    const last = problems[problems.length - 1];
    problems.push({ message: `… and ${more} more settings problems`, start: last?.start ?? 0, end: last?.end ?? 0 });
  }
  return { settings, problems };
}

/** Parses `.serverless-guard.yml`. Problems are reported (with their place in the file), never thrown. */
export function parseSettings(text: string, opts: ValidateOptions = {}): { settings: Settings; problems: SettingsProblem[] } {
  if (text.length > MAX_SETTINGS_BYTES) {
    return { settings: defaultSettings(), problems: [{ message: `${CONFIG_FILE_NAME} is larger than ${MAX_SETTINGS_BYTES / 1024} KB; it was not read (settings files are a few lines)`, start: 0, end: 0 }] };
  }
  const parsed = parseYaml(text);
  const problems: SettingsProblem[] = [];
  for (const p of parsed.problems) if (p.severity === 'error' && problems.length < MAX_SETTINGS_PROBLEMS) problems.push({ message: p.message, start: p.range.start, end: p.range.end });
  const res = validate(fromYaml(parsed.root, NOWHERE), opts, false);
  const { enable: _enable, ...settings } = res.settings;
  return { settings, problems: [...problems, ...res.problems] };
}

/**
 * Validates editor settings (the `serverlessGuard` section, any JSON the client sends): the valid
 * parts apply, the problems are returned for one message to the user.
 */
export function validateEditorSettings(value: unknown, opts: ValidateOptions = {}): { settings: Settings & { enable?: boolean }; problems: string[] } {
  const res = validate(fromJson(value), opts, true);
  return { settings: res.settings, problems: res.problems.map((p) => p.message) };
}

/** Later layers win: rule overrides merge, ignore paths add up. */
export function mergeSettings(...layers: (Partial<Settings> | undefined)[]): Settings {
  const out = defaultSettings();
  for (const l of layers) {
    if (!l) continue;
    Object.assign(out.rules, l.rules ?? {});
    out.ignorePaths.push(...(l.ignorePaths ?? []));
  }
  return out;
}

export function isIgnoredPath(settings: Settings, relativePath: string): boolean {
  return settings.ignorePaths.some((g) => globMatch(g, relativePath));
}
