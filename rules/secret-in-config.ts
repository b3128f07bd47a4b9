import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { codeParsersReady, parseCode } from '../server/src/engine/code/parser';
import type { CodeLang } from '../server/src/engine/code/types';
import { DocEditor } from '../server/src/engine/fix/yaml-edit';
import {
  LAMBDA_RESERVED_AWS_VARS,
  renamePairEdits,
  replaceScalarEdit,
  secretNameSegment,
  secretsManagerRef,
  ssmSegment,
  ssmTarget,
} from '../server/src/engine/fix/secrets-fix';
import { ruleMessage } from '../server/src/engine/messages';
import type { ConfigModel } from '../server/src/engine/model/types';
import { collectCodeCandidates } from '../server/src/engine/secret-scan/code-scan';
import { AWS_ADVICE, classifyCached, hitText, isAwsCredential, severityFor } from '../server/src/engine/secret-scan/common';
import { MAX_NEIGHBOURS, candidateMap, entryContext, pathText, scanConfig, type ConfigCandidate, type InlineCodeCandidate } from '../server/src/engine/secret-scan/config-scan';
import { analyzeKeyName, classifyValue, isTwilioAccountSid, maskSecret, type SecretHit } from '../server/src/engine/secrets';
import { findAwsAccessKeyId } from '../server/src/engine/secrets/vendors';
import type { Fix, RelatedLocation, Span } from '../server/src/engine/types';
import { resolveChain } from '../server/src/engine/secret-scan/chains';
import { secretParamFix, shellQuote, templateSecretParamFix } from '../server/src/engine/fix/secret-param-fix';
import { scalarMap } from '../server/src/engine/secret-scan/scalar-map';
import { get, stringValue, type YNode, type YScalar } from '../server/src/engine/yaml/ast';
import { detach } from '../server/src/engine/lru';

/**
 * Hardcoded secrets anywhere in a serverless.yml / SAM / CloudFormation file: Lambda environment
 * variables (provider, function, SAM Globals — reported once, on the node the user wrote), resource
 * properties (`MasterUserPassword`, `AuthToken`, `Password`, webhook secrets, `SecretString`…),
 * `custom:` / `params:` / `stages:`, API Gateway API key values, and any other scalar (vendor
 * formats, connection strings and private keys are found anywhere). Inline code (`Code.ZipFile`,
 * SAM `InlineCode`) is parsed as code and its literals judged like handler code.
 *
 * The string-level decision is the secret detection core's (`classifyValue`): references
 * (`${ssm:…}`, `!Ref`, `{{resolve:…}}`), placeholders, ARNs, numbers and false-friend key names are
 * never secrets. Template `Parameters` are the `secret-parameter-default` rule's job.
 */
