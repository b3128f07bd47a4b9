import { secretParamFix } from '../server/src/engine/fix/secret-param-fix';
import { defineRule } from '../server/src/engine/rule';
import { DocEditor } from '../server/src/engine/fix/yaml-edit';
import { renamePairEdits } from '../server/src/engine/fix/secrets-fix';
import { oncePerRange } from '../server/src/engine/model/query';
import type { ConfigModel, EnvEntry } from '../server/src/engine/model/types';
import { findVariables, resolveWholeVariable } from '../server/src/engine/model/variables';
import { analyzeKeyName } from '../server/src/engine/secrets';
import type { Fix } from '../server/src/engine/types';
import { get, getPair, getPath, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YMap, type YNode } from '../server/src/engine/yaml/ast';
import { detach } from '../server/src/engine/lru';
import { ruleMessage } from '../server/src/engine/messages';
import { AWS_ADVICE } from '../server/src/engine/secret-scan/common';

/**
 * A secret *reference* resolved into a Lambda environment variable: `${ssm:/path}` (Serverless
 * Framework, including `/aws/reference/secretsmanager/…` and `${self:…}` pointing at one) or a
 * `{{resolve:ssm:…}}` dynamic reference (SAM/CloudFormation; `{{resolve:secretsmanager:…}}` is the
 * prescribed remedy for templates and is not reported).
 * The value is resolved at deploy time and the *plaintext* lands in the function configuration
 * (and, for `${ssm:}`, in the packaged template): anyone with `lambda:GetFunctionConfiguration`
 * reads it. Better than a literal, so only `info`.
 *
 * Only secret-looking references are reported: a secret-named variable (`DB_PASSWORD`), a secret-
 * named parameter path (`/orders/db/password`), any Secrets Manager reference. Plain configuration
 * from SSM (`TABLE_NAME: ${ssm:/app/table}`) is not.
 *
 * Fix: pass the parameter *name* instead (`DB_PASSWORD_PARAM: /orders/db/password`,
 * `DB_PASSWORD_SECRET_ID: prod/db`) and read it at runtime.
 *
 * AWS credentials passed the same way (`MY_AWS_SECRET_ACCESS_KEY: ${env:AWS_SECRET_ACCESS_KEY}`, a
 * `!Ref` of a template parameter) are a warning: the deployer's long-term secret access key (or
 * session token) is stored in plaintext in the function configuration, and the code signs with
 * that user instead of the execution role. No fix: the code that builds its clients from those
 * variables must change with it (the role then needs what the code calls).
 */
const rule = defineRule({
  meta: {
    id: 'secret-ssm-in-environment',
    category: 'secrets',
    severity: 'info',
    title: 'Secret resolved into a Lambda environment variable',
    docs: {
      summary:
        'A ${ssm:…} / {{resolve:ssm:…}} secret reference in a Lambda environment variable is resolved at deploy time, so the plaintext is stored in the function configuration; pass the parameter name and read the secret at runtime.',
      cwe: [312],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      reference:
        '{{name}}{{scope}} is set from {{display}}: {{resolver}} resolves it at deploy time and stores the plaintext in the function configuration, readable by anyone with lambda:GetFunctionConfiguration. {{advice}} ({{api}}, cached, e.g. with the AWS Parameters and Secrets Lambda Extension or Powertools); the role needs {{permission}} on it.',
      awsCredentials:
        '{{name}}{{scope}} is set from {{display}}: an AWS {{what}} passed in at deploy time is stored in plaintext in the function configuration (readable by anyone with lambda:GetFunctionConfiguration), and code that signs with it acts as that IAM user instead of the execution role. ' +
        AWS_ADVICE,
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    let ed: DocEditor | undefined;
    for (const { entry, map } of envEntries(model)) {
      const v = entry.value;
      if (!v || !once(v.range)) continue;
      const scope = entry.inheritedFrom === 'provider' ? ' (provider.environment: every function)' : entry.inheritedFrom === 'globals' ? ' (Globals: every function)' : '';
      const cred = awsCredentialReference(model, v, entry.name);
      if (cred) {
        ctx.report({ range: v.range, severity: 'warning', message: ruleMessage(rule.meta, 'awsCredentials', { name: entry.name, scope, display: cred.display, what: cred.what }) });
        continue;
      }
      const ref = secretReference(model, v, entry.name);
      if (!ref) continue;
      // Built when a client asks for code actions, not on every keystroke.
      const fixes = (): Fix[] => {
        if (!ref.whole || !map) return [];
        const pair = map.entries.find((e) => e.key === entry.keyNode);
        const newKey = `${entry.name}${ref.suffix}`;
        if (!pair || getPair(map, newKey)) return [];
        ed ??= new DocEditor(model.parsed);
        // serverless.yml, a parameter: the handler reads become a runtime fetch and the role gets
        // the grant, in the same edit (fix/secret-param-fix.ts) — the function keeps working.
        if (model.kind === 'serverless' && ref.suffix === '_PARAM' && !ref.name.startsWith('/aws/reference/') && entry.inheritedFrom !== 'globals') {
          const fn = entry.inheritedFrom === 'provider' ? undefined : model.functions.find((f) => get(f.node, 'environment') === map);
          const fetch = secretParamFix({ model, configFile: ctx.file, project: ctx.project, handlers: ctx.links.handlers(), editor: ed, map, pair, name: entry.name, value: '', owner: fn ? 'function' : 'provider', fnId: fn?.id, existingParameter: ref.name });
          if (fetch) return [fetch];
        }
        const edits = renamePairEdits(ed, map, pair, newKey, ref.name);
        return edits ? [{ title: `Pass the ${ref.noun} name instead: ${newKey}: ${ref.name} (then read it at runtime in the code that reads ${entry.name})`, changes: [{ file: ctx.file, edits }], isPreferred: true }] : [];
      };
      ctx.report({
        range: v.range,
        message: ruleMessage(rule.meta, 'reference', {
          name: entry.name,
          scope,
          display: ref.display,
          resolver: ref.resolver,
          advice: ref.whole
            ? `Pass the ${ref.noun} name instead (${entry.name}${ref.suffix}: ${ref.name}) and read the value at runtime`
            : `Pass the ${ref.noun} name in its own variable (…${ref.suffix}: ${ref.name}), read the value at runtime and build ${entry.name} in code`,
          api: ref.api,
          permission: ref.permission,
        }),
        fixes,
      });
    }
  },
});

export default rule;

/** `AWS_SECRET_ACCESS_KEY`, `MY_AWS_SECRET_ACCESS_KEY_PROD`, `awsSecretAccessKey` → the credential part it names, if any. */
function awsCredentialName(name: string): 'secret access key' | 'session token' | undefined {
  // Split camelCase and separators into upper-case words: awsSecretAccessKey → AWS_SECRET_ACCESS_KEY.
  let words = '';
  let prev = '';
  for (const ch of name) {
    const upper = ch >= 'A' && ch <= 'Z';
    const alnum = upper || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!alnum) words += '_';
    else {
      if (upper && prev >= 'a' && prev <= 'z') words += '_';
      words += ch.toUpperCase();
    }
    prev = ch;
  }
  const w = `_${words}_`;
  if (w.includes('_SECRET_ACCESS_KEY_') || (w.includes('_AWS_') && w.includes('_SECRET_KEY_'))) return 'secret access key';
  if (w.includes('_AWS_SESSION_TOKEN_')) return 'session token';
  return undefined;
}

