import { defineRule, type RuleContext } from '../server/src/engine/rule';
import type { CodeContext } from '../server/src/engine/code-context';
import { walk, type SNode } from '../server/src/engine/code/syntax';
import { LAMBDA_RESERVED_AWS_VARS, addEnvToHandlers, envVarName, envVarNameForKind } from '../server/src/engine/fix/secrets-fix';
import { combineEdits } from '../server/src/engine/fix/yaml-edit';
import { awsCredentialDeletion, type CredentialDeletion } from '../server/src/engine/fix/aws-credentials-fix';
import { codeSecretParamFix } from '../server/src/engine/fix/secret-param-fix';
import { looksLikeLambdaHandler } from '../server/src/engine/code/handlers';
import { ruleMessage } from '../server/src/engine/messages';
import { collectCodeCandidates, isLocalScript, isTestModule, mainGuardBlocks, type CodeCandidate } from '../server/src/engine/secret-scan/code-scan';
import { classifyCached, hitText, isAwsCredential, isScriptPath, isTestPath, severityFor } from '../server/src/engine/secret-scan/common';
import { splitIdentifierWords, type SecretHit } from '../server/src/engine/secrets';
import type { Fix, TextEdit } from '../server/src/engine/types';

/**
 * Hardcoded secrets in Lambda handler code (JavaScript, TypeScript, Python), found on the syntax
 * tree: string literals bound to secret-named variables, properties, keyword arguments and
 * defaults (`const jwtSecret = '…'`, `{password: '…'}`, `psycopg2.connect(password='…')`,
 * `os.getenv('DB_PASSWORD', '…')`), secret arguments of known calls (`jwt.sign(p, '…')`,
 * `crypto.createHmac(alg, '…')`), and vendor-format tokens, private keys, JWTs and connection
 * strings with passwords in any literal. Environment lookups (`process.env.X`, `os.environ[…]`,
 * `os.getenv(…)`) are expressions, never literals, so they are never reported.
 *
 * Fix: replace the literal with `process.env.NAME` / `os.environ["NAME"]` and, in the same
 * workspace edit, add `NAME: ${ssm:/<service>/NAME}` (serverless.yml) or
 * `NAME: '{{resolve:secretsmanager:<Function>:SecretString:NAME}}'` (SAM/CloudFormation) to the
 * environment of every function whose handler is this file. For the default of an environment
 * lookup the default is removed. TypeScript reads through a `requiredEnv("NAME")` helper typed
 * `string` that throws when the variable is unset. Two different literals that would move to one
 * variable get distinct names. AWS key pairs are one finding (on the secret key); in SDK client
 * options the fix deletes the explicit credentials so the SDK uses the execution role
 * (fix/aws-credentials-fix.ts) — never `AWS_ACCESS_KEY_ID` from the environment, which in Lambda
 * needs `AWS_SESSION_TOKEN` too.
 *
 * Tests, fixtures, mocks and local scripts (a `scripts/` folder, or a program — `#!`, `if __name__
 * == "__main__":`, `require.main === module` — or a test module by what it calls: top-level
 * `describe`/`it`/`test`, a unittest case, pytest `test_*` functions — that no config uses as a handler) hold no production
 * secrets: name-only findings are dropped there, real vendor formats are info (see `severityFor`).
 * A file that is not a Lambda handler (no config points to it and it exports no handler) is told to
 * read the secret at run time, not to use "the function's environment".
 */
