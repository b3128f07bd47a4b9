/**
 * "Move the secret to SSM Parameter Store" as one cross-file edit that keeps the app working
 * (issue 11, item 6). For a hardcoded secret in a serverless.yml environment variable
 * (`DB_PASSWORD: Corp123!`, function or provider level):
 *
 *  1. the entry becomes the parameter's *name*: `DB_PASSWORD_PARAM: /orders/db-password`;
 *  2. every read of the variable in the handler files of the functions that get it
 *     (`process.env.DB_PASSWORD`, `process.env['DB_PASSWORD']`, `os.environ["DB_PASSWORD"]`,
 *     `os.environ.get(…)`, `os.getenv(…)`) becomes a runtime fetch cached per container (SDK v3
 *     `GetParameterCommand` / boto3 `get_parameter`, `WithDecryption`);
 *  3. the role those functions use gets `ssm:GetParameter` on that parameter's ARN (+ `kms:Decrypt`
 *     on the key when `provider.kmsKeyArn` names a customer key, which the parameter is created with);
 *  4. the fix carries the `aws ssm put-parameter --type SecureString …` command that creates the
 *     parameter with the value that was in the file (`Fix.afterApply`).
 *
 * A JSON object value (several fields) goes to Secrets Manager instead: `DB_CREDENTIALS_SECRET_ID:
 * orders/db-credentials`, `GetSecretValue` (the handler still gets the JSON text it parsed before),
 * `secretsmanager:GetSecretValue` on `…:secret:orders/db-credentials-??????`, and
 * `aws secretsmanager create-secret --secret-string …`.
 *
 * SAM / CloudFormation (`templateSecretParamFix`): the same for a function's `Environment.Variables`,
 * with `NAME_PARAM: /<function>/<name>` and the grant as an inline statement in the SAM function's
 * `Policies` or an inline policy on the template's `AWS::IAM::Role` that the function's `Role` names.
 *
 * It is offered only when every step can keep the app working: each function's handler file is
 * found and parsed, the variable is read there only in the forms above (at least once), JS reads
 * sit in `async` functions (the fetch is awaited), no helper name is taken, and the role is the
 * shared provider role or the function's own `iamRoleStatements`. Otherwise the caller offers the
 * honest alternative (a `${ssm:}` reference resolved at deploy time).
 */
import { codeLangFromPath, codeParsersReady, freeParse, parseCode } from '../code/parser';
import type { CodeLang } from '../code/types';
import type { SNode } from '../code/syntax';
import type { HandlerRef } from '../handlers';
import { buildModel } from '../model/build';
import type { ConfigModel, FunctionModel } from '../model/types';
import { detectFormat, parseYaml } from '../yaml/parse';
import type { Project } from '../project';
import { envLookupName } from '../secret-scan/code-scan';
import { maskSecret } from '../secrets';
import type { FileEdit, Fix, TextEdit } from '../types';
import { get, getPair, isMap, isSeq, stringValue, type YMap, type YPair } from '../yaml/ast';
import { appendToSeq } from '../permissions/edits';
import { DocEditor, combineEdits, verbatim } from './yaml-edit';
import { renamePairEdits, ssmSegment } from './secrets-fix';

type Store = 'ssm' | 'secretsmanager';

/** A JSON object (several fields: `{"username": …, "password": …}`) goes to Secrets Manager. */
function storeFor(value: string): Store {
  const t = value.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return 'ssm';
  try {
    const v = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? 'secretsmanager' : 'ssm';
  } catch {
    return 'ssm';
  }
}

export interface ParamFixInput {
  model: ConfigModel;
  configFile: string;
  project: Project;
  handlers: readonly HandlerRef[];
  editor: DocEditor;
  /** The environment map and the pair holding the literal. */
  map: YMap;
  pair: YPair;
  name: string;
  value: string;
  /** `function` (one function's own environment) or `provider` (every function). */
  owner: 'function' | 'provider';
  fnId?: string;
  /**
   * The SSM parameter already holds the value (`DB_PASSWORD: ${ssm:/orders/db/password}`,
   * secret-ssm-in-environment): pass this name, no parameter to create.
   */
  existingParameter?: string;
}