/**
 * An AWS secret access key or session token given to the function from outside the file: a
 * Serverless variable (`${env:AWS_SECRET_ACCESS_KEY}`, `${ssm:…}`, `${file(…)}`…) or a template
 * parameter / dynamic reference, under an entry whose name (or, for `${env:X}`, whose source
 * variable) names one. A literal value is `secret-in-config`'s.
 */
function awsCredentialReference(model: ConfigModel, v: YNode, keyName: string): { display: string; what: string } | undefined {
  const s = stringValue(v);
  if (model.kind === 'serverless') {
    if (!s || !s.includes('${')) return undefined;
    const vars = findVariables(s);
    for (const x of vars) {
      const what = awsCredentialName(keyName) ?? (x.source === 'env' ? awsCredentialName(x.address.trim()) : undefined);
      if (what) return { display: s.slice(x.start, x.end), what };
    }
    return undefined;
  }
  const what = awsCredentialName(keyName);
  if (!what) return undefined;
  const ref = referencedName(v);
  if (ref) return { display: ref, what };
  if (s && s.includes(RESOLVE)) return { display: s, what };
  return undefined;
}

/** `!Ref Param` / `{ Ref: Param }` → `!Ref Param`. */
function referencedName(v: YNode): string | undefined {
  if (intrinsicName(v) !== 'Ref') return undefined;
  const a = stringValue(intrinsicArg(v));
  return a ? `!Ref ${a}` : undefined;
}

interface SecretRef {
  /** The whole value is the reference (a fix can replace it). */
  whole: boolean;
  /** Parameter name / secret id to pass instead. */
  name: string;
  noun: 'parameter' | 'secret';
  suffix: '_PARAM' | '_SECRET_ID';
  display: string;
  resolver: string;
  api: string;
  permission: string;
}

/** Environment maps of the file with their entries, each value node once. */
function envEntries(model: ConfigModel): { entry: EnvEntry; map?: YMap }[] {
  const out: { entry: EnvEntry; map?: YMap }[] = [];
  const mapOf = (node: YNode | null | undefined): YMap | undefined => (isMap(node) && !intrinsicName(node) ? node : undefined);
  const provider = mapOf(getPath(model.root, 'provider.environment'));
  const globals = mapOf(getPath(model.root, 'Globals.Function.Environment.Variables'));
  const seenProvider = new Set<YNode>();
  for (const fn of model.functions) {
    const own =
      model.kind === 'serverless' ? mapOf(get(fn.node, 'environment')) : mapOf(get(get(get(fn.node, 'Properties'), 'Environment'), 'Variables'));
    for (const e of fn.environment) {
      const map = e.inheritedFrom === 'provider' ? provider : e.inheritedFrom === 'globals' ? globals : own;
      out.push({ entry: e, map });
      if (e.value) seenProvider.add(e.value);
    }
  }
  // Provider / Globals entries even when no function inherits them.
  for (const [m, from] of [[provider, 'provider'], [globals, 'globals']] as const) {
    if (!m) continue;
    for (const e of m.entries) if (e.value && !seenProvider.has(e.value)) out.push({ entry: { name: String(e.key.value), keyNode: e.key, value: e.value, inheritedFrom: from }, map: m });
  }
  return out;
}