const rule = defineRule({
  meta: {
    id: 'secret-in-code',
    category: 'secrets',
    severity: 'error',
    title: 'Hardcoded secret in handler code',
    docs: {
      summary:
        'A password, token, API key, private key or connection string with a password is written into Lambda handler code; read it from the environment (set from SSM Parameter Store or Secrets Manager) or fetch it at runtime.',
      cwe: [798],
    },
    appliesTo: ['javascript', 'typescript', 'python'],
    fixable: true,
    messages: {
      secret: '{{hit}}. Secrets in code ship in the deployment package and stay in version control: read it from the environment (set from SSM Parameter Store or Secrets Manager) or fetch it at runtime.',
      secretNotHandler: '{{hit}}. Secrets in code stay in version control: read it at run time, from SSM Parameter Store, Secrets Manager or an environment variable set outside the code.',
      awsKey: '{{hit}}. Lambda functions get AWS credentials from their execution role: delete the key, grant the role the permissions it needs, and deactivate the key in IAM.',
      awsKeyNotHandler: "{{hit}}. Let the AWS SDK find credentials itself (its default chain: a profile, SSO, an assumed role): delete the key and deactivate it in IAM.",
      fixAndAdd: '{{verb}} and add {{example}} to {{targets}}',
      fixAlreadySet: '{{verb}} (already set in the environment of {{functions}})',
      fixSetInFunction: "{{verb}} (set {{name}} in the function's environment from SSM Parameter Store or Secrets Manager)",
      fixSetOutside: '{{verb}} (set {{name}} outside the code, e.g. from SSM Parameter Store or Secrets Manager)',
      fixDeleteCredentials: "Delete the explicit AWS credentials (the SDK then uses the function's execution role)",
      fixDeleteCredentialsNotHandler: 'Delete the explicit AWS credentials (the SDK then finds credentials in its default chain)',
    },
  },
  check(ctx) {
    const code = ctx.code as CodeContext | undefined;
    const root = code?.parsed.root;
    if (!code || !root) return;
    const cands = collectCodeCandidates(root, code.text, code.lang, (o) => ctx.lines.positionAt(o).line);
    let handler: boolean | undefined;
    const isHandler = () => (handler ??= code.handlers().length > 0 || looksLikeLambdaHandler(code.parsed));
    let local: boolean | undefined;
    const localScript = () => (local ??= code.handlers().length === 0 && (isLocalScript(root, code.text, code.lang) || isTestModule(root, code.text, code.lang)));
    let guards: SNode[] | undefined;
    // A literal in the module's `if __name__ == "__main__":` block runs only when the file is started
    // by hand (a local test event), even in a handler module: judged like a local script's.
    const inMainGuard = (c: CodeCandidate) => (guards ??= mainGuardBlocks(root, code.text, code.lang)).some((g) => g.start <= c.node.start && c.node.end <= g.end);
    const classified = cands.map((c) => ({ c, hits: classifyCached(c.value, { keyName: c.keyName, location: 'code', neighbours: c.neighbours, purpose: c.purpose }) }));
    const pairs = credentialPairs(code, classified);
    const hitsOf = new Map(classified.map((x) => [x.c, x.hits]));
    const names = distinctNames(code.text, classified);
    for (const { c, hits } of classified) {
      if (!hits.length) continue;
      let fixes: Fix[] | undefined;
      for (const hit of hits) {
        // The key id of a pair whose secret key is reported too: one finding, on the secret.
        if (hit.kind === 'aws-access-key-id' && pairs.pairedIds.has(c)) continue;
        const severity = severityFor(hit, ctx.project.relativeToRoot(ctx.file), localScript() || inMainGuard(c));
        if (!severity) continue;
        const start = c.toSource(hit.start);
        const end = Math.max(c.toSource(hit.end), start + 1);
        fixes ??= isAwsCredential(hit) ? awsFix(ctx, code, c, pairs, hitsOf, isHandler(), localScript() || inMainGuard(c) || (!isHandler() && scriptOrTestPath(ctx.project.relativeToRoot(ctx.file)))) : fixFor(ctx, code, c, hit, isHandler(), names.get(c));
        const id = isAwsCredential(hit) ? (isHandler() ? 'awsKey' : 'awsKeyNotHandler') : isHandler() ? 'secret' : 'secretNotHandler';
        ctx.report({ range: { start, end }, severity, message: ruleMessage(rule.meta, id, { hit: hitText(hit, where(c)) }), fixes });
      }
    }
  },
});