/** `DB_PASSWORD` → `db-password`. */
function paramLeaf(name: string): string {
  return ssmSegment(name.toLowerCase().replace(/_/g, '-'));
}

/** `DB_PASSWORD` → `DbPassword` (for helper names). */
function pascal(name: string): string {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** Single-quoted for POSIX shells. */
export function shellQuote(s: string): string {
  return `'${s.split("'").join("'\\''")}'`;
}

const ASYNC_BOUNDARIES = new Set(['arrow_function', 'function_declaration', 'function_expression', 'function', 'method_definition', 'generator_function_declaration', 'generator_function', 'class_body']);

interface CodePlan {
  file: string;
  edits: TextEdit[];
  reads: number;
}

function walk(n: SNode, visit: (n: SNode) => void): void {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    visit(x);
    for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]);
  }
}

const isIdentChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;

/** Occurrences of `word` as a whole identifier-like word (a safety count, not a parse). */
function countOccurrences(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) {
    if (!(i > 0 && isIdentChar(text.charCodeAt(i - 1))) && !isIdentChar(text.charCodeAt(i + word.length))) n++;
  }
  return n;
}

const childField = (n: SNode | undefined, f: string) => n?.children.find((c) => c.field === f);

/** `const x = require('m')`, `const { a } = require('m')`, `const y = require('m').z`. */
function isRequireDeclaration(s: SNode, text: string): boolean {
  if (s.type !== 'lexical_declaration' && s.type !== 'variable_declaration') return false;
  const decls = s.children.filter((c) => c.type === 'variable_declarator');
  if (!decls.length) return false;
  return decls.every((d) => {
    let v = childField(d, 'value');
    while (v && v.type === 'member_expression') v = childField(v, 'object');
    const fn = v && v.type === 'call_expression' ? childField(v, 'function') : undefined;
    return !!fn && fn.type === 'identifier' && text.slice(fn.start, fn.end) === 'require';
  });
}

/** A module docstring (Python) or a directive prologue (`'use strict'`). */
function isPrologue(s: SNode, text: string, lang: CodeLang): boolean {
  if (s.type !== 'expression_statement' || s.children.length < 1) return false;
  const first = s.children[0];
  if (lang === 'python') return first.type === 'string';
  if (first.type !== 'string') return false;
  const t = text.slice(first.start + 1, first.end - 1);
  return t === 'use strict';
}

/** The whole read expression: `os.environ.get("X")` is the call, not its `attribute`. */
function readExpression(n: SNode, text: string, lang: CodeLang, name: string): SNode | undefined {
  if (lang === 'python') {
    if (n.type === 'subscript' && envLookupName(n, text, lang) === name) return n;
    if (n.type === 'call' && envLookupName(n, text, lang) === name) return n;
    return undefined;
  }
  if ((n.type === 'member_expression' || n.type === 'subscript_expression') && envLookupName(n, text, lang) === name) return n;
  return undefined;
}

function inAsyncFunction(n: SNode, text: string): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (ASYNC_BOUNDARIES.has(p.type)) {
      if (p.type === 'class_body') return false;
      return p.children.some((c) => !c.named && text.slice(c.start, c.end) === 'async');
    }
  }
  return false;
}