const namedCache = new Map<string, boolean>();

/** Whether a name reads as a secret's (memoised: the same names come back on every keystroke). */
function secretNamed(s: string): boolean {
  let v = namedCache.get(s);
  if (v === undefined) {
    v = analyzeKeyName(s).category !== 'none';
    if (namedCache.size > 10_000) namedCache.clear();
    namedCache.set(detach(s), v); // detached: a slice keeps its document alive
  }
  return v;
}

/** Last segments of a parameter path are judged like a key (`/orders/db/password` → password). */
function secretPath(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  return segs.length > 0 && (secretNamed(segs[segs.length - 1]) || (segs.length > 1 && secretNamed(segs.slice(-2).join('_'))));
}

function secretReference(model: ConfigModel, v: YNode, keyName: string): SecretRef | undefined {
  if (model.kind === 'serverless') return serverlessRef(model, v, keyName);
  return dynamicRef(v, keyName);
}

function serverlessRef(model: ConfigModel, v: YNode, keyName: string, depth = 0): SecretRef | undefined {
  const s = stringValue(v);
  if (!s || !s.includes('${') || depth > 3) return undefined;
  const vars = findVariables(s);
  for (const x of vars) {
    let whole = vars.length === 1 && x.start === 0 && x.end === s.length;
    let src = x;
    let via = '';
    if (x.source === 'self' && whole) {
      const target = resolveWholeVariable(s, { root: model.root, stage: 'dev' });
      const ts = typeof target === 'string' ? target : stringValue(target as YNode);
      if (!ts) continue;
      const inner = findVariables(ts);
      if (!inner.length || inner[0].source !== 'ssm') continue;
      src = inner[0];
      whole = inner.length === 1 && inner[0].start === 0 && inner[0].end === ts.length;
      via = ` (via \${self:${x.address}})`;
    }
    if (src.source !== 'ssm') continue;
    let path = src.address.trim();
    if (path.endsWith('~true') || path.endsWith('~split')) path = path.slice(0, path.lastIndexOf('~'));
    const sm = path.startsWith('/aws/reference/secretsmanager/');
    if (!sm && !secretNamed(keyName) && !secretPath(path)) continue;
    return {
      whole,
      name: path,
      noun: 'parameter',
      suffix: '_PARAM',
      display: `\${ssm:${src.address}}${via}`,
      resolver: 'the Serverless Framework',
      api: sm ? 'SSM GetParameter with WithDecryption, or Secrets Manager GetSecretValue' : 'SSM GetParameter with WithDecryption',
      permission: sm ? 'ssm:GetParameter and secretsmanager:GetSecretValue' : 'ssm:GetParameter (and kms:Decrypt for a customer-managed key)',
    };
  }
  return undefined;
}

const RESOLVE = '{{resolve:';

function dynamicRef(v: YNode, keyName: string): SecretRef | undefined {
  let s = stringValue(v);
  let whole = true;
  if (!s && intrinsicName(v) === 'Fn::Sub') {
    const arg = intrinsicArg(v);
    s = stringValue(isSeq(arg) ? arg.items[0] : arg);
    whole = false;
  }
  if (!s) return undefined;
  const i = s.indexOf(RESOLVE);
  if (i < 0) return undefined;
  const close = s.indexOf('}}', i);
  if (close < 0) return undefined;
  whole = whole && i === 0 && close + 2 === s.length && isScalar(v);
  const parts = s.slice(i + RESOLVE.length, close).split(':');
  const service = parts[0];
  // `{{resolve:secretsmanager:…}}` is the remedy the project prescribes for SAM/CloudFormation (the
  // `secret-in-config` fix and the secure snippets use it): the secret stays in Secrets Manager with
  // rotation and audit, and only the function's configuration shows it. It is not reported here;
  // the docs explain the stricter runtime-fetch pattern.
  if (service === 'secretsmanager') return undefined;
  if (service === 'ssm' || service === 'ssm-secure') {
    const name = parts[1] ?? '';
    if (service === 'ssm' && !secretNamed(keyName) && !secretPath(name)) return undefined;
    return {
      whole,
      name,
      noun: 'parameter',
      suffix: '_PARAM',
      display: `{{resolve:${service}:${name}}}`,
      resolver: 'CloudFormation',
      api: 'SSM GetParameter with WithDecryption',
      permission: 'ssm:GetParameter',
    };
  }
  return undefined;
}