export default rule;

function where(c: CodeCandidate): string {
  const callee = c.callee ? ` of ${c.callee}()` : '';
  switch (c.role) {
    case 'assigned':
      return c.keyName ? `in the string assigned to ${c.keyName}` : 'in a string literal';
    case 'property':
      return c.keyName ? `in property ${c.keyName}${c.callee ? ` passed to ${c.callee}()` : ''}` : 'in an object property';
    case 'keyword':
      return `in keyword argument ${c.keyName}${callee}`;
    case 'default':
      return `in the default value of ${c.keyName}`;
    case 'fallback':
      return c.envName ? `in the fallback value of environment variable ${c.envName}` : `in the fallback value of ${c.keyName ?? 'an expression'}`;
    case 'argument':
      return c.callee ? `in an argument of ${c.callee}()` : 'in a call argument';
    default:
      return 'in a string literal';
  }
}

const GENERIC_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'key', 'apikey', 'auth', 'credentials']);

function dbPrefix(callee: string | undefined): string | undefined {
  if (!callee) return undefined;
  const c = callee.toLowerCase();
  if (c.includes('redis')) return 'REDIS';
  if (c.includes('mongo')) return 'MONGO';
  if (c.includes('mysql') || c.includes('pg') || c.includes('postgres') || c.includes('psycopg') || c.includes('sequelize') || c.includes('knex') || c.includes('mssql') || c.includes('oracle') || c.endsWith('connect') || c.endsWith('createconnection') || c.endsWith('createpool') || c.endsWith('client') || c.endsWith('pool')) return 'DB';
  return undefined;
}

/** The environment variable a literal moves to. */
function nameFor(c: CodeCandidate, hit: SecretHit): string {
  if (isAwsCredential(hit)) return envVarNameForKind(hit.kind, c.value);
  if (c.role === 'fallback' && c.envName) return c.envName;
  if (!c.keyName) return envVarNameForKind(hit.kind, c.value.slice(hit.start));
  const words = splitIdentifierWords(c.keyName);
  // `session({ secret: '…' })` → SESSION_SECRET: the sink names a generic key better.
  if (c.sinkName && words.length === 1 && GENERIC_WORDS.has(words[0])) return envVarName(c.sinkName);
  const base = envVarName(c.keyName);
  const prefix = words.length === 1 && GENERIC_WORDS.has(words[0]) ? dbPrefix(c.callee) : undefined;
  return prefix ? `${prefix}_${base}` : base;
}

interface Classified {
  c: CodeCandidate;
  hits: SecretHit[];
}

interface CredentialPairs {
  /** Key-id candidates whose secret key is reported (by the secret's finding). */
  pairedIds: Set<CodeCandidate>;
  /** For a secret key candidate: the key-id candidate of its pair. */
  idOf: Map<CodeCandidate, CodeCandidate>;
  /** For a candidate inside an SDK client's explicit credentials: the deletion of those credentials. */
  deletion: Map<CodeCandidate, CredentialDeletion>;
}

/**
 * AWS key pairs: an access key id and a secret access key in the same client options (the
 * deletion covers both) or next to each other (the secret was recognised by its neighbour).
 */
function credentialPairs(code: CodeContext, all: readonly Classified[]): CredentialPairs {
  const out: CredentialPairs = { pairedIds: new Set(), idOf: new Map(), deletion: new Map() };
  const aws = all.filter((x) => x.hits.some(isAwsCredential));
  if (!aws.length) return out;
  const ids = aws.filter((x) => x.hits.some((h) => h.kind === 'aws-access-key-id'));
  for (const x of aws) {
    const del = awsCredentialDeletion(code.text, x.c.node, code.lang);
    if (del) out.deletion.set(x.c, del);
  }
  for (const x of aws) {
    if (!x.hits.some((h) => h.kind === 'aws-secret-access-key')) continue;
    const del = out.deletion.get(x.c);
    const id = ids.find((y) => (del ? del.literals.includes(y.c.node) : x.c.neighbours.some((n) => n.value === y.c.value && n.keyName === y.c.keyName)));
    if (!id || out.pairedIds.has(id.c)) continue;
    out.pairedIds.add(id.c);
    out.idOf.set(x.c, id.c);
  }
  return out;
}