/** Offset of the line after the last top-level import (`import …`, `require(…)` declarations, `from x import y`), or after a docstring / 'use strict'. */
function helperInsertAt(root: SNode, text: string, lang: CodeLang): number {
  let at = 0;
  let first = true;
  for (const s of root.children) {
    const t = s.type;
    if (t === 'comment') continue;
    const isImport = t === 'import_statement' || t === 'import_from_statement' || t === 'future_import_statement' || isRequireDeclaration(s, text) || (first && isPrologue(s, text, lang));
    first = false;
    if (!isImport) break;
    at = s.end;
  }
  if (at === 0) return 0;
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

function planCode(file: string, text: string, name: string, paramVar: string, store: Store): CodePlan | 'unsupported' {
  const lang = codeLangFromPath(file);
  if (!lang || !codeParsersReady()) return 'unsupported';
  const parsed = parseCode(text, lang);
  try {
    const root = parsed.root;
    if (!root || parsed.errors.length || parsed.skipped) return 'unsupported';
    const reads: SNode[] = [];
    walk(root, (n) => {
      const r = readExpression(n, text, lang, name);
      if (r && !reads.some((x) => x.start <= r.start && r.end <= x.end)) reads.push(r);
    });
    // Every mention of the name must be one of these reads (no destructuring of process.env, no
    // passing the name around): otherwise the rewrite could leave a read of a variable that is gone.
    if (countOccurrences(text, name) !== reads.length) return 'unsupported';
    if (reads.length === 0) return { file, edits: [], reads: 0 };
    return planFetch(file, text, root, lang, name, paramVar, store, reads);
  } finally {
    freeParse(parsed);
  }
}

/**
 * Edits replacing each of `targets` (environment reads, or a literal) with a cached runtime fetch
 * of the parameter whose name is in environment variable `paramVar`, plus the helper that fetches
 * it (or the Powertools call the file already imports).
 */
function planFetch(file: string, text: string, root: SNode, lang: CodeLang, name: string, paramVar: string, store: Store, reads: readonly SNode[]): CodePlan | 'unsupported' {
  {
    const py = lang === 'python';
    const sm = store === 'secretsmanager';
    const helper = py ? `_get_${name.toLowerCase()}` : `get${pascal(name)}`;
    const cache = py ? `_${name.toLowerCase()}` : `${helper[3].toLowerCase()}${helper.slice(4)}Promise`;
    const client = py ? (store === 'secretsmanager' ? '_secrets_client' : '_ssm_client') : store === 'secretsmanager' ? 'secretsManager' : 'ssmParameters';
    const ptEdits: TextEdit[] = [];
    // Powertools already in the file: its call (cached) at each read, nothing else to add.
    const pt = powertoolsCall(root, text, lang, store);
    if (pt) {
      if ((py && !hasPyImport(root, text, 'os')) || countOccurrences(text, paramVar) > 0) return 'unsupported';
      if (!py && reads.some((r) => !inAsyncFunction(r, text))) return 'unsupported';
      const bang = lang === 'javascript' ? '' : '!'; // TypeScript: the name is a string
      const call = py ? `${pt}(os.environ["${paramVar}"]${sm ? '' : ', decrypt=True'})` : `(await ${pt}(process.env.${paramVar}${bang}${sm ? '' : ', { decrypt: true }'}))`;
      for (const r of reads) ptEdits.push({ range: { start: r.start, end: r.end }, newText: call });
      return { file, edits: ptEdits, reads: reads.length };
    }
    for (const id of [helper, cache, client, paramVar]) if (countOccurrences(text, id) > 0) return 'unsupported';
    if (text.includes(sm ? 'client-secrets-manager' : 'client-ssm') || (py && countOccurrences(text, sm ? 'get_secret_value' : 'get_parameter') > 0)) return 'unsupported';
    const insertAt = helperInsertAt(root, text, lang);
    if (reads.some((r) => r.start < insertAt)) return 'unsupported';
    if (!py && reads.some((r) => !inAsyncFunction(r, text))) return 'unsupported';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const edits: TextEdit[] = [];
    for (const r of reads) edits.push({ range: { start: r.start, end: r.end }, newText: py ? `${helper}()` : `(await ${helper}())` });
    let block: string[];
    if (py) {
      const imports: string[] = [];
      if (!hasPyImport(root, text, 'os')) imports.push('import os');
      if (!hasPyImport(root, text, 'boto3')) imports.push('import boto3');
      block = [
        ...imports,
        ...(imports.length ? [''] : []),
        `${client} = boto3.client("${sm ? 'secretsmanager' : 'ssm'}")`,
        `${cache} = None`,
        '',
        '',
        `def ${helper}():`,
        `    """${name} from ${sm ? 'Secrets Manager' : 'SSM Parameter Store (SecureString)'}, fetched once per container."""`,
        `    global ${cache}`,
        `    if ${cache} is None:`,
        sm
          ? `        ${cache} = ${client}.get_secret_value(SecretId=os.environ["${paramVar}"])["SecretString"]`
          : `        ${cache} = ${client}.get_parameter(Name=os.environ["${paramVar}"], WithDecryption=True)["Parameter"]["Value"]`,
        `    return ${cache}`,
        '',
      ];
    } else {
      const esm = /\.(mjs|ts|mts|tsx)$/.test(file) || root.children.some((s) => s.type === 'import_statement');
      const ts = lang === 'typescript' || lang === 'tsx';
      block = [
        sm
          ? esm ? `import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';` : `const { GetSecretValueCommand, SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');`
          : esm ? `import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';` : `const { GetParameterCommand, SSMClient } = require('@aws-sdk/client-ssm');`,
        '',
        `const ${client} = new ${sm ? 'SecretsManagerClient' : 'SSMClient'}({});`,
        ts ? `let ${cache}: Promise<string> | undefined;` : `let ${cache};`,
        `/** ${name} from ${sm ? 'Secrets Manager' : 'SSM Parameter Store (SecureString)'}, fetched once per container. */`,
        `function ${helper}()${ts ? ': Promise<string>' : ''} {`,
        sm
          ? `  ${cache} ??= ${client}.send(new GetSecretValueCommand({ SecretId: process.env.${paramVar} })).then((r) => r.SecretString ?? '');`
          : `  ${cache} ??= ${client}.send(new GetParameterCommand({ Name: process.env.${paramVar}, WithDecryption: true })).then((r) => r.Parameter?.Value ?? '');`,
        `  return ${cache};`,
        '}',
        '',
      ];
    }
    const prefix = insertAt > 0 && insertAt === text.length && !text.endsWith('\n') ? eol : insertAt > 0 ? eol : '';
    edits.push({ range: { start: insertAt, end: insertAt }, newText: prefix + block.join(eol) + (insertAt === 0 ? eol : '') });
    return { file, edits, reads: reads.length };
  }
}

/**
 * The Powertools call a file already imports, if any: JS `import { getParameter } from
 * '@aws-lambda-powertools/parameters/ssm'` (`getSecret` from `…/secrets`), Python `from
 * aws_lambda_powertools.utilities import parameters`. Powertools caches values itself.
 */
function powertoolsCall(root: SNode, text: string, lang: CodeLang, store: Store): string | undefined {
  for (const s of root.children) {
    if (lang === 'python') {
      if (s.type !== 'import_from_statement') continue;
      const mod = childField(s, 'module_name');
      if (!mod || text.slice(mod.start, mod.end) !== 'aws_lambda_powertools.utilities') continue;
      // `parameters` imported without an alias.
      if (s.children.some((c) => c.field === 'name' && c.type === 'dotted_name' && text.slice(c.start, c.end) === 'parameters')) return store === 'secretsmanager' ? 'parameters.get_secret' : 'parameters.get_parameter';
      continue;
    }
    if (s.type !== 'import_statement') continue;
    const src = childField(s, 'source');
    const want = store === 'secretsmanager' ? '@aws-lambda-powertools/parameters/secrets' : '@aws-lambda-powertools/parameters/ssm';
    if (!src || text.slice(src.start + 1, src.end - 1) !== want) continue;
    const fn = store === 'secretsmanager' ? 'getSecret' : 'getParameter';
    let found = false;
    walk(s, (n) => {
      if (n.type === 'import_specifier' && text.slice(n.start, n.end) === fn) found = true;
    });
    if (found) return fn;
  }
  return undefined;
}

function hasPyImport(root: SNode, text: string, mod: string): boolean {
  for (const s of root.children) {
    if (s.type !== 'import_statement') continue;
    for (const n of s.children) if (n.type === 'dotted_name' && text.slice(n.start, n.end) === mod) return true;
  }
  return false;
}

/** The statement list the grant goes into: the function's own `iamRoleStatements`, else the provider's. */
function grantTarget(model: ConfigModel, fns: readonly FunctionModel[]): { seq?: ReturnType<typeof get>; create?: boolean } | undefined {
  const provider = get(model.root, 'provider');
  if (!isMap(provider)) return undefined;
  if (fns.some((f) => f.roleId && f.roleId !== 'sls:shared')) return undefined;
  // An existing role named by ARN / name (`provider.role`, `provider.iam.role: arn:…`): not ours to edit.
  const iamRole = get(get(provider, 'iam'), 'role');
  if (getPair(provider, 'role') || (iamRole != null && !isMap(iamRole))) return undefined;
  const legacy = get(provider, 'iamRoleStatements');
  if (legacy != null) return isSeq(legacy) ? { seq: legacy } : undefined;
  const st = get(get(get(provider, 'iam'), 'role'), 'statements');
  if (st == null) return { create: true };
  return isSeq(st) ? { seq: st } : undefined;
}

interface Target {
  store: Store;
  sm: boolean;
  paramVar: string;
  paramName: string;
  cliName: string;
  action: string;
  customKey?: string;
}

/** Where a secret named `name` goes in a serverless.yml service, and what reads it. */
function targetFor(model: ConfigModel, name: string, value: string): Target | undefined {
  const store = storeFor(value);
  const sm = store === 'secretsmanager';
  const svc = model.serviceName && !model.serviceName.includes('${') ? ssmSegment(model.serviceName) : undefined;
  if (!svc) return undefined;
  // SSM names are paths (`/orders/db-password`); Secrets Manager names are not (`orders/db-creds`).
  const lead = sm ? '' : '/';
  const provider = get(model.root, 'provider');
  const kmsKey = stringValue(get(provider, 'kmsKeyArn'));
  return {
    store,
    sm,
    paramVar: `${name}${sm ? '_SECRET_ID' : '_PARAM'}`,
    paramName: `${lead}${svc}${model.usesStages ? '/${sls:stage}' : ''}/${paramLeaf(name)}`,
    cliName: `${lead}${svc}${model.usesStages ? '/dev' : ''}/${paramLeaf(name)}`,
    action: sm ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameter',
    customKey: kmsKey && kmsKey.startsWith('arn:') && !kmsKey.includes('alias/aws/') ? kmsKey : undefined,
  };
}

/** Edits granting the functions' role read access to the parameter (and its customer key). */
function grantEdits(ed: DocEditor, model: ConfigModel, fns: readonly FunctionModel[], t: Target): (TextEdit | undefined)[] | undefined {
  const target = grantTarget(model, fns);
  if (!target) return undefined;
  const provider = get(model.root, 'provider') as YMap;
  // A secret's ARN ends in a random 6-character suffix: `name-??????` matches exactly that name.
  const arn = t.sm
    ? `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${t.paramName}-??????`
    : `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${t.paramName}`;
  const statements = [
    { Effect: 'Allow', Action: [t.action], Resource: verbatim(`!Sub '${arn}'`, { 'Fn::Sub': arn }) },
    ...(t.customKey ? [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: t.customKey }] : []),
  ];
  if (target.create) return [ed.setIn(provider, ['iam', 'role', 'statements'], statements)];
  return statements.map((s) => appendToSeq(ed, target.seq as never, s));
}