const rule = defineRule({
  meta: {
    id: 'secret-in-config',
    category: 'secrets',
    severity: 'error',
    title: 'Hardcoded secret in configuration',
    docs: {
      summary:
        'A password, token, API key, private key or connection string with a password is written into the config file (environment variables, resource properties, custom/params blocks); keep it in SSM Parameter Store or Secrets Manager and reference it.',
      cwe: [798, 312],
    },
    appliesTo: ['serverless', 'sam', 'cfn', 'chalice'],
    fixable: true,
    messages: {
      awsKey: AWS_ADVICE,
      secretString: 'A Secrets Manager secret whose value is in the template is not secret: use GenerateSecretString, or set the value outside CloudFormation.',
      env: 'Environment values are stored in plain text in the template, the deployment package and the function configuration: keep the secret in SSM Parameter Store (SecureString) or Secrets Manager.',
      config: 'Values in the config end up in version control and in the deployed template: keep the secret in SSM Parameter Store (SecureString) or Secrets Manager and reference it.',
      chain: '{{hit}}, which {{ref}} brings into {{where}}. {{advice}}',
      chainFile: '{{hit}}, which this reference brings into {{where}}. {{advice}}',
      chainUse: 'The value flows here: {{where}}',
      chainLiteral: 'The literal value ({{file}}, key {{key}})',
    },
  },
  check(ctx) {
    if (ctx.kind === 'chalice') return checkChalice(ctx);
    const model = ctx.model;
    if (!model) return;
    // Entries (functions, resources) are checked through the engine's per-entry reuse: an entry
    // whose kind, path, context and own text are those of the last analysis is not scanned again,
    // its findings are re-reported (so a keystroke scans only the edited entry).
    const reuse = ctx.reuse;
    const context = inheritedContext(model);
    const visited = new Map<string, { key: string; span: Span }>();
    // Context texts are interned to small ids, so entry keys stay short.
    const plainContextId = intern(context);
    const scan = scanConfig(
      model,
      reuse &&
        ((node, path) => {
          const own = ctx.text.slice(node.range.start, node.range.end);
          // The scan reads values as written (variables and references are not resolved: they are
          // never secrets), except the literal of a `Fn::Join`, which is resolved through the model
          // (parameters, `${self:…}`): such an entry is checked every time.
          if (own.includes('Join')) return false;
          // Values that are references to other places (`${self:custom.x}`, `${param:x}`, `${file(…)}`)
          // are judged by what they resolve to (reportChains): not reused either.
          if (model.kind === 'serverless' && (own.includes('${self:') || own.includes('${param:') || own.includes('${file('))) return false;
          const ctxId = plainContextId;
          const key = `${model.kind}\u0000${path.join('\u0001')}\u0000${ctxId}\u0000${own}`;
          if (reuse.replay(key, node.range.start)) return true;
          visited.set(path.join('\u0001'), { key, span: node.range });
          return false;
        }),
    );
    const seen = new Set<string>();
    let ed: DocEditor | undefined;
    const editor = () => (ed ??= new DocEditor(model.parsed));
    const report = (range: Span, hit: SecretHit, message: string, fixes: Fix[] | (() => Fix[]), related?: RelatedLocation[]) => {
      if (!severityFor(hit, ctx.project.relativeToRoot(ctx.file))) return; // tests, fixtures, local scripts: see severityFor
      const k = `${range.start}:${range.end}`;
      if (seen.has(k)) return;
      seen.add(k);
      ctx.report({ range, message, severity: severityFor(hit, ctx.project.relativeToRoot(ctx.file)), fixes, ...(related ? { related } : {}) });
    };
    const reportValue = (c: ConfigCandidate) => {
      const keyName = keyOverride(c) ?? c.keyName;
      const hits = classifyCached(c.value, { keyName, location: c.location, neighbours: c.neighbours });
      if (!hits.length) return;
      // Fixes are built only when a client asks for them (code actions, CLI output).
      let fixes: Fix[] | undefined;
      const first = hits[0];
      const lazy = () => (fixes ??= fixesFor(ctx, model, editor, c, first));
      const map = candidateMap(ctx.text, c);
      for (const hit of hits) {
        const range = map && map.exact ? map.span(hit.start, hit.end) : { start: c.node.range.start, end: c.node.range.end };
        report(range, hit, `${hitText(hit, `in ${where(c)}`)}. ${advice(c, hit)}`, lazy);
      }
    };
    // The values of each checked entry are reported inside that entry's record; entries with
    // inline code (reported below) are not recorded.
    const entryOf = (path: readonly string[]) => {
      for (const n of [3, 2]) if (path.length >= n && visited.has(path.slice(0, n).join('\u0001'))) return path.slice(0, n).join('\u0001');
      return undefined;
    };
    const byEntry = new Map<string, ConfigCandidate[]>();
    for (const c of scan.values) {
      const owner = entryOf(c.path);
      if (owner === undefined) reportValue(c);
      else {
        let list = byEntry.get(owner);
        if (!list) byEntry.set(owner, (list = []));
        list.push(c);
      }
    }
    // Reference chains are resolved every time (their literal is outside the entry: not reused).
    if (model.kind === 'serverless') reportChains(ctx, model, scan.values, editor, report, () => {});
    const withInline = new Set<string>();
    for (const c of scan.inline) {
      const owner = entryOf(c.path);
      if (owner !== undefined) withInline.add(owner);
    }
    for (const [pathKey, { key, span }] of visited) {
      const list = byEntry.get(pathKey) ?? [];
      if (withInline.has(pathKey) || !reuse) {
        for (const c of list) reportValue(c);
        continue;
      }
      reuse.begin(key, span);
      try {
        for (const c of list) reportValue(c);
      } finally {
        reuse.end();
      }
    }
    for (const c of scan.inline) scanInline(c, (range, hit, what) => report(range, hit, `${hitText(hit, `in the inline code of ${c.fnId} (${what})`)}. Inline code is part of the template: read the secret at runtime from SSM Parameter Store or Secrets Manager (pass its name in an environment variable).`, []));
  },
});