/** Identifying fields of a record, to name one of several secrets of the same key (`users[].password`). */
const RECORD_ID_KEYS = ['name', 'username', 'user', 'login', 'email', 'id', 'slug', 'key', 'title', 'label', 'account', 'service'];

/** The identifying field of the object literal (JS object / Python dict) a property literal is in: `name: 'alice'` → alice. */
function recordIdValue(text: string, lit: SNode): string | undefined {
  const pair = lit.parent;
  const obj = pair?.type === 'pair' ? pair.parent : undefined;
  if (!obj || (obj.type !== 'object' && obj.type !== 'dictionary')) return undefined;
  for (const k of RECORD_ID_KEYS) {
    for (const p of obj.children) {
      if (p.type !== 'pair' || p === pair) continue;
      const key = p.children.find((c) => c.field === 'key');
      const value = p.children.find((c) => c.field === 'value');
      if (!key || !value || value.type !== 'string') continue;
      const kt = text.slice(key.start, key.end);
      const name = key.type === 'string' ? kt.slice(1, -1) : kt;
      const v = text.slice(value.start + 1, value.end - 1);
      if (name === k && v.length > 0 && v.length <= 40) return v;
    }
  }
  return undefined;
}

/**
 * The environment variable of each candidate when two different literals would move to the same
 * one (seed data: `{ name: 'alice', password: '…' }, { name: 'bob', password: '…' }` → PASSWORD_ALICE
 * and PASSWORD_BOB, from the record's identifying field, else an index): one variable for both
 * would give every record the same value.
 */
function distinctNames(text: string, all: readonly Classified[]): Map<CodeCandidate, string> {
  const groups = new Map<string, Classified[]>();
  for (const x of all) {
    if (!x.hits.length || x.hits.some(isAwsCredential) || x.c.role === 'fallback') continue;
    const n = nameFor(x.c, x.hits[0]);
    let g = groups.get(n);
    if (!g) groups.set(n, (g = []));
    g.push(x);
  }
  const out = new Map<CodeCandidate, string>();
  const used = new Set(groups.keys());
  for (const [base, g] of groups) {
    if (new Set(g.map((x) => x.c.value)).size < 2) continue;
    const byValue = new Map<string, string>();
    let index = 0;
    for (const x of g) {
      let name = byValue.get(x.c.value);
      if (!name) {
        const idValue = recordIdValue(text, x.c.node);
        const suffix = idValue ? envVarName(idValue) : '';
        // Without an identifying field the first value keeps the plain name, the others are numbered.
        if (suffix && /^[A-Z0-9_]+$/.test(suffix)) name = `${base}_${suffix}`;
        else name = ++index === 1 ? base : `${base}_${index}`;
        if (name !== base) while (used.has(name)) name = `${name}_${index}`;
        used.add(name);
        byValue.set(x.c.value, name);
      }
      out.set(x.c, name);
    }
  }
  return out;
}

const scriptOrTestPath = (rel: string) => isScriptPath(rel) || isTestPath(rel);

/**
 * AWS keys: delete the explicit credentials of the SDK client (both halves of the pair) so the
 * SDK uses the execution role / its default chain. In Lambda, reading AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY without AWS_SESSION_TOKEN breaks every call, so where the literal is not
 * an SDK client's option, handler code (and a module a handler may reach) gets no fix; a local
 * script reads the variables.
 */