function finish(t: Target, name: string, value: string, source: string, usesStages: boolean, changes: FileEdit[], readers: string[]): Fix {
  const keyArg = t.customKey ? ` --${t.sm ? 'kms-key-id' : 'key-id'} ${shellQuote(t.customKey)}` : '';
  const cmd = (v: string) =>
    t.sm ? `aws secretsmanager create-secret --name ${shellQuote(t.cliName)}${keyArg} --secret-string ${v}` : `aws ssm put-parameter --name ${shellQuote(t.cliName)} --type SecureString${keyArg} --value ${v}`;
  const where = t.sm ? 'Secrets Manager' : 'SSM Parameter Store';
  return {
    title: `Move ${name} to ${where}: pass ${t.paramVar}: ${t.paramName}, fetch it at run time in ${readers.join(', ')}, grant ${t.action}${t.customKey ? ' and kms:Decrypt' : ''}`,
    changes,
    isPreferred: true,
    afterApply: {
      message: `Create the ${t.sm ? 'secret' : 'SecureString parameter'} ${t.cliName}${usesStages ? ' (and one per other stage)' : ''} with the value that was in ${source} before deploying.`,
      copyText: cmd(shellQuote(value)),
      displayText: cmd(`'${maskSecret(value)}'`),
    },
  };
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function secretParamFix(input: ParamFixInput): Fix | undefined {
  const { model, configFile, project, editor: ed, map, pair, name, value } = input;
  if (model.kind !== 'serverless' || ed.format !== 'yaml') return undefined;
  const fns = input.owner === 'provider' ? model.functions : model.functions.filter((f) => f.id === input.fnId);
  if (!fns.length) return undefined;
  const existing = input.existingParameter;
  const t: Target | undefined = existing
    ? { store: 'ssm', sm: false, paramVar: `${name}_PARAM`, paramName: existing, cliName: existing, action: 'ssm:GetParameter', customKey: targetFor(model, name, '')?.customKey }
    : targetFor(model, name, value);
  if (!t || getPair(map, t.paramVar)) return undefined;

  // Handler reads.
  const files = new Map<string, CodePlan>();
  for (const fn of fns) {
    if (input.owner === 'provider' && fn.environment.some((e) => e.name === name && e.inheritedFrom === undefined)) continue; // its own value wins
    const ref = input.handlers.find((h) => h.fnId === fn.id && h.configFile === configFile);
    if (!ref) return undefined;
    if (files.has(ref.file)) continue;
    const text = project.readFile(ref.file);
    if (text === undefined) return undefined;
    const plan = planCode(ref.file, text, name, t.paramVar, t.store);
    if (plan === 'unsupported') return undefined;
    files.set(ref.file, plan);
  }
  const plans = [...files.values()];
  if (!plans.some((p) => p.reads > 0)) return undefined;

  const rename = renamePairEdits(ed, map, pair, t.paramVar, t.paramName);
  const grant = grantEdits(ed, model, fns, t);
  if (!rename || !grant || grant.some((e) => !e)) return undefined;
  const combined = combineEdits([...rename, ...grant]);
  if (!combined) return undefined;
  const changes: FileEdit[] = [{ file: configFile, edits: combined }];
  for (const p of plans) {
    if (!p.edits.length) continue;
    const c = combineEdits(p.edits);
    if (!c) return undefined;
    changes.push({ file: p.file, edits: c });
  }
  const readers = plans.filter((p) => p.reads > 0).map((p) => baseName(p.file));
  if (existing) {
    return { title: `Pass ${t.paramVar}: ${t.paramName} instead, fetch it at run time in ${readers.join(', ')}, grant ${t.action}${t.customKey ? ' and kms:Decrypt' : ''}`, changes, isPreferred: true };
  }
  return finish(t, name, value, baseName(configFile), model.usesStages, changes, readers);
}

export interface CodeParamFixInput {
  project: Project;
  /** The handler file, its text, tree and language. */
  file: string;
  text: string;
  root: SNode;
  lang: CodeLang;
  /** The literal to replace. */
  literal: SNode;
  name: string;
  value: string;
  handlers: readonly HandlerRef[];
}

/**
 * The same move for a literal in handler code: the literal becomes the cached fetch, and every
 * function whose handler is this file gets `NAME_PARAM: /<service>/<name>` and the grant. Only for
 * one serverless.yml whose functions all use the shared role, and (JS) a literal inside an async
 * function.
 */
export function codeSecretParamFix(input: CodeParamFixInput): Fix | undefined {
  const { project, file, text, root, lang, literal, name, value, handlers } = input;
  if (!handlers.length || handlers.some((h) => h.configFile !== handlers[0].configFile)) return undefined;
  const configFile = handlers[0].configFile;
  const configText = project.readFile(configFile);
  if (configText === undefined) return undefined;
  const parsed = parseYaml(configText, { format: detectFormat(configFile, configText) });
  if (parsed.problems.some((p) => p.severity === 'error')) return undefined;
  const model = buildModel(configFile, parsed);
  if (!model || model.kind !== 'serverless') return undefined;
  const ed = new DocEditor(parsed);
  if (ed.format !== 'yaml') return undefined;
  const fns = model.functions.filter((f) => handlers.some((h) => h.fnId === f.id));
  if (fns.length !== new Set(handlers.map((h) => h.fnId)).size) return undefined;
  const t = targetFor(model, name, value);
  if (!t) return undefined;
  // The name must be new to the code and to each function's environment.
  if (countOccurrences(text, t.paramVar) > 0 || countOccurrences(text, name) > 0) return undefined;
  if (fns.some((f) => f.environment.some((e) => e.name === t.paramVar || e.name === name))) return undefined;
  const plan = planFetch(file, text, root, lang, name, t.paramVar, t.store, [literal]);
  if (plan === 'unsupported') return undefined;
  const envEdits = fns.map((f) => ed.setIn(f.node, ['environment', t.paramVar], t.paramName));
  const grant = grantEdits(ed, model, fns, t);
  if (!grant || [...envEdits, ...grant].some((e) => !e)) return undefined;
  const combined = combineEdits([...envEdits, ...grant]);
  const code = combineEdits(plan.edits);
  if (!combined || !code) return undefined;
  return finish(t, name, value, baseName(file), model.usesStages, [{ file, edits: code }, { file: configFile, edits: combined }], [baseName(file)]);
}

// ---------------------------------------------------------------------------------------------
// SAM / CloudFormation

export interface TemplateParamFixInput {
  model: ConfigModel;
  configFile: string;
  project: Project;
  handlers: readonly HandlerRef[];
  editor: DocEditor;
  /** The function's `Environment.Variables` map and the pair holding the literal. */
  map: YMap;
  pair: YPair;
  name: string;
  value: string;
  fnId: string;
}

/** `ProcessPaymentFunction` → `process-payment` (the parameter path's first segment). */
function functionSegment(id: string): string {
  let out = '';
  for (let i = 0; i < id.length; i++) {
    const c = id[i];
    const lower = c.toLowerCase();
    if (c !== lower && i > 0 && id[i - 1].toLowerCase() === id[i - 1]) out += '-';
    out += lower;
  }
  const s = ssmSegment(out.endsWith('-function') && out.length > '-function'.length ? out.slice(0, -'-function'.length) : out);
  return s.toLowerCase();
}

/**
 * The grant in a template: an inline statement in the SAM function's `Policies` (the role SAM
 * generates for it), or an inline policy on the `AWS::IAM::Role` of this template that the
 * function's `Role` names. Roles from elsewhere (an ARN, an import, a parameter) are not edited.
 */
function templateGrantEdits(ed: DocEditor, model: ConfigModel, fn: FunctionModel, t: Target): (TextEdit | undefined)[] | undefined {
  const arn = t.sm
    ? `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${t.paramName}-??????`
    : `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${t.paramName}`;
  const statement = { Effect: 'Allow', Action: [t.action], Resource: verbatim(`!Sub '${arn}'`, { 'Fn::Sub': arn }) };
  // Quoted: an unquoted 2012-10-17 is a timestamp to YAML 1.1 readers.
  const document = { Version: verbatim("'2012-10-17'", '2012-10-17'), Statement: [statement] };
  const role = fn.roleId ? model.roles.find((r) => r.id === fn.roleId) : undefined;
  if (!role || role.external) return undefined;
  if (role.generated) {
    // SAM: `Policies` of the function (a list of managed policy names, templates and documents).
    if (stringValue(get(fn.node, 'Type')) !== 'AWS::Serverless::Function') return undefined;
    const props = get(fn.node, 'Properties');
    if (!isMap(props)) return undefined;
    const policies = get(props, 'Policies');
    if (policies == null) return getPair(props, 'Policies') ? undefined : [ed.setIn(props, ['Policies'], [document])];
    return isSeq(policies) ? [appendToSeq(ed, policies, document)] : undefined;
  }
  // A role resource of this template: one more inline policy.
  const res = model.resources.find((r) => r.id === role.id && r.type === 'AWS::IAM::Role');
  if (!res) return undefined;
  const props = get(res.node, 'Properties');
  if (!isMap(props)) return undefined;
  // PolicyName: up to 128 of [\w+=,.@-] (a logical id and an SSM segment are).
  const policy = { PolicyName: `${fn.id}-read-${paramLeaf(t.paramVar.replace(/_(PARAM|SECRET_ID)$/, ''))}`.slice(0, 128), PolicyDocument: document };
  const policies = get(props, 'Policies');
  if (policies == null) return getPair(props, 'Policies') ? undefined : [ed.setIn(props, ['Policies'], [policy])];
  return isSeq(policies) ? [appendToSeq(ed, policies, policy)] : undefined;
}

/**
 * The same move for a literal in `Environment.Variables` of an `AWS::Serverless::Function` /
 * `AWS::Lambda::Function`: the variable becomes `NAME_PARAM: /<function>/<name>` (a plain string
 * in the template), the handler reads become the cached fetch, the function's role gets
 * `ssm:GetParameter` on the parameter's ARN (`!Sub arn:${AWS::Partition}:ssm:…`), and the fix
 * carries the put-parameter command. Offered under the same conditions as for serverless.yml
 * (handler file found and parsed, reads rewritable), for a role this template defines.
 */
export function templateSecretParamFix(input: TemplateParamFixInput): Fix | undefined {
  const { model, configFile, project, editor: ed, map, pair, name, value, fnId } = input;
  if (model.kind !== 'sam' && model.kind !== 'cfn') return undefined;
  const fn = model.functions.find((f) => f.id === fnId);
  if (!fn || fn.inlineCode) return undefined;
  const store = storeFor(value);
  const sm = store === 'secretsmanager';
  const lead = sm ? '' : '/';
  const paramName = `${lead}${functionSegment(fn.id)}/${paramLeaf(name)}`;
  const t: Target = { store, sm, paramVar: `${name}${sm ? '_SECRET_ID' : '_PARAM'}`, paramName, cliName: paramName, action: sm ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameter' };
  if (getPair(map, t.paramVar)) return undefined;

  const ref = input.handlers.find((h) => h.fnId === fn.id && h.configFile === configFile);
  if (!ref) return undefined;
  const text = project.readFile(ref.file);
  if (text === undefined) return undefined;
  const plan = planCode(ref.file, text, name, t.paramVar, t.store);
  if (plan === 'unsupported' || plan.reads === 0) return undefined;

  const rename = renamePairEdits(ed, map, pair, t.paramVar, t.paramName);
  const grant = templateGrantEdits(ed, model, fn, t);
  if (!rename || !grant || grant.some((e) => !e)) return undefined;
  const combined = combineEdits([...rename, ...grant]);
  const code = combineEdits(plan.edits);
  if (!combined || !code) return undefined;
  return finish(t, name, value, baseName(configFile), false, [{ file: configFile, edits: combined }, { file: plan.file, edits: code }], [baseName(plan.file)]);
}