export default rule;

// ---------------------------------------------------------------------------------------------
// AWS Chalice: `.chalice/config.json` (https://aws.github.io/chalice/topics/configfile.html)

/**
 * Chalice deploys `environment_variables` as the Lambda environment: at the top level (every
 * function of every stage), per stage, and per function (`lambda_functions.<name>`, at the top
 * level or in a stage). Each value is judged like a serverless.yml environment value, with the
 * other variables of its function (inherited ones included) as neighbours. No fix is offered:
 * Chalice's config has no reference syntax, and moving the value means changing the app's code.
 */
function checkChalice(ctx: RuleContext): void {
  const root = ctx.parsed?.root;
  if (!root || root.type !== 'map') return;
  const file = ctx.project.relativeToRoot(ctx.file);
  const top = get(root, 'environment_variables');
  const scan = (env: YNode | null | undefined, where: (name: string) => string, inherited: (YNode | null | undefined)[]) => {
    if (!env || env.type !== 'map') return;
    const neighbours: { keyName: string; value: string }[] = [];
    for (const m of [env, ...inherited]) {
      if (!m || m.type !== 'map') continue;
      for (const e of m.entries) {
        const v = stringValue(e.value);
        if (v !== undefined && v.length <= 4096 && neighbours.length < MAX_NEIGHBOURS) neighbours.push({ keyName: String(e.key.value), value: v });
      }
    }
    for (const e of env.entries) {
      const node = e.value;
      if (!node || node.type !== 'scalar' || typeof node.value !== 'string' || !node.value) continue;
      const name = String(e.key.value);
      const hits = classifyCached(node.value, { keyName: name, location: 'env', neighbours });
      const map = scalarMap(ctx.text, node);
      for (const hit of hits) {
        const severity = severityFor(hit, file);
        if (!severity) continue;
        const range = map && map.exact ? map.span(hit.start, hit.end) : { start: node.range.start, end: node.range.end };
        ctx.report({ range, severity, message: `${hitText(hit, `in environment variable ${where(name)}`)}. ${ruleMessage(rule.meta, 'env')}`, fixes: [] });
      }
    }
  };
  const functions = (fns: YNode | null | undefined, stage: string | undefined, inherited: (YNode | null | undefined)[]) => {
    if (!fns || fns.type !== 'map') return;
    for (const f of fns.entries) scan(get(f.value, 'environment_variables'), (n) => `${n} of function ${String(f.key.value)}${stage ? ` (stage ${stage})` : ''}`, inherited);
  };
  scan(top, (n) => `${n} (.chalice/config.json environment_variables, set on every function of every stage)`, []);
  functions(get(root, 'lambda_functions'), undefined, [top]);
  const stages = get(root, 'stages');
  if (stages && stages.type === 'map') {
    for (const s of stages.entries) {
      const stage = String(s.key.value);
      const env = get(s.value, 'environment_variables');
      scan(env, (n) => `${n} (stage ${stage})`, [top]);
      functions(get(s.value, 'lambda_functions'), stage, [env, top]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
const interned = new Map<string, number>();
/** Ids are never reused (a cleared table never maps new text to an old id still in a key). */
let nextInternId = 1;
function intern(text: string): number {
  let id = interned.get(text);
  if (id === undefined) {
    if (interned.size >= 1000) interned.clear();
    interned.set(detach(text), (id = nextInternId++)); // detached: a slice keeps its document alive
  }
  return id;
}

/**
 * What of the inherited environment block (provider / Globals, see `entryContext`) an entry's
 * findings can depend on. It joins every function's environment as neighbours, and the detection
 * core reads neighbours only to pair a value with an AWS access key id or a Twilio account SID next
 * to it; the neighbour list is cut at MAX_NEIGHBOURS (the entry's own variables first). So the
 * context is those pairing values with their keys and their index among the inherited neighbours:
 * typing into any other inherited variable leaves every function's findings as they are.
 */
function inheritedContext(model: ConfigModel): string {
  const env = entryContext(model);
  if (!env) return '';
  const node =
    model.kind === 'serverless'
      ? get(get(model.root, 'provider'), 'environment')
      : get(get(get(get(model.root, 'Globals'), 'Function'), 'Environment'), 'Variables');
  if (!node || node.type !== 'map') return `\u0002${env}`;
  let out = '';
  let n = 0;
  for (const e of node.entries) {
    if (n >= MAX_NEIGHBOURS) break;
    const v = stringValue(e.value);
    if (v === undefined || v.length > 4096) continue;
    if (findAwsAccessKeyId(v) !== undefined || isTwilioAccountSid(v)) out += `${n}\u0001${model.parsed.text.slice(e.key.range.start, e.key.range.end)}\u0001${v}\u0002`;
    n++;
  }
  return out;
}

/**
 * Resource properties whose value is a secret although the property name does not say so
 * (`AWS::ApiGateway::ApiKey.Value`), or a *password* although it is named a token (the Redis AUTH
 * token of ElastiCache, judged like a password: no entropy threshold).
 */
function keyOverride(c: ConfigCandidate): string | undefined {
  const last = c.path[c.path.length - 1];
  if (c.resourceType === 'AWS::ApiGateway::ApiKey' && c.propertyName === 'Value' && last === 'Value') return 'apiKeys.value';
  if (c.resourceType?.startsWith('AWS::ElastiCache::') && c.propertyName === 'AuthToken' && last === 'AuthToken') return 'AuthTokenPassword';
  if ((c.resourceType === 'AWS::ElastiCache::User' || c.resourceType === 'AWS::MemoryDB::User') && c.path.includes('Passwords')) return 'password';
  return undefined;
}

function where(c: ConfigCandidate): string {
  if (c.variableFallback) return `${whereBase(c)}, as the fallback of a variable`;
  return whereBase(c);
}

function whereBase(c: ConfigCandidate): string {
  const p = pathText(c.path);
  if (c.area === 'env') {
    const name = c.keyName ?? p;
    if (c.envOwner === 'provider') return `environment variable ${name} (provider.environment, set on every function)`;
    if (c.envOwner === 'globals') return `environment variable ${name} (Globals.Function.Environment, set on every function)`;
    return `environment variable ${name} of function ${c.fnId}`;
  }
  return p;
}

function advice(c: ConfigCandidate, hit: SecretHit): string {
  const id = isAwsCredential(hit) ? 'awsKey' : c.resourceType === 'AWS::SecretsManager::Secret' && c.propertyName === 'SecretString' ? 'secretString' : c.area === 'env' ? 'env' : 'config';
  return ruleMessage(rule.meta, id);
}

const RDS_MANAGED_PASSWORD_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']);

function fixesFor(ctx: RuleContext, model: ConfigModel, editor: () => DocEditor, c: ConfigCandidate, hit: SecretHit): Fix[] {
  if (!c.scalar || c.inIntrinsic) return [];
  const out: Fix[] = [];
  const ed = editor();
  const change = (edits: ReturnType<typeof replaceScalarEdit>[]) => [{ file: ctx.file, edits }];

  // `${ssm:/x, 'literal'}`: the reference is already there, drop the hardcoded fallback.
  if (c.variableFallback) {
    out.push({ title: `Remove the hardcoded fallback (${c.variableFallback.withoutFallback})`, changes: change([replaceScalarEdit(ed, c.scalar, c.variableFallback.withoutFallback)]), isPreferred: true });
    return out;
  }

  // Lambda reserves the AWS credential variables: the only fix is to drop them.
  if (c.area === 'env' && c.keyName && LAMBDA_RESERVED_AWS_VARS.has(c.keyName) && c.parent && c.pair) {
    const e = ed.removePair(c.parent, c.keyName);
    if (e) out.push({ title: `Remove ${c.keyName} (Lambda provides the execution role's credentials)`, changes: change([e]), isPreferred: true });
    return out;
  }
  // RDS can generate and rotate the master password in Secrets Manager itself.
  const propsDepth = c.path.indexOf('Properties');
  if (
    c.propertyName === 'MasterUserPassword' &&
    RDS_MANAGED_PASSWORD_TYPES.has(c.resourceType ?? '') &&
    c.path.length === propsDepth + 2 &&
    c.parent &&
    c.pair &&
    get(c.parent, 'ManageMasterUserPassword') == null
  ) {
    const edits = renamePairEdits(ed, c.parent, c.pair, 'ManageMasterUserPassword', true);
    if (edits) out.push({ title: 'Let RDS manage the master password in Secrets Manager (ManageMasterUserPassword: true)', changes: change(edits), isPreferred: true });
  }
  if (c.resourceType === 'AWS::SecretsManager::Secret' && c.propertyName === 'SecretString') return out;

  // serverless.yml environment: the parameter's name in the environment, a runtime fetch in the
  // handlers and the grant, as one edit — when all of it can keep the app working.
  if (model.kind === 'serverless' && c.area === 'env' && (c.envOwner === 'function' || c.envOwner === 'provider') && c.parent && c.pair && c.keyName && c.offset === 0 && !c.value.includes('${')) {
    const fix = secretParamFix({ model, configFile: ctx.file, project: ctx.project, handlers: ctx.links.handlers(), editor: ed, map: c.parent, pair: c.pair, name: c.keyName, value: c.value, owner: c.envOwner, fnId: c.fnId });
    if (fix) return [...out, out.length ? { ...fix, isPreferred: false } : fix];
  }
  // SAM / CloudFormation function environment: the same cross-file move (name in the environment,
  // runtime fetch in the handler, grant on the function's role).
  if ((model.kind === 'sam' || model.kind === 'cfn') && c.area === 'env' && c.envOwner === 'resource' && c.parent && c.pair && c.keyName && c.fnId && c.offset === 0) {
    const fix = templateSecretParamFix({ model, configFile: ctx.file, project: ctx.project, handlers: ctx.links.handlers(), editor: ed, map: c.parent, pair: c.pair, name: c.keyName, value: c.value, fnId: c.fnId });
    if (fix) return [...out, out.length ? { ...fix, isPreferred: false } : fix];
  }
  // serverless.yml outside `resources:` (which is CloudFormation, below): `${ssm:}` works anywhere.
  // The value is resolved at deploy time (secret-ssm-in-environment says so, at info), but the
  // function keeps working unchanged.
  if (model.kind === 'serverless' && c.area !== 'resource' && c.path[0] !== 'resources') {
    const target = ssmTarget(model, ssmSegments(c));
    const cliName = target.display.replace('<service>', 'SERVICE').replace('<stage>', 'dev');
    const literal = !c.value.includes('${');
    const cmd = (v: string) => `aws ssm put-parameter --name ${shellQuote(cliName)} --type SecureString --value ${v}`;
    out.push({
      title: `Move to SSM Parameter Store: create SecureString ${target.display} with this value, then use ${target.ref}`,
      changes: change([replaceScalarEdit(ed, c.scalar, target.ref)]),
      ...(out.length ? {} : { isPreferred: true }),
      ...(literal
        ? { afterApply: { message: `Create the SecureString parameter ${target.display} with the value that was in ${ctx.file.slice(ctx.file.lastIndexOf('/') + 1)} before deploying.`, copyText: cmd(shellQuote(c.value)), displayText: cmd(`'${maskSecret(c.value)}'`) } }
        : {}),
    });
    return out;
  }
  if (c.area === 'env' || c.area === 'resource') {
    if (c.area === 'resource' && !c.propertyName) return out;
    const secretName = c.envOwner === 'globals' ? 'GlobalFunctionSecrets' : c.fnId ?? c.resourceId;
    const jsonKey = c.area === 'env' ? c.keyName : c.keyName && c.keyName !== 'Value' ? c.keyName : c.propertyName;
    if (!secretName || !jsonKey) return out;
    const ref = secretsManagerRef(secretName, jsonKey);
    out.push({
      title: `Move to Secrets Manager: store this value under key ${ssmSegment(jsonKey)} of secret ${secretNameSegment(secretName)}, then use ${ref}`,
      changes: change([replaceScalarEdit(ed, c.scalar, ref)]),
      ...(out.length ? {} : { isPreferred: true }),
    });
  }
  return out;
}

/** SSM path segments for a serverless.yml value: env → [KEY]; custom.a.b → [a, b]; apiKeys → [apiKeys, name]. */
function ssmSegments(c: ConfigCandidate): string[] {
  const keys = c.path.filter((p) => !p.startsWith('['));
  if (c.area === 'env') return [c.keyName ?? keys[keys.length - 1]];
  if (c.area === 'custom') return keys.slice(1);
  if (c.area === 'api-key') {
    const name = stringValue(get(c.parent, 'name'));
    return ['apiKeys', name ?? 'key'];
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Reference chains (serverless.yml)

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * `KEY: ${self:custom.x}` / `${param:x}` / `${file(./f.yml):x}` whose destination says secret (a
 * password- or secret-named environment variable, a credential property): the literal it resolves
 * to is judged by the destination's name, and as a password when the destination is one
 * (`MasterUserPassword: ${self:custom.PASSWORD}` with `PASSWORD: password` is a real password).
 * In-file literals are reported where they are written, with every use as related information;
 * literals in another file at the reference (the engine reports in the file it analyses), with the
 * literal as related information. Fixes are the use site's own (e.g. ManageMasterUserPassword).
 */
function reportChains(
  ctx: RuleContext,
  model: ConfigModel,
  values: readonly ConfigCandidate[],
  editor: () => DocEditor,
  report: (range: Span, hit: SecretHit, message: string, fixes: Fix[] | (() => Fix[]), related?: RelatedLocation[]) => void,
  noteHit: (path: readonly string[]) => void,
): void {
  interface Use { c: ConfigCandidate; keyName: string; hit: SecretHit; ref: string }
  const bySelf = new Map<YScalar, Use[]>();
  for (const c of values) {
    if (!c.scalar || c.variableFallback || !c.value.startsWith('${')) continue;
    const keyName = keyOverride(c) ?? c.keyName;
    if (!keyName) continue;
    const info = analyzeKeyName(keyName);
    if (info.category === 'none') continue;
    const target = resolveChain(c.value, model, ctx.file, ctx.project);
    if (!target) continue;
    const purpose = info.category === 'password' ? 'password' : undefined;
    const hits = classifyCached(target.value, { keyName, location: c.location, purpose });
    if (!hits.length) continue;
    noteHit(c.path);
    const hit = hits[0];
    let fixes: Fix[] | undefined;
    const lazy = () => (fixes ??= fixesFor(ctx, model, editor, c, hit));
    if (target.kind === 'file') {
      const key = c.value.slice(c.value.lastIndexOf(':') + 1, -1);
      const data = { hit: hitText({ ...hit, detail: undefined }, `in ${baseName(target.file)} (key ${key})`), where: where(c), advice: advice(c, hit) };
      report({ start: c.scalar.range.start, end: c.scalar.range.end }, hit, ruleMessage(rule.meta, 'chainFile', data), lazy, [
        { file: target.file, range: target.range, message: ruleMessage(rule.meta, 'chainLiteral', { file: baseName(target.file), key }) },
      ]);
      continue;
    }
    const list = bySelf.get(target.scalar) ?? [];
    list.push({ c, keyName, hit, ref: c.value });
    bySelf.set(target.scalar, list);
  }
  for (const [scalar, uses] of bySelf) {
    const first = uses[0];
    const map = scalarMap(ctx.text, scalar);
    const range = map && map.exact ? map.span(first.hit.start, first.hit.end) : { start: scalar.range.start, end: scalar.range.end };
    const related = uses.map((u) => ({ file: ctx.file, range: { start: u.c.scalar!.range.start, end: u.c.scalar!.range.end }, message: ruleMessage(rule.meta, 'chainUse', { where: where(u.c) }) }));
    let fixes: Fix[] | undefined;
    const lazy = () => (fixes ??= fixesFor(ctx, model, editor, first.c, first.hit));
    const literal = first.ref.slice(2, -1).replace(/^self:/, '').replace(/^param:/, 'params.');
    const data = { hit: hitText({ ...first.hit, detail: undefined }, `in ${literal}`), ref: first.ref, where: where(first.c), advice: advice(first.c, first.hit) };
    report(range, first.hit, ruleMessage(rule.meta, 'chain', data), lazy, related);
  }
}

// ---------------------------------------------------------------------------------------------
// Inline code

function langOf(runtime: string | undefined, value: string): CodeLang {
  if (runtime?.startsWith('python')) return 'python';
  if (runtime?.startsWith('nodejs')) return 'javascript';
  return value.includes('def ') && !value.includes('=>') ? 'python' : 'javascript';
}

function scanInline(c: InlineCodeCandidate, report: (range: Span, hit: SecretHit, what: string) => void): void {
  const whole = { start: c.scalar.range.start, end: c.scalar.range.end };
  const place = (s: number, e: number): Span => (c.map.exact ? c.map.span(s, e) : whole);
  if (codeParsersReady() && c.value.length <= 200_000) {
    const lang = langOf(c.runtime, c.value);
    const parsed = parseCode(c.value, lang);
    try {
      if (parsed.root) {
        const lineStarts = [0];
        for (let i = 0; i < c.value.length; i++) if (c.value.charCodeAt(i) === 10) lineStarts.push(i + 1);
        const lineOf = (o: number) => {
          let lo = 0;
          let hi = lineStarts.length - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (lineStarts[mid] <= o) lo = mid;
            else hi = mid - 1;
          }
          return lo;
        };
        for (const lit of collectCodeCandidates(parsed.root, c.value, lang, lineOf)) {
          for (const hit of classifyValue(lit.value, { keyName: lit.keyName, location: 'code', neighbours: lit.neighbours, purpose: lit.purpose })) {
            const s = lit.toSource(hit.start);
            const e = lit.toSource(hit.end);
            report(place(s, Math.max(e, s + 1)), hit, lit.keyName ? `${lit.keyName}` : `${lang === 'python' ? 'Python' : 'JavaScript'} string literal`);
          }
        }
        return;
      }
    } finally {
      parsed.tree?.delete();
    }
  }
  for (const hit of classifyValue(c.value, { location: 'code' })) report(place(hit.start, hit.end), hit, 'inline code');
}