function awsFix(ctx: RuleContext, code: CodeContext, c: CodeCandidate, pairs: CredentialPairs, hitsOf: ReadonlyMap<CodeCandidate, SecretHit[]>, handler: boolean, local: boolean): Fix[] {
  const del = pairs.deletion.get(c);
  if (del) {
    const edits = combineEdits(del.edits);
    if (!edits) return [];
    return [{ title: ruleMessage(rule.meta, handler ? 'fixDeleteCredentials' : 'fixDeleteCredentialsNotHandler', {}), changes: [{ file: ctx.file, edits }], isPreferred: true }];
  }
  if (!local) return [];
  const py = code.lang === 'python';
  const edits: TextEdit[] = [];
  const id = pairs.idOf.get(c);
  const names: string[] = [];
  for (const x of id ? [id, c] : [c]) {
    if (!x.replaceable) return [];
    // Classified once in check(): the pair's id is one of its candidates.
    const hit = hitsOf.get(x)?.find(isAwsCredential);
    if (!hit) return [];
    const name = envVarNameForKind(hit.kind, x.value);
    names.push(name);
    edits.push({ range: { start: x.node.start, end: x.node.end }, newText: py ? `os.environ["${name}"]` : `process.env.${name}` });
  }
  if (py) {
    const imp = importOsEdit(code);
    if (imp) edits.push(imp);
  }
  const own = combineEdits(edits);
  if (!own) return [];
  return [{ title: ruleMessage(rule.meta, 'fixSetOutside', { verb: `Use ${names.map((n) => (py ? `os.environ["${n}"]` : `process.env.${n}`)).join(' and ')}`, name: names.join(' and ') }), changes: [{ file: ctx.file, edits: own }], isPreferred: true }];
}

function fixFor(ctx: RuleContext, code: CodeContext, c: CodeCandidate, hit: SecretHit, handler: boolean, distinct?: string): Fix[] {
  const py = code.lang === 'python';
  const name = distinct ?? nameFor(c, hit);
  const edits: TextEdit[] = [];
  let verb: string;
  if (c.role === 'fallback') {
    if (!c.dropRange || !c.envName) return [];
    edits.push({ range: { ...c.dropRange }, newText: '' });
    verb = `Remove the hardcoded fallback of ${name}`;
  } else {
    if (!c.replaceable) return [];
    const ts = code.lang === 'typescript' || code.lang === 'tsx';
    // TypeScript: `process.env.X` is `string | undefined` and `process.env.X!` only hides a missing
    // variable, so a `string` property (`jwtSecret: string` under `strict`) reads it through a
    // helper that throws when it is unset (fail closed), added once per file.
    const helper = ts ? requiredEnvHelper(code) : undefined;
    const expr = py ? `os.environ["${name}"]` : helper ? `${REQUIRED_ENV}("${name}")` : ts ? requiredEnvInline(name) : `process.env.${name}`;
    edits.push({ range: { start: c.node.start, end: c.node.end }, newText: expr });
    if (helper?.edit) edits.push(helper.edit);
    if (py) {
      const imp = importOsEdit(code);
      if (imp) edits.push(imp);
    }
    verb = `Use ${py ? `os.environ["${name}"]` : `process.env.${name}`}`;
  }
  const own = combineEdits(edits);
  if (!own) return [];
  const changes = [{ file: ctx.file, edits: own }];
  const m = (id: string, data: Record<string, string>) => ruleMessage(rule.meta, id, { verb, name, ...data });
  // Lambda sets these from the role together with AWS_SESSION_TOKEN: reading one alone breaks the calls.
  if (LAMBDA_RESERVED_AWS_VARS.has(name) && handler) return [];
  // Preferred when it can keep the function working: the literal becomes a cached runtime fetch of
  // an SSM parameter / secret whose name the functions get in NAME_PARAM, with the grant.
  let fetchFix: Fix | undefined;
  const root = code.parsed.root;
  if (handler && root && c.role !== 'fallback' && c.replaceable && hit.start === 0 && hit.end === c.value.length && !isAwsCredential(hit)) {
    fetchFix = codeSecretParamFix({ project: ctx.project, file: ctx.file, text: code.text, root, lang: code.lang, literal: c.node, name, value: c.value, handlers: code.handlers() });
  }
  const add = addEnvToHandlers(ctx.project, code.handlers(), name);
  changes.push(...add.changes);
  let title: string;
  if (add.targets.length) title = m('fixAndAdd', { example: add.example ?? name, targets: add.targets.length > 2 ? `${add.targets.length} functions` : add.targets.join(' and ') });
  else if (add.alreadySet.length) title = m('fixAlreadySet', { functions: add.alreadySet.slice(0, 2).join(', ') });
  else title = m(handler ? 'fixSetInFunction' : 'fixSetOutside', {});
  if (fetchFix) return [fetchFix, { title, changes, isPreferred: false }];
  return [{ title, changes, isPreferred: true }];
}

