/**
 * Project settings shared by the CLI and the language server: `.serverless-guard.yml` at the
 * project root (rule on/off and severity overrides, ignored paths), with editor settings layered
 * on top by the server.
 */
import { get, isMap, isSeq, stringValue } from './yaml/ast';
import { parseYaml } from './yaml/parse';
import type { Severity } from './types';
import { globMatch } from './glob';

export const MAX_SETTINGS_BYTES = 1024 * 1024;

export type RuleSetting = Severity | 'off';

export interface Settings {
  rules: Record<string, RuleSetting>;
  ignorePaths: string[];
}

export const CONFIG_FILE_NAME = '.serverless-guard.yml';

export function defaultSettings(): Settings {
  return { rules: {}, ignorePaths: [] };
}

export interface SettingsProblem {
  message: string;
  start: number;
  end: number;
}

const VALID: readonly string[] = ['off', 'error', 'warning', 'info'];

/** Parses `.serverless-guard.yml`. Unknown values are reported, never thrown. */
export function parseSettings(text: string): { settings: Settings; problems: SettingsProblem[] } {
  const settings = defaultSettings();
  const problems: SettingsProblem[] = [];
  const parsed = parseYaml(text);
  for (const p of parsed.problems) if (p.severity === 'error') problems.push({ message: p.message, start: p.range.start, end: p.range.end });
  const root = parsed.root;
  const rules = get(root, 'rules');
  if (isMap(rules)) {
    for (const e of rules.entries) {
      const v = e.value && e.value.type === 'scalar' ? e.value.value : undefined;
      const s = v === false ? 'off' : typeof v === 'string' ? v.toLowerCase() : undefined;
      if (s && VALID.includes(s)) settings.rules[String(e.key.value)] = s as RuleSetting;
      else problems.push({ message: `rules.${e.key.value}: expected one of ${VALID.join(', ')}`, start: e.range.start, end: e.range.end });
    }
  }
  const ign = get(root, 'ignorePaths');
  if (isSeq(ign)) for (const i of ign.items) { const s = stringValue(i); if (s) settings.ignorePaths.push(s); }
  return { settings, problems };
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
