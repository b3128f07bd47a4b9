/**
 * Quick fixes shared by the secret rules: where a secret should live instead of the file, and the
 * edits that point the file there.
 *
 *  - serverless.yml: `${ssm:/<service>/<KEY>}` (`/<service>/${sls:stage}/<KEY>` when the file uses
 *    stages). The framework resolves (and decrypts) SecureString parameters at deploy time.
 *  - SAM / CloudFormation: `{{resolve:secretsmanager:<secret>:SecretString:<KEY>}}`. Secrets Manager
 *    is the only dynamic reference that can hold a secret *and* be used in any property: `ssm-secure`
 *    works only in a short list of properties (not Lambda environment variables) and `{{resolve:ssm:}}`
 *    reads plain `String` parameters. `<secret>` is the logical id of the resource the value belongs
 *    to (one JSON secret per function / resource, one key per variable or property).
 *  - handler code: an environment lookup (`process.env.KEY`, `os.environ["KEY"]`) plus `KEY: <ref>`
 *    in the environment of every function whose handler is the file, as one multi-file fix.
 *
 * All edits go through DocEditor (yaml-edit.ts), so YAML and JSON, block and flow style, and the
 * file's indentation and line breaks are preserved.
 */
import type { HandlerRef } from '../handlers';
import { buildModel } from '../model/build';
import type { ConfigModel, FunctionModel } from '../model/types';
import type { Project } from '../project';
import { splitIdentifierWords } from '../secrets';
import type { FileEdit, TextEdit } from '../types';
import type { YMap, YPair, YScalar } from '../yaml/ast';
import { detectFormat, parseYaml } from '../yaml/parse';
import { DocEditor, combineEdits, isPlainSafe, yamlScalar } from './yaml-edit';
import { ownedByPath } from '../lru';

/** Characters SSM parameter names and Secrets Manager JSON keys can hold; others become `-`. */
export function ssmSegment(s: string): string {
  let out = '';
  for (const ch of s) out += /[A-Za-z0-9_.\-]/.test(ch) ? ch : '-';
  out = out.replace(/^[-.]+|[-.]+$/g, '');
  return out || 'secret';
}

/** Secrets Manager secret names: letters, digits and `/_+=.@-`. */
export function secretNameSegment(s: string): string {
  let out = '';
  for (const ch of s) out += /[A-Za-z0-9/_+=.@\-]/.test(ch) ? ch : '-';
  return out.replace(/^[-/]+|[-/]+$/g, '') || 'app';
}

export interface SsmTarget {
  /** The serverless variable to write (`${ssm:/orders/${sls:stage}/DB_PASSWORD}`). */
  ref: string;
  /** The parameter to create, for titles (`/orders/<stage>/DB_PASSWORD`). */
  display: string;
}

/** The SSM parameter a serverless.yml secret moves to: `/<service>[/${sls:stage}]/<segments…>`. */
export function ssmTarget(model: ConfigModel, segments: readonly string[]): SsmTarget {
  const svc = model.serviceName && !model.serviceName.includes('${') ? ssmSegment(model.serviceName) : undefined;
  const head = svc ?? '${self:service}';
  const headDisplay = svc ?? '<service>';
  const rest = segments.map(ssmSegment).join('/');
  const stage = model.usesStages;
  return {
    ref: `\${ssm:/${head}${stage ? '/${sls:stage}' : ''}/${rest}}`,
    display: `/${headDisplay}${stage ? '/<stage>' : ''}/${rest}`,
  };
}

/** `{{resolve:secretsmanager:<name>:SecretString:<key>}}`. */
export function secretsManagerRef(secretName: string, jsonKey: string): string {
  return `{{resolve:secretsmanager:${secretNameSegment(secretName)}:SecretString:${ssmSegment(jsonKey)}}}`;
}

/** Replaces a scalar with a string value (block scalars keep the line break after them). */
export function replaceScalarEdit(ed: DocEditor, node: YScalar, value: string): TextEdit {
  if (ed.format === 'json') return { range: { ...node.range }, newText: JSON.stringify(value) };
  const e = ed.replaceScalar(node, value);
  if (node.block) return { range: { start: node.range.start, end: ed.nodeEnd(node) }, newText: yamlScalar(value, false) };
  return e;
}

/** Text of a key as the document would write it. */
export function keyText(ed: DocEditor, key: string): string {
  if (ed.format === 'json') return JSON.stringify(key);
  return isPlainSafe(key, false) ? key : yamlScalar(key, true);
}

/** Rewrites `oldKey: oldValue` into `newKey: newValue` in place (two edits, same line). */
export function renamePairEdits(ed: DocEditor, map: YMap, pair: YPair, newKey: string, newValue: string | boolean): TextEdit[] | undefined {
  const keyEdit: TextEdit = { range: { ...pair.key.range }, newText: keyText(ed, newKey) };
  const valueEdit = ed.replacePairValue(map, pair, newValue);
  if (!valueEdit) return undefined;
  return combineEdits([keyEdit, valueEdit]);
}

/** `DB_PASSWORD` from `dbPassword`, `x-api-key`, `jwtSecret`… */
export function envVarName(keyName: string): string {
  const words = splitIdentifierWords(keyName);
  const s = words.join('_').toUpperCase();
  return s && /^[A-Z_]/.test(s) ? s : `SECRET_${s || 'VALUE'}`;
}