const REQUIRED_ENV = 'requiredEnv';

/**
 * The `requiredEnv(name): string` helper of a TypeScript file: already there (a top-level function
 * of that name: no edit), or appended at the end of the file (function declarations are hoisted, so
 * module-level reads above it work). Undefined when the name is taken by something else.
 */
function requiredEnvHelper(code: CodeContext): { edit?: TextEdit } | undefined {
  const root = code.parsed.root;
  if (!root) return undefined;
  const text = code.text;
  let ours = false;
  let other = false;
  let called = false;
  walk(root, (n) => {
    if (n.type !== 'identifier' || text.slice(n.start, n.end) !== REQUIRED_ENV) return;
    const p = n.parent;
    if (p?.type === 'function_declaration' && n.field === 'name' && p.parent === root) ours = true;
    else if (p?.type === 'call_expression' && n.field === 'function') called = true;
    else other = true; // an import, a variable, a parameter: someone else's requiredEnv
  });
  if (other) return undefined;
  if (ours) return {};
  // Calls of a `requiredEnv` declared nowhere here (a global, an injected helper): not ours to vouch for.
  if (called) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = [
    `function ${REQUIRED_ENV}(name: string): string {`,
    '  const value = process.env[name];',
    "  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);",
    '  return value;',
    '}',
  ];
  const lead = text.length && !text.endsWith('\n') ? eol + eol : text.length ? eol : '';
  return { edit: { range: { start: text.length, end: text.length }, newText: lead + lines.join(eol) + eol } };
}

/** The same check inline, where the helper's name is taken. */
function requiredEnvInline(name: string): string {
  return `(() => { const value = process.env.${name}; if (value === undefined || value === '') throw new Error('Environment variable ${name} is not set'); return value; })()`;
}

/** `import os` when a Python module does not import it yet: after the docstring and `__future__` imports. */
function importOsEdit(code: CodeContext): TextEdit | undefined {
  const root = code.parsed.root;
  if (!root) return undefined;
  const text = code.text;
  let insertAt: number | undefined;
  let docstringDone = false;
  for (const s of root.children) {
    if (s.type === 'import_statement') {
      for (const n of s.children) if (n.type === 'dotted_name' && text.slice(n.start, n.end) === 'os') return undefined;
    }
  }
  for (const s of root.children) {
    if (!docstringDone && s.type === 'expression_statement' && s.children.length === 1 && isStringNode(s.children[0])) {
      docstringDone = true;
      continue;
    }
    docstringDone = true;
    if (s.type === 'import_from_statement' && text.slice(s.start, s.end).startsWith('from __future__')) continue;
    insertAt = s.start;
    break;
  }
  if (insertAt === undefined) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { range: { start: text.length, end: text.length }, newText: `${text.length && !text.endsWith('\n') ? eol : ''}import os${eol}` };
  }
  // Start of the line holding the statement.
  let ls = insertAt;
  while (ls > 0 && text[ls - 1] !== '\n') ls--;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: ls, end: ls }, newText: `import os${eol}` };
}

function isStringNode(n: SNode): boolean {
  return n.type === 'string' || n.type === 'concatenated_string';
}
