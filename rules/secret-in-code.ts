import { defineRule, type RuleContext } from '../server/src/engine/rule';
import type { CodeContext } from '../server/src/engine/code-context';
import type { SNode } from '../server/src/engine/code/syntax';
import { LAMBDA_RESERVED_AWS_VARS, addEnvToHandlers, envVarName, envVarNameForKind } from '../server/src/engine/fix/secrets-fix';
import { combineEdits } from '../server/src/engine/fix/yaml-edit';
import { codeSecretParamFix } from '../server/src/engine/fix/secret-param-fix';
import { looksLikeLambdaHandler } from '../server/src/engine/code/handlers';
import { ruleMessage } from '../server/src/engine/messages';
import { collectCodeCandidates, isLocalScript, isTestModule, mainGuardBlocks, type CodeCandidate } from '../server/src/engine/secret-scan/code-scan';
import { classifyCached, hitText, isAwsCredential, severityFor } from '../server/src/engine/secret-scan/common';
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
 * lookup the default is removed. AWS access keys become the variables Lambda itself sets from the
 * execution role (no config change).
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
      fixLambdaSets: '{{verb}} (Lambda sets {{name}} from the execution role)',
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
    for (const c of cands) {
      const hits = classifyCached(c.value, { keyName: c.keyName, location: 'code', neighbours: c.neighbours, purpose: c.purpose });
      if (!hits.length) continue;
      let fixes: Fix[] | undefined;
      for (const hit of hits) {
        const severity = severityFor(hit, ctx.project.relativeToRoot(ctx.file), localScript() || inMainGuard(c));
        if (!severity) continue;
        const start = c.toSource(hit.start);
        const end = Math.max(c.toSource(hit.end), start + 1);
        fixes ??= fixFor(ctx, code, c, hit, isHandler());
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

function fixFor(ctx: RuleContext, code: CodeContext, c: CodeCandidate, hit: SecretHit, handler: boolean): Fix[] {
  const py = code.lang === 'python';
  const name = nameFor(c, hit);
  const edits: TextEdit[] = [];
  let verb: string;
  if (c.role === 'fallback') {
    if (!c.dropRange || !c.envName) return [];
    edits.push({ range: { ...c.dropRange }, newText: '' });
    verb = `Remove the hardcoded fallback of ${name}`;
  } else {
    if (!c.replaceable) return [];
    const expr = py ? `os.environ["${name}"]` : `process.env.${name}${code.lang === 'typescript' || code.lang === 'tsx' ? '!' : ''}`;
    edits.push({ range: { start: c.node.start, end: c.node.end }, newText: expr });
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
  if (LAMBDA_RESERVED_AWS_VARS.has(name) && handler) return [{ title: m('fixLambdaSets', {}), changes, isPreferred: true }];
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