/** A name for a secret that has no key (a call argument): from its kind. */
export function envVarNameForKind(kind: string, value: string): string {
  switch (kind) {
    case 'stripe-key': return value.startsWith('whsec_') ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
    case 'slack-token': return 'SLACK_TOKEN';
    case 'slack-webhook': return 'SLACK_WEBHOOK_URL';
    case 'github-token': return 'GITHUB_TOKEN';
    case 'gitlab-token': return 'GITLAB_TOKEN';
    case 'sendgrid': return 'SENDGRID_API_KEY';
    case 'google-api-key': return 'GOOGLE_API_KEY';
    case 'npm-token': return 'NPM_TOKEN';
    case 'pypi-token': return 'PYPI_TOKEN';
    case 'openai-key': return 'OPENAI_API_KEY';
    case 'anthropic-key': return 'ANTHROPIC_API_KEY';
    case 'twilio': return 'TWILIO_AUTH_TOKEN';
    case 'private-key': return 'PRIVATE_KEY';
    case 'jwt': return 'AUTH_TOKEN';
    case 'aws-access-key-id': return 'AWS_ACCESS_KEY_ID';
    case 'aws-secret-access-key': return 'AWS_SECRET_ACCESS_KEY';
    case 'aws-session-token': return 'AWS_SESSION_TOKEN';
    case 'connection-string': {
      const s = value.slice(0, 16).toLowerCase();
      if (s.startsWith('redis')) return 'REDIS_URL';
      if (s.startsWith('mongodb')) return 'MONGODB_URI';
      if (s.startsWith('amqp')) return 'AMQP_URL';
      return 'DATABASE_URL';
    }
    case 'url-credentials': return 'SERVICE_URL';
    default: return 'SECRET_VALUE';
  }
}

/** Lambda sets these from the execution role; they cannot be set in a function's environment. */
export const LAMBDA_RESERVED_AWS_VARS = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

export interface EnvAddition {
  changes: FileEdit[];
  /** "createOrder in serverless.yml" per function edited. */
  targets: string[];
  /** One example of the value written (`${ssm:/orders/JWT_SECRET}`), for the title. */
  example?: string;
  /** Functions that already have the variable. */
  alreadySet: string[];
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The reference a function's environment should use for a secret named `name`. */
export function envReference(model: ConfigModel, fn: FunctionModel, name: string): { ref: string; display: string } {
  if (model.kind === 'serverless') {
    const t = ssmTarget(model, [name]);
    return { ref: t.ref, display: `SecureString parameter ${t.display}` };
  }
  const ref = secretsManagerRef(fn.id, name);
  return { ref, display: `secret ${secretNameSegment(fn.id)} with key ${ssmSegment(name)}` };
}

/** Parsed configs for fixes, by path (the text is compared, so an edited file is parsed again). */
const configCache = ownedByPath(new Map<string, { text: string; cfg?: { model: ConfigModel; ed: DocEditor } }>());

function configFor(path: string, text: string): { model: ConfigModel; ed: DocEditor } | undefined {
  const hit = configCache.get(path);
  if (hit && hit.text === text) return hit.cfg;
  const parsed = parseYaml(text, { format: detectFormat(path, text) });
  const model = parsed.problems.some((p) => p.severity === 'error') ? undefined : buildModel(path, parsed);
  const cfg = model ? { model, ed: new DocEditor(parsed) } : undefined;
  if (configCache.size >= 32) configCache.delete(configCache.keys().next().value as string);
  configCache.set(path, { text, cfg });
  return cfg;
}

/**
 * Edits adding `name: <reference>` to the environment of each function in `handlers` (reading each
 * config's current text from the project). Functions that already define the variable (own,
 * provider or Globals environment) are left alone.
 */
export function addEnvToHandlers(project: Project, handlers: readonly HandlerRef[], name: string): EnvAddition {
  const result: EnvAddition = { changes: [], targets: [], alreadySet: [] };
  const byConfig = new Map<string, HandlerRef[]>();
  for (const h of handlers) {
    const list = byConfig.get(h.configFile) ?? [];
    if (!list.some((x) => x.fnId === h.fnId)) list.push(h);
    byConfig.set(h.configFile, list);
  }
  for (const [configFile, refs] of byConfig) {
    const text = project.readFile(configFile);
    if (text === undefined) continue;
    const cfg = configFor(configFile, text);
    if (!cfg) continue;
    const { model, ed } = cfg;
    const edits: (TextEdit | undefined)[] = [];
    const targets: string[] = [];
    for (const h of refs) {
      const fn = model.functions.find((f) => f.id === h.fnId);
      if (!fn) continue;
      if (fn.environment.some((e) => e.name === name)) {
        result.alreadySet.push(`${fn.id} in ${baseName(configFile)}`);
        continue;
      }
      const { ref, display } = envReference(model, fn, name);
      const path = model.kind === 'serverless' ? ['environment', name] : ['Properties', 'Environment', 'Variables', name];
      const e = ed.setIn(fn.node, path, ref);
      if (!e) continue;
      edits.push(e);
      targets.push(`${fn.id} in ${baseName(configFile)}`);
      result.example ??= `${name}: ${ref} (create the ${display})`;
    }
    if (!edits.length) continue;
    const combined = combineEdits(edits);
    if (!combined) continue;
    result.changes.push({ file: configFile, edits: combined });
    result.targets.push(...targets);
  }
  return result;
}


