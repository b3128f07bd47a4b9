/**
 * Library models: what calls do to taint. Sinks (per kind), sanitisers (clear only the kinds they
 * make safe), propagators, validators, and the framework objects that carry request data.
 *
 * Calls are matched by qualified name (`child_process.exec`, `subprocess.run`, resolved through
 * imports and `require`), by instance kind (`express.res`, `ajv`, `mongo`, ...), and for database
 * clients whose objects we cannot see, by method name plus the shape of the argument (an SQL-looking
 * string built from tainted data).
 */
import { CAST_CALLS, JS_PATH_RESOLVERS, PY_PATH_NORMALIZERS } from './sanitizers';
import type { Ex } from './ir';
import type { SNode } from './syntax';
import type { CodeFix, SinkKind } from './types';
import type { Engine, Frame } from './engine';
import { normModule, rng } from './util';
import {
  ALL, BIT, type AV, CLEAN, type Fact, type Schema, addStep, addStepToFlows, clearKinds, constAV, constStr, flowsFor, flowsOf, isTainted, join, propagate, propagateAll,
} from './values';
import { afterPrefix, rejoined, splitSegments } from './path-segment';
import { matchMethod, regexMatchValue } from './regex-class';
import { applySchema, builderMethodCall, builderNamespaceCall, jsonSchemaOf, regexMask, stripClassMask, type SchemaLib, type BuilderResult } from './schema';
import { sqlFix, execFix, osSystemFix, partiqlFix, shellDashCFix, spawnShellOffFix, subprocessFix, yamlFix } from './fixes';
import { evalFix, htmlEscapeFix, nosqlEqFix, pathContainmentFix, pickleFix, relativeRedirectFix, ssrfAllowlistFix, unserializeFix, xxeFix } from './fixes-taint';
import { argvSsrf, emailHtmlSinks, storedHtmlSink } from './sinks';
import { suffixReplacePre } from './url-allow';

export interface ArgV {
  av: AV;
  ex: Ex;
  name?: string;
  spread?: 1 | 2;
}

export interface CallInfo {
  e: Extract<Ex, { k: 'call' }>;
  fr: Frame;
  args: ArgV[];
  recv?: AV;
  method?: string;
  callee: AV;
  q?: string;
  engine: Engine;
}

const PATH = BIT['path-traversal'];
const XSS = BIT.xss;
const REDIR = BIT['open-redirect'];
const CMD = BIT.command;
const SQL = BIT.sql;
const NOSQL = BIT.nosql;

// ---------------------------------------------------------------------------------------------
// small helpers

function pos(ci: CallInfo, i: number): ArgV | undefined {
  let k = 0;
  for (const a of ci.args) {
    if (a.name || a.spread) continue;
    if (k === i) return a;
    k++;
  }
  return undefined;
}
function kw(ci: CallInfo, name: string): ArgV | undefined {
  return ci.args.find((a) => a.name === name);
}
function arg(ci: CallInfo, i: number, name?: string): ArgV | undefined {
  return pos(ci, i) ?? (name ? kw(ci, name) : undefined);
}
function av(ci: CallInfo, i: number, name?: string): AV {
  return arg(ci, i, name)?.av ?? CLEAN;
}
function sink(ci: CallInfo, kind: SinkKind, v: AV | undefined, callee: string, fix?: () => CodeFix | undefined, at?: SNode): boolean {
  return ci.engine.sink(kind, v, at ?? ci.e.n, callee, ci.fr, fix);
}
function calleeText(ci: CallInfo): string {
  const c = ci.e.callee;
  const t = ci.fr.file.text.slice(c.n.start, c.n.end);
  if (t.length <= 60 && !t.includes('\n')) return t;
  return ci.method ?? 'call';
}
function step(ci: CallInfo, note: string) {
  return { range: rng(ci.e.n), file: ci.fr.file.path, note };
}
/**
 * What a shell command prints when its command line carries attacker data (unsanitised for
 * command injection): the attacker's — an injected command prints anything, a `curl`/`wget` of the
 * attacker's URL prints the attacker's document. Clean otherwise (the app's own command).
 */
function commandOutput(ci: CallInfo, cmd: AV | undefined, q: string): AV {
  const fl = flowsFor(cmd, CMD);
  if (!fl.length) return CLEAN;
  return { t: addStepToFlows(fl.map((f) => ({ ...f, cl: 0, json: false })), step(ci, `output of ${q}`)) };
}

function isFn(a: AV | undefined): boolean {
  return !!a && !!a.fn;
}
function imports(ci: CallInfo, names: string[]): boolean {
  for (const n of names) for (const m of ci.fr.file.imports) if (m === n || m.startsWith(n + '.') || m.startsWith(n + '/')) return true;
  return false;
}
function setKeyFact(ci: CallInfo, ex: Ex | undefined, v: AV): void {
  if (!ex) return;
  const k = ci.engine.keyOf(ex);
  if (!k) return;
  if (k.includes('.')) ci.fr.refKeys = true;
  ci.fr.locals.set(k, v);
}
function invokeFns(ci: CallInfo, fns: AV | undefined, params: AV[]): AV {
  let out: AV | undefined;
  for (const f of fns?.fn ?? []) out = join(out, ci.engine.invokeCallback(f, ci, params));
  return out ?? CLEAN;
}

// ---------------------------------------------------------------------------------------------
// tables

const FS_ONE = ['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'mkdir', 'mkdirSync', 'readdir', 'readdirSync', 'stat', 'statSync', 'lstat', 'lstatSync', 'access', 'accessSync', 'open', 'openSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'truncate', 'truncateSync', 'utimes', 'opendir', 'readlink', 'realpath', 'realpathSync', 'watch', 'readJson', 'readJsonSync', 'outputFile', 'outputFileSync', 'outputJson', 'writeJson', 'writeJsonSync', 'remove', 'removeSync', 'ensureFile', 'ensureDir', 'emptyDir', 'pathExists', 'existsSync'];
const FS_TWO = ['copyFile', 'copyFileSync', 'rename', 'renameSync', 'link', 'linkSync', 'symlink', 'symlinkSync', 'cp', 'cpSync', 'copy', 'copySync', 'move', 'moveSync'];
const FS_MODULES = ['fs', 'fs.promises', 'fs-extra', 'graceful-fs', 'fs.promises.default'];

const PY_PATH_ONE = new Set(['open', 'io.open', 'codecs.open', 'os.open', 'file', 'os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.listdir', 'os.scandir', 'os.makedirs', 'os.mkdir', 'os.stat', 'os.lstat', 'os.chmod', 'os.chown', 'os.walk', 'os.truncate', 'os.utime', 'os.startfile', 'shutil.rmtree', 'tarfile.open', 'zipfile.ZipFile', 'flask.send_file', 'aiofiles.open', 'io.FileIO', 'os.path.getsize', 'glob.glob']);
const PY_PATH_ONE_EXTRA = ['shutil.make_archive', 'shutil.unpack_archive', 'os.path.getmtime', 'os.chdir', 'os.chroot', 'os.mkfifo', 'os.readlink', 'zipfile.Path'];
for (const x of PY_PATH_ONE_EXTRA) PY_PATH_ONE.add(x);
const PY_PATH_TWO = new Set(['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.move', 'shutil.copytree', 'os.rename', 'os.replace', 'os.link', 'os.symlink']);
const PY_CMD = new Set(['os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell', 'pty.spawn', 'os.execl', 'os.execlp', 'os.execvp']);
/** PY_CMD calls whose value is the command's output (os.popen's file, getoutput's text). */
const PY_CMD_OUTPUT = new Set(['os.popen', 'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput']);
const PY_SUBPROCESS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const PY_DESER = new Set(['pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', '_pickle.loads', '_pickle.load', 'dill.loads', 'dill.load', 'jsonpickle.decode', 'jsonpickle.loads', 'marshal.loads', 'marshal.load', 'shelve.open', 'pandas.read_pickle', 'joblib.load', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'cloudpickle.loads', 'pickle.Unpickler']);
const PY_XXE = new Set(['xml.etree.ElementTree.fromstring', 'xml.etree.ElementTree.XML', 'xml.etree.ElementTree.parse', 'xml.etree.ElementTree.iterparse', 'xml.etree.ElementTree.fromstringlist', 'xml.etree.cElementTree.fromstring', 'xml.etree.cElementTree.parse', 'xml.etree.cElementTree.XML', 'xml.dom.minidom.parseString', 'xml.dom.minidom.parse', 'xml.dom.pulldom.parseString', 'xml.dom.pulldom.parse', 'xml.sax.parseString', 'xml.sax.parse', 'lxml.etree.fromstring', 'lxml.etree.XML', 'lxml.etree.parse', 'lxml.etree.iterparse', 'xmltodict.parse', 'xml.dom.expatbuilder.parseString', 'xml.etree.ElementTree.XMLParser']);
const PY_SSRF_URL0 = new Set(['requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head', 'requests.options', 'urllib.request.urlopen', 'urllib.request.Request', 'urllib2.urlopen', 'urllib2.Request', 'urllib.urlopen', 'httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch', 'httpx.delete', 'httpx.head', 'httpx.options', 'urllib.request.urlretrieve', 'aiohttp.request']);
const PY_SSRF_URL1 = new Set(['requests.request', 'httpx.request', 'httpx.stream']);
const PY_CLEAN = new Set(['int', 'float', 'bool', 'complex', 'decimal.Decimal', 'Decimal', 'uuid.UUID', 'UUID', 'len', 'abs', 'round', 'ord', 'hash', 'id', 'isinstance', 'hasattr', 'callable', 'datetime.datetime.fromisoformat', 'datetime.date.fromisoformat', 'datetime.datetime.strptime', 'ipaddress.ip_address', 'ipaddress.ip_network', 'type', 'sum', 'min', 'max', 'any', 'all', 'print', 'time.time', 'uuid.uuid4', 'range', 'enumerate_']);
const PY_PROPAGATE = new Set(['str', 'repr', 'format', 'urllib.parse.unquote', 'urllib.parse.unquote_plus', 'urllib.unquote', 'urllib.unquote_plus', 'base64.b64decode', 'base64.b64encode', 'base64.urlsafe_b64decode', 'base64.urlsafe_b64encode', 'base64.decodebytes', 'binascii.unhexlify', 'binascii.a2b_base64', 'codecs.decode', 'gzip.decompress', 'zlib.decompress', 'bytes', 'bytearray', 'list', 'tuple', 'set', 'sorted', 'reversed', 'dict', 'next', 'iter', 'filter', 'map', 'enumerate', 'zip', 're.escape', 'textwrap.dedent', 'copy.copy', 'copy.deepcopy', 'urllib.parse.urlencode', 'os.fsdecode', 'os.fsencode', 'shlex.split', 'urllib.parse.parse_qs', 'urllib.parse.parse_qsl', 'sqlalchemy.text', 'sqlalchemy.sql.text']);
const PY_JSON = new Set(['json.loads', 'json.load', 'simplejson.loads', 'orjson.loads', 'ujson.loads', 'yaml.safe_load', 'yaml.full_load', 'tomllib.loads', 'toml.loads', 'ast.literal_eval']);
const PY_XSS_CLEAR = new Set(['html.escape', 'cgi.escape', 'markupsafe.escape', 'flask.escape', 'bleach.clean', 'markupsafe.Markup.escape', 'django.utils.html.escape', 'jinja2.escape', 'xml.sax.saxutils.escape', 'nh3.clean']);
const PY_PATH_CLEAR = new Set(['os.path.basename', 'ntpath.basename', 'posixpath.basename', 'werkzeug.utils.secure_filename', 'werkzeug.secure_filename', 'pathvalidate.sanitize_filename']);
const PY_PATH_JOIN = new Set(['os.path.join', 'os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'os.path.expanduser', 'os.path.normcase', 'posixpath.join', 'ntpath.join']);
const PY_DYN = new Set(['importlib.import_module', '__import__', 'importlib.__import__', 'imp.load_source', 'runpy.run_module', 'runpy.run_path']);
const PY_SESSION = new Set(['requests.Session', 'requests.session', 'httpx.Client', 'httpx.AsyncClient', 'urllib3.PoolManager', 'aiohttp.ClientSession', 'urllib3.connectionpool.connection_from_url']);

const JS_SSRF_URL0 = new Set(['fetch', 'node-fetch', 'undici.fetch', 'undici.request', 'undici.stream', 'cross-fetch', 'isomorphic-fetch', 'ky', 'ky.get', 'ky.post', 'ky.put', 'ky.delete', 'ky.patch', 'ky.head', 'axios.get', 'axios.post', 'axios.put', 'axios.patch', 'axios.delete', 'axios.head', 'axios.options', 'axios.getUri', 'got', 'got.get', 'got.post', 'got.put', 'got.patch', 'got.delete', 'got.head', 'got.stream', 'request', 'request.get', 'request.post', 'request.put', 'request.patch', 'request.del', 'request.delete', 'request.head', 'superagent', 'superagent.get', 'superagent.post', 'superagent.put', 'superagent.patch', 'superagent.delete', 'superagent.del', 'superagent.head', 'needle.get', 'needle.head', 'needle.post', 'needle.put', 'needle.delete', 'phin', 'bent', 'make-fetch-happen', 'axios', 'axios.request', 'http.get', 'http.request', 'https.get', 'https.request', 'follow-redirects.http.get', 'follow-redirects.https.get', 'follow-redirects.http.request', 'follow-redirects.https.request', 'wreck.get', 'wreck.request', 'simple-get', 'minipass-fetch', 'urllib.request', 'urllib.curl']);
const JS_CLEAN = new Set(['parseInt', 'parseFloat', 'Number', 'Boolean', 'BigInt', 'Date.parse', 'Date.now', 'isNaN', 'isFinite', 'Number.parseInt', 'Number.parseFloat', 'Number.isInteger', 'Number.isSafeInteger', 'Number.isFinite', 'Number.isNaN', 'Array.isArray', 'uuid.validate', 'uuid.v4', 'uuid.v1', 'crypto.randomUUID', 'crypto.randomBytes', 'Symbol', 'console.log', 'console.error', 'console.warn', 'console.info', 'console.debug']);
const JS_PROPAGATE = new Set(['decodeURIComponent', 'decodeURI', 'unescape', 'atob', 'btoa', 'Buffer.from', 'Buffer.concat', 'Array.from', 'Object.values', 'Object.entries', 'util.format', 'util.inspect', 'querystring.unescape', 'String.raw', 'Object.fromEntries', 'structuredClone', 'querystring.stringify', 'qs.stringify', 'path.dirname', 'path.extname', 'path.relative', 'path.parse', 'path.format', 'Array.of', 'lodash.get', 'lodash.toString', 'lodash.trim', 'lodash.clone', 'lodash.cloneDeep', 'he.decode', 'entities.decode', 'iconv-lite.decode']);
const JS_JSON = new Set(['JSON.parse', 'querystring.parse', 'qs.parse', 'yaml.parse', 'js-yaml.safeLoad', 'json5.parse', 'destr', 'secure-json-parse.parse', 'fast-xml-parser.parse']);
const JS_XSS_CLEAR = new Set(['escape-html', 'he.encode', 'he.escape', 'lodash.escape', 'validator.escape', 'dompurify.sanitize', 'isomorphic-dompurify.sanitize', 'sanitize-html', 'xss', 'xss.filterXSS', 'html-entities.encode', 'entities.encodeHTML', 'encodeHTML', 'escape-goat.htmlEscape', 'lodash.escape.default']);
const JS_SQL_CLEAR = new Set(['mysql.escape', 'mysql2.escape', 'mysql.escapeId', 'mysql2.escapeId', 'sqlstring.escape', 'sqlstring.escapeId', 'pg-format', 'pg-format.literal', 'pg-format.ident', 'pg.escapeLiteral', 'pg.escapeIdentifier', 'sqlstring.format', 'mysql.format', 'mysql2.format']);
const JS_CMD_CLEAR = new Set(['shell-quote.quote', 'shell-escape', 'shescape.quote', 'shescape.escape', 'shescape.quoteAll', 'any-shell-escape', 'shell-escape-tag']);
const JS_DESER = new Set(['node-serialize.unserialize', 'serialize-to-js.deserialize', 'funcster.deepDeserialize', 'cryo.parse', 'serialize-javascript.deserialize']);
const JS_CODE = new Set(['eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'safe-eval', 'static-eval', 'vm2.VM.run', 'notevil', 'expression-eval.eval', 'mathjs.evaluate']);
const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', 'zsh', 'dash', 'cmd', 'cmd.exe', 'powershell', 'pwsh', '/usr/bin/env']);

const SQL_STRONG = new Set(['$queryRawUnsafe', '$executeRawUnsafe', 'raw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'groupByRaw', 'unsafe']);
const SQL_JS_METHODS = new Set(['query', 'execute', 'run', 'all', 'get', 'each', 'exec', 'prepare', 'literal', 'sql', 'queryOne', 'many', 'one', 'oneOrNone', 'manyOrNone', 'none', 'any', 'result', 'multi', 'executeQuery']);
const SQL_PY_METHODS = new Set(['execute', 'executemany', 'executescript', 'mogrify', 'read_sql', 'read_sql_query', 'exec_driver_sql', 'query', 'raw', 'fetch', 'fetchrow', 'fetchval', 'execute_sql']);
const SQL_LIBS_JS = ['pg', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'sqlite', 'sequelize', 'knex', 'mssql', 'oracledb', 'typeorm', '@prisma/client', 'postgres', 'tedious', 'pg-promise', 'slonik', 'kysely', 'drizzle-orm', '@databases/pg', '@databases/mysql', 'serverless-mysql', 'data-api-client', '@neondatabase/serverless', '@planetscale/database'];

const MONGO_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'count', 'replaceOne', 'remove', 'update', 'find_one', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'update_one', 'update_many', 'delete_one', 'delete_many', 'count_documents', 'replace_one', 'aggregate', 'where', '$where', 'findById', 'exists']);
const MONGO_LIBS = ['mongodb', 'mongoose', 'monk', 'pymongo', 'motor', 'mongoengine', 'motor.motor_asyncio'];

const DDB_METHODS = new Set(['scan', 'query', 'get', 'put', 'update', 'delete', 'getItem', 'putItem', 'updateItem', 'deleteItem', 'batchGet', 'batchWrite', 'batchGetItem', 'batchWriteItem', 'transactWrite', 'transactGet', 'transactWriteItems', 'transactGetItems', 'executeStatement', 'batchExecuteStatement', 'executeTransaction', 'get_item', 'put_item', 'update_item', 'delete_item', 'batch_get_item', 'batch_write_item', 'execute_statement', 'batch_execute_statement', 'execute_transaction', 'transact_write_items']);
/**
 * DynamoDB legacy conditional parameters (condition maps instead of expressions): a map taken from
 * input, or an operator chosen by input, changes the query; values in AttributeValueList are typed
 * values like `:v` placeholders. Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
 */
const DDB_LEGACY_FILTERS = ['ScanFilter', 'QueryFilter', 'KeyConditions', 'Expected'];
const DDB_EXPR_KEYS = ['FilterExpression', 'KeyConditionExpression', 'ProjectionExpression', 'UpdateExpression', 'ConditionExpression'];

// ---------------------------------------------------------------------------------------------
// entry points

export function modelNew(ci: CallInfo): AV | undefined {
  const q = ci.callee.q ?? '';
  const E = ci.engine;
  if (q === 'Function') { for (const a of ci.args) sink(ci, 'code-eval', a.av, 'new Function'); return CLEAN; }
  if (q === 'vm.Script') { sink(ci, 'code-eval', av(ci, 0), 'vm.Script'); return { inst: 'vm.script' }; }
  if (q === 'URL' || q === 'url.URL') {
    const a0 = av(ci, 0);
    const out: AV = { ...propagate(a0), inst: 'URL' };
    const k = pos(ci, 0) ? E.keyOf(pos(ci, 0)!.ex) : null;
    if (k) out.from = k;
    if (a0.pre !== undefined) out.pre = a0.pre;
    if (a0.x?.urlOf) return a0.x.urlOf as AV;
    return out;
  }
  // fetch API Request: the URL is the first argument; the init (method, headers, body) does not choose the host
  if (q === 'Request' || q === 'node-fetch.Request' || q === 'undici.Request' || q === 'cross-fetch.Request') return propagate(av(ci, 0));
  // SigV4 signing: an HttpRequest keeps its fields (hostname, path, body); SignatureV4#sign returns it with auth headers
  // (https://github.com/smithy-lang/smithy-typescript/tree/main/packages/protocol-http, .../packages/signature-v4)
  if (q === '@smithy/protocol-http.HttpRequest' || q === '@aws-sdk/protocol-http.HttpRequest') return av(ci, 0);
  if (q === '@smithy/signature-v4.SignatureV4' || q === '@aws-sdk/signature-v4.SignatureV4') return { inst: 'sigv4' };
  if (q === 'Set' || q === 'WeakSet' || q === 'frozenset') {
    const a0 = av(ci, 0);
    if (a0.cs) return { cs: a0.cs, el: a0.el };
    return { el: E.elementOf(a0, undefined) };
  }
  if (q === 'Map' || q === 'Error' || q === 'Date' || q === 'TypeError' || q === 'Promise' && false) return CLEAN;
  if (q === 'Promise') { const cb = av(ci, 0); invokeFns(ci, cb, [CLEAN, CLEAN]); return CLEAN; }
  if (q === 'RegExp') { const p = constStr(av(ci, 0)); return p !== undefined ? { re: { pattern: p, flags: constStr(av(ci, 1)) ?? '' } } : CLEAN; }
  if (q === 'ajv' || q === 'ajv.default' || q === 'ajv.Ajv' || q === 'ajv/dist/2020' || q === 'ajv/dist/2019') return { inst: 'ajv' };
  if (q === 'aws-sdk.DynamoDB.DocumentClient' || q === 'aws-sdk.DynamoDB' || q === '@aws-sdk/client-dynamodb.DynamoDBClient' || q === '@aws-sdk/client-dynamodb.DynamoDB' || q === '@aws-sdk/lib-dynamodb.DynamoDBDocumentClient' || q === '@aws-sdk/lib-dynamodb.DynamoDBDocument') return { inst: 'ddb' };
  if (q === 'aws-sdk.RDSDataService' || q === '@aws-sdk/client-rds-data.RDSDataClient' || q === '@aws-sdk/client-rds-data.RDSData') return { inst: 'rdsdata' };
  if (q.startsWith('@aws-sdk/client-dynamodb.') || q.startsWith('@aws-sdk/lib-dynamodb.')) {
    const cmd = q.split('.').pop() ?? '';
    if (cmd.endsWith('Command')) { ddbCheck(ci, av(ci, 0), cmd); return { inst: 'ddb.cmd' }; }
  }
  if (q === '@aws-sdk/client-rds-data.ExecuteStatementCommand' || q === '@aws-sdk/client-rds-data.BatchExecuteStatementCommand') {
    const p = av(ci, 0);
    sink(ci, 'sql', p.f?.get('sql') ?? (p.t ? p : undefined), 'rds-data ExecuteStatement.sql');
    return { inst: 'cmd' };
  }
  if (q === '@aws-sdk/client-athena.StartQueryExecutionCommand') { sink(ci, 'sql', av(ci, 0).f?.get('QueryString'), 'athena StartQueryExecution.QueryString'); return { inst: 'cmd' }; }
  if (q === '@aws-sdk/client-redshift-data.ExecuteStatementCommand') { sink(ci, 'sql', av(ci, 0).f?.get('Sql'), 'redshift-data ExecuteStatement.Sql'); return { inst: 'cmd' }; }
  if (q === '@aws-sdk/client-ses.SendEmailCommand' || q === '@aws-sdk/client-sesv2.SendEmailCommand') {
    const p = av(ci, 0);
    emailHtmlSinks(ci.engine, (k) => p.f?.get(k), ci.e.n, q.split('.').pop()!, ci.fr);
    return { inst: 'aws.cmd' };
  }
  if (q === '@aws-sdk/client-s3.PutObjectCommand') { const p = av(ci, 0); storedHtmlSink(ci.engine, (k) => p.f?.get(k), ci.e.n, 'PutObjectCommand', ci.fr); }
  if (q.startsWith('@aws-sdk/') && q.endsWith('Command')) return { inst: 'aws.cmd' };
  if (q === 'net.Socket' || q === 'net.Stream') return { inst: 'socket' };
  if (q === 'pg.Client' || q === 'pg.Pool' || q === 'pg.default.Pool' || q === 'pg.default.Client') return { inst: 'sqlclient' };
  if (q === 'sqlite3.Database' || q === 'better-sqlite3' || q === 'sqlite3.verbose.Database') return { inst: 'sqlclient' };
  if (q === 'sequelize' || q === 'sequelize.Sequelize') return { inst: 'sqlclient' };
  if (q === '@prisma/client.PrismaClient') return { inst: 'sqlclient' };
  if (q === 'mongodb.MongoClient') return { inst: 'mongo' };
  if (q === 'libxmljs.Document' || q === 'libxmljs2.Document') return CLEAN;
  return modelCall(ci);
}

export function modelCall(ci: CallInfo): AV | undefined {
  if (ci.callee.fn && !ci.callee.x) return undefined; // local code: analysed by inlining
  const q = ci.callee.q;
  const py = ci.fr.file.lang === 'py';
  if (q) {
    const r = py ? pyQ(ci, q) : jsQ(ci, q);
    if (r) return r;
  }
  if (ci.callee.inst === 'lambda.callback') {
    const resp = av(ci, 1);
    if (ci.fr.depth <= 2) ci.engine.checkLambdaResponse(resp, null, ci.e.n, ci.fr);
    return CLEAN;
  }
  if (ci.callee.inst === 'ajv.validator' || ci.callee.x?.validatorGuard) return CLEAN;
  if (ci.callee.x?.assertValidator) {
    const a = pos(ci, 0);
    if (a) setKeyFact(ci, a.ex, applySchema(a.av, ci.callee.sch));
    return a ? applySchema(a.av, ci.callee.sch) : CLEAN;
  }
  if (ci.callee.sch && ci.callee.x?.lib === 'voluptuous') return applySchema(av(ci, 0), undefined);
  if (ci.recv && ci.method !== undefined) return methodModel(ci, ci.recv, ci.method, py);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript by qualified name

function jsQ(ci: CallInfo, q: string): AV | undefined {
  const E = ci.engine;
  const a0 = av(ci, 0);
  // schema libraries
  const lib = schemaLibOf(q);
  if (lib) {
    const name = q.slice(lib.prefix.length + 1);
    if (name) {
      const r = builderNamespaceCall(lib.lib, name, ci.args.map((a) => a.av));
      if (r) return builderResult(ci, lib.lib, r, undefined);
    }
  }
  if (JS_CODE.has(q)) {
    if (q === 'Function') { for (const a of ci.args) sink(ci, 'code-eval', a.av, 'Function'); return CLEAN; }
    sink(ci, 'code-eval', a0, q, q === 'eval' ? () => evalFix(ci) : undefined);
    return propagate(a0);
  }
  if (q === 'setTimeout' || q === 'setInterval' || q === 'setImmediate') {
    if (isFn(a0)) return invokeFns(ci, a0, []);
    sink(ci, 'code-eval', a0, q);
    return CLEAN;
  }
  if (q === 'require' || q === 'import') {
    const spec = constStr(a0);
    if (spec === undefined) {
      if (isTainted(a0)) sink(ci, 'dynamic-require', a0, q === 'import' ? 'import()' : 'require');
      return CLEAN;
    }
    if (spec.startsWith('.')) {
      const f = E.importFile(ci.fr.file, spec);
      if (!f) return CLEAN;
      const d = f.exports.get('default');
      if (q === 'require' && d && !d.x?.exportsObj && (d.fn || d.cls)) return { ...d, f: new Map([...f.exports]) };
      return { f: f.exports, x: { module: f.path } };
    }
    const m = normModule(spec, 'js');
    ci.fr.file.imports.add(m);
    return E.qAV(m, ci.fr.file);
  }
  if (q === 'module.createRequire') return { q: 'require' };
  // child_process
  if (q === 'child_process.exec' || q === 'child_process.execSync' || q === 'shelljs.exec' || q === 'execa.command' || q === 'execa.commandSync' || q === 'execa.execaCommand' || q === 'execa.execaCommandSync' || q === 'zx.$') {
    sink(ci, 'command', a0, q, () => execFix(ci));
    const out = commandOutput(ci, a0, q);
    invokeFns(ci, ci.args.find((a) => a.av.fn)?.av, [CLEAN, out, out]);
    return q === 'child_process.exec' ? CLEAN : out;
  }
  if (q === 'child_process.spawn' || q === 'child_process.spawnSync' || q === 'child_process.execFile' || q === 'child_process.execFileSync' || q === 'execa' || q === 'execa.execa' || q === 'execa.execaSync' || q === 'execa.sync' || q === 'cross-spawn' || q === 'cross-spawn.sync') {
    spawnCheck(ci, q);
    invokeFns(ci, ci.args.find((a) => a.av.fn)?.av, [CLEAN, CLEAN, CLEAN]);
    return CLEAN;
  }
  if (q.startsWith('child_process.')) return CLEAN;
  // fs
  if (JS_PATH_RESOLVERS.has(q)) return { ...propagateAll(ci.args.filter((x) => !x.av.fn).map((x) => x.av)), inst: 'path.resolved' };
  if (CAST_CALLS.has(q)) return CLEAN;
  for (const m of FS_MODULES) {
    if (!q.startsWith(m + '.')) continue;
    const fn = q.slice(m.length + 1);
    if (FS_ONE.includes(fn)) {
      sink(ci, 'path-traversal', a0, `${m === 'fs.promises' ? 'fs.promises' : m}.${fn}`, () => pathContainmentFix(ci, 0));
      invokeFns(ci, ci.args.find((a) => a.av.fn)?.av, [CLEAN, CLEAN]);
      return fn.startsWith('create') ? { inst: 'stream' } : CLEAN;
    }
    if (FS_TWO.includes(fn)) {
      sink(ci, 'path-traversal', join(a0, av(ci, 1)), `${m}.${fn}`);
      return CLEAN;
    }
  }
  if (q === 'path.join' || q === 'path.resolve' || q === 'path.normalize' || q === 'path.posix.join' || q === 'path.posix.resolve' || q === 'path.win32.join' || q === 'upath.join') {
    // join keeps a '..'-free later segment below the earlier ones (resolve restarts at an absolute one)
    const joins = q.endsWith('join');
    return { ...propagateAll(ci.args.map((a, i) => (a.spread ? rejoined(constAV('/'), a.av) : joins && i > 0 ? afterPrefix(a.av) : a.av))), inst: 'path.resolved' };
  }
  if (q === 'path.basename' || q === 'path.posix.basename' || q === 'sanitize-filename' || q === 'upath.basename') return clearKinds(propagate(a0), PATH);
  if (JS_JSON.has(q)) return propagate(a0, step(ci, `parsed by ${q}`), { json: true });
  if (q === 'JSON.stringify') return serialised(a0);
  if (q === 'String' || q === 'String.prototype.toString') return { ...propagate(a0, undefined, { json: false }), pre: a0.pre };
  if (q === 'encodeURIComponent' || q === 'escape' || q === 'querystring.escape') return clearKinds(propagate(a0, undefined, { json: false }), PATH | XSS | REDIR | BIT.xxe | BIT['dynamic-require']);
  if (q === 'encodeURI') return clearKinds(propagate(a0, undefined, { json: false }), XSS);
  if (JS_CLEAN.has(q) || q.startsWith('Math.') || q.startsWith('validator.is') || q.startsWith('console.')) return CLEAN;
  if (JS_PROPAGATE.has(q)) return propagateAll(ci.args.map((a) => a.av));
  if (q === 'Object.keys') return { el: propagate(a0, undefined, { json: false }) };
  if (q === 'Object.assign') return ci.args.map((a) => a.av).reduce((x, y) => join(x, y), CLEAN as AV);
  if (q === 'Object.freeze' || q === 'Promise.resolve' || q === 'Promise.all' || q === 'Promise.allSettled' || q === 'Promise.race' || q === 'Promise.any') return a0;
  if (JS_XSS_CLEAR.has(q)) return clearKinds(propagate(a0), XSS);
  if (JS_SQL_CLEAR.has(q)) {
    if (q.endsWith('.format') && constStr(a0) !== undefined) return a0;
    return clearKinds(propagateAll(ci.args.map((a) => a.av)), SQL);
  }
  if (JS_CMD_CLEAR.has(q)) return clearKinds(propagateAll(ci.args.map((a) => a.av)), CMD);
  if (q === 'mongo-sanitize' || q === 'express-mongo-sanitize.sanitize') return clearKinds(a0, NOSQL);
  if (JS_DESER.has(q)) { sink(ci, 'deserialization', a0, q, () => unserializeFix(ci)); return propagate(a0, undefined, { json: true }); }
  if (q === 'js-yaml.load' || q === 'js-yaml.loadAll' || q === 'yaml.load' && imports(ci, ['js-yaml'])) {
    const opt = av(ci, 1);
    const schemaQ = opt.f?.get('schema')?.q ?? '';
    if (schemaQ.includes('FULL') || schemaQ.includes('DEFAULT_FULL_SCHEMA') || schemaQ.includes('unsafe')) sink(ci, 'deserialization', a0, q);
    return propagate(a0, step(ci, 'parsed YAML'), { json: true });
  }
  if (q === 'libxmljs.parseXml' || q === 'libxmljs.parseXmlString' || q === 'libxmljs2.parseXml' || q === 'libxmljs2.parseXmlString' || q === 'libxmljs.parseXmlAsync') {
    const noent = av(ci, 1).f?.get('noent');
    if (noent && noent.hasC && noent.c) sink(ci, 'xxe', a0, q, () => xxeFix(ci));
    return propagate(a0, undefined, { json: true });
  }
  // SSRF
  if (JS_SSRF_URL0.has(q)) { ssrfJs(ci, q); return { inst: 'http.response' }; }
  if (q === 'needle' || q === 'needle.request') { sink(ci, 'ssrf', av(ci, 1), q); return CLEAN; }
  if (q === 'net.connect' || q === 'net.createConnection' || q === 'tls.connect') {
    if (a0.f) sink(ci, 'ssrf', a0.f.get('host') ?? a0.f.get('hostname'), q);
    else sink(ci, 'ssrf', av(ci, 1), q);
    return { inst: 'socket' };
  }
  if (q === 'axios.create' || q === 'got.extend' || q === 'ky.create' || q === 'ky.extend') return { q: q.split('.')[0] };
  if (q === 'util.promisify') return { ...a0 };
  // frameworks and clients
  if (q === 'express' || q === 'express.Router' || q === 'express.default') return { inst: 'express.app' };
  if (q === 'serverless-http' || q === '@vendia/serverless-express' || q === '@codegenie/serverless-express' || q === 'aws-serverless-express.createServer' || q === 'serverless-http.default') return { x: { adapter: true } };
  if (q === 'middy' || q === '@middy/core' || q === '@middy/core.default') return { fn: a0.fn, x: { middy: true } };
  if (q === '@middy/validator' || q === '@middy/validator.default' || q === '@aws-lambda-powertools/validation/middleware.validator') {
    const opts = a0;
    const es = opts.f?.get('eventSchema') ?? opts.f?.get('inboundSchema');
    return { inst: 'mw.validator', sch: es ? (es.sch ?? jsonSchemaOf(es)) : { k: 'unknown' } };
  }
  if (q === '@aws-lambda-powertools/parser/middleware.parser') {
    const s = a0.f?.get('schema');
    return { inst: 'mw.validator', sch: s?.sch ?? { k: 'unknown' }, x: { wholeEvent: true } };
  }
  if (q === '@middy/validator/transpile.transpileSchema' || q === '@middy/validator.transpileSchema') return { ...a0, sch: jsonSchemaOf(a0) };
  if (q === '@aws-lambda-powertools/parser.parse') return applySchema(a0, av(ci, 2).sch ?? av(ci, 1).sch);
  if (q === '@aws-lambda-powertools/parser.safeParse') return { f: new Map([['success', CLEAN], ['data', applySchema(a0, av(ci, 2).sch ?? av(ci, 1).sch)]]) };
  if (q === '@aws-lambda-powertools/validation.validate') {
    const k = a0.f?.get('payload');
    const sch = a0.f?.get('schema');
    const payloadEx = (pos(ci, 0)?.ex as Ex | undefined);
    if (payloadEx && payloadEx.k === 'obj') {
      const p = payloadEx.props.find((x) => x.key === 'payload');
      if (p && k) setKeyFact(ci, p.v, applySchema(k, sch ? jsonSchemaOf(sch) : undefined));
    }
    return k ? applySchema(k, sch ? jsonSchemaOf(sch) : undefined) : CLEAN;
  }
  if (q === 'class-transformer.plainToInstance' || q === 'class-transformer.plainToClass') {
    const cls = a0.cls;
    const obj = av(ci, 1);
    return cls ? { ...obj, sch: E.schemaOfClass(cls), _fl: undefined } : obj;
  }
  if (q === 'class-validator.validate' || q === 'class-validator.validateOrReject' || q === 'class-validator.validateSync') {
    const a = pos(ci, 0);
    if (a) setKeyFact(ci, a.ex, applySchema(a.av, a.av.sch));
    return CLEAN;
  }
  if (q === 'superstruct.create' || q === 'superstruct.mask' || q === 'valibot.parse' || q === 'io-ts.decode') return applySchema(q.startsWith('valibot') ? av(ci, 1) : a0, undefined);
  if (q === 'superstruct.assert') { const a = pos(ci, 0); if (a) setKeyFact(ci, a.ex, applySchema(a.av, undefined)); return CLEAN; }
  if (q === 'valibot.safeParse') return { f: new Map([['success', CLEAN], ['output', applySchema(av(ci, 1), undefined)]]) };
  if (q === 'mongoose.model' || q === 'mongoose.connect' || q === 'mongodb.MongoClient.connect' || q === 'mongoose.createConnection') return { inst: 'mongo' };
  if (q === 'mysql.createConnection' || q === 'mysql.createPool' || q === 'mysql2.createConnection' || q === 'mysql2.createPool' || q === 'knex' || q === 'knex.default' || q === 'postgres' || q === 'pg-promise' || q === 'serverless-mysql' || q === 'mssql.connect' || q === '@neondatabase/serverless.neon') return { inst: 'sqlclient' };
  if (q === 'url.parse') return { ...propagate(a0), inst: 'URL', from: pos(ci, 0) ? E.keyOf(pos(ci, 0)!.ex) ?? undefined : undefined, pre: a0.pre };
  if (q === '@aws-sdk/lib-dynamodb.DynamoDBDocumentClient.from' || q === '@aws-sdk/lib-dynamodb.DynamoDBDocument.from') return { inst: 'ddb' };
  if (q === 'lodash.escapeRegExp' || q === 'escape-string-regexp') return propagate(a0);
  // presigned URLs point at the bucket endpoint: the caller controls at most the key (path)
  if (q === '@aws-sdk/s3-request-presigner.getSignedUrl' || q === 'aws-sdk.S3.getSignedUrl') return CLEAN;
  return undefined;
}

function schemaLibOf(q: string): { lib: SchemaLib; prefix: string } | undefined {
  for (const [prefix, lib] of [['zod', 'zod'], ['joi', 'joi'], ['yup', 'yup']] as const) {
    if (q === prefix || q.startsWith(prefix + '.')) return { lib, prefix };
  }
  return undefined;
}

function builderResult(ci: CallInfo, lib: SchemaLib, r: BuilderResult, recv: AV | undefined): AV {
  const target = pos(ci, 0);
  const stepV = { range: rng(ci.e.n), file: ci.fr.file.path, note: 'validated by schema' };
  switch (r.parse) {
    case 'value': {
      const v = lib === 'joi' && recv === undefined ? av(ci, 0) : target?.av ?? CLEAN;
      return addStep(applySchema(v, r.sch), stepV);
    }
    case 'safe': return { f: new Map([['success', CLEAN], ['data', addStep(applySchema(target?.av ?? CLEAN, r.sch), stepV)], ['error', CLEAN]]) };
    case 'joi': return { f: new Map([['value', addStep(applySchema(target?.av ?? CLEAN, r.sch), stepV)], ['error', CLEAN]]) };
    case 'assert': {
      const t = lib === 'joi' && recv === undefined ? pos(ci, 0) : target;
      if (t) setKeyFact(ci, t.ex, applySchema(t.av, r.sch));
      return CLEAN;
    }
    case 'guard': {
      const k = target ? ci.engine.keyOf(target.ex) : null;
      return k ? { g: [{ key: k, av: applySchema(target!.av, r.sch) }] } : CLEAN;
    }
  }
  return { sch: r.sch, x: { lib } };
}

function spawnCheck(ci: CallInfo, q: string): void {
  const a0 = av(ci, 0);
  const a1 = av(ci, 1);
  const opts = ci.args.map((a) => a.av).find((a) => a.f && a.f.has('shell'));
  const shell = opts?.f?.get('shell');
  const shellOn = !!shell && (!shell.hasC || (shell.c !== false && shell.c !== null));
  if (shellOn) {
    sink(ci, 'command', join(a0, a1.el ?? (a1.it ? a1.it.reduce((x, y) => join(x, y), CLEAN as AV) : a1)), `${q} (shell: true)`, () => spawnShellOffFix(ci));
    return;
  }
  const cmd = constStr(a0);
  if (cmd !== undefined && a1.it) argvSsrf(ci.engine, [a0, ...a1.it], ci.e.n, q, ci.fr);
  if (cmd !== undefined && SHELLS.has(cmd) && a1.it) {
    const i = a1.it.findIndex((x) => x.hasC && (x.c === '-c' || x.c === '/c' || x.c === '-Command'));
    if (i >= 0) for (const x of a1.it.slice(i + 1)) sink(ci, 'command', x, `${q} (${cmd} -c)`, () => shellDashCFix(ci));
    return;
  }
  // the program itself chosen by the user
  if (isTainted(a0)) sink(ci, 'command', a0, q);
}

function ssrfJs(ci: CallInfo, q: string): void {
  const a0 = av(ci, 0);
  let url: AV | undefined = a0;
  if (a0.f && !a0.t && !a0.src) {
    url = a0.f.get('url') ?? a0.f.get('uri') ?? a0.f.get('baseURL') ?? a0.f.get('href');
    const host = a0.f.get('host') ?? a0.f.get('hostname');
    if (host) sink(ci, 'ssrf', host.pre === undefined ? { ...host, pre: '' } : host, `${q} (host)`);
  }
  if (q === 'superagent' && pos(ci, 1)) url = av(ci, 1);
  if (url) sink(ci, 'ssrf', url, q, url === a0 ? () => ssrfAllowlistFix(ci, 0) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Python by qualified name

function pyQ(ci: CallInfo, q: string): AV | undefined {
  const E = ci.engine;
  const a0 = av(ci, 0);
  if (q === 'eval' || q === 'exec' || q === 'compile' || q === 'execfile' || q === 'flask.render_template_string' || q === 'jinja2.Template' || q === 'mako.template.Template') {
    sink(ci, 'code-eval', arg(ci, 0, 'source')?.av, q, q === 'eval' ? () => evalFix(ci) : undefined);
    return q === 'jinja2.Template' ? { inst: 'template' } : CLEAN;
  }
  // functools.partial(f, a, b): f with leading arguments fixed (Python's bind)
  if (q === 'functools.partial' && a0.fn) {
    const bound = ci.args.slice(1).filter((a) => !a.name && !a.spread).map((a) => a.av);
    return { fn: a0.fn.map((f) => ({ ...f, bound: bound.length ? [...(f.bound ?? []), ...bound] : f.bound })) };
  }
  if (PY_CMD.has(q)) { sink(ci, 'command', a0, q, q === 'os.system' ? () => osSystemFix(ci) : undefined); return PY_CMD_OUTPUT.has(q) ? commandOutput(ci, a0, q) : CLEAN; }
  if (PY_SUBPROCESS.has(q) || q === 'asyncio.create_subprocess_exec') {
    const cmd = arg(ci, 0, 'args');
    const shell = kw(ci, 'shell');
    const shellOn = !!shell && shell.av.hasC && !!shell.av.c;
    if (shellOn && cmd) {
      sink(ci, 'command', cmd.av, `${q} (shell=True)`, () => subprocessFix(ci));
      if (q !== 'subprocess.call' && q !== 'subprocess.check_call') return commandOutput(ci, cmd.av, q);
    } else if (cmd) {
      const list = cmd.av;
      const first = list.it?.[0];
      if (list.it) argvSsrf(ci.engine, list.it, ci.e.n, q, ci.fr);
      if (first && first.hasC && SHELLS.has(String(first.c)) && list.it) {
        const i = list.it.findIndex((x) => x.hasC && x.c === '-c');
        if (i >= 0) for (const x of list.it.slice(i + 1)) sink(ci, 'command', x, `${q} (sh -c)`, () => shellDashCFix(ci));
      } else if (!list.it && !list.el && isTainted(list) && flowsOf(list).some(() => true) && !shell) {
        // a string program without shell runs a single executable named by the user
        sink(ci, 'command', list, q);
      }
    }
    return CLEAN;
  }
  if (PY_PATH_ONE.has(q)) { sink(ci, 'path-traversal', arg(ci, 0, q === 'open' ? 'file' : 'path')?.av, q, () => pathContainmentFix(ci, 0)); return q === 'open' || q === 'io.open' || q === 'codecs.open' ? { inst: 'file' } : CLEAN; }
  if (PY_PATH_TWO.has(q)) { sink(ci, 'path-traversal', join(a0, av(ci, 1)), q); return CLEAN; }
  if (q === 'pathlib.Path' || q === 'pathlib.PurePath' || q === 'pathlib.PosixPath' || q === 'Path') return { ...propagateAll(ci.args.map((a) => a.av)), inst: 'pathlib' };
  if (PY_PATH_CLEAR.has(q)) return clearKinds(propagate(a0), PATH);
  if (CAST_CALLS.has(q)) return CLEAN;
  if (PY_PATH_NORMALIZERS.has(q)) return { ...propagateAll(ci.args.map((a) => a.av)), inst: 'path.normalized' };
  // os.path.join keeps '..' (it does not normalise): a prefix check of the result is no containment check
  if (PY_PATH_JOIN.has(q)) return { ...propagateAll(ci.args.map((a) => (a.spread ? rejoined(constAV('/'), a.av) : a.av))), inst: 'path.joined' };
  if (q === 'shlex.quote' || q === 'pipes.quote' || q === 'shellescape.quote') return clearKinds(propagate(a0), CMD);
  if (PY_XSS_CLEAR.has(q)) return clearKinds(propagate(a0), XSS);
  if (q === 'urllib.parse.quote' || q === 'urllib.quote') {
    const safe = kw(ci, 'safe') ?? pos(ci, 1);
    const safeStr = safe ? constStr(safe.av) : '/';
    const m = safeStr === '' ? PATH | XSS | REDIR : XSS;
    return clearKinds(propagate(a0, undefined, { json: false }), m);
  }
  if (q === 'urllib.parse.quote_plus' || q === 'urllib.quote_plus') return clearKinds(propagate(a0, undefined, { json: false }), PATH | XSS | REDIR);
  // Flask url_for builds a URL of the app's own routes (values are URL-encoded into its path or
  // query; an unknown endpoint raises BuildError), so it is never an open-redirect target.
  if (q === 'flask.url_for' || q === 'flask.helpers.url_for') return clearKinds(propagateAll(ci.args.map((a) => a.av), undefined, { json: false }), REDIR);
  if (PY_CLEAN.has(q) || q.startsWith('math.')) return CLEAN;
  if (PY_JSON.has(q)) return propagate(a0, step(ci, `parsed by ${q}`), { json: true });
  if (q === 'json.dumps') return serialised(a0);
  if (PY_PROPAGATE.has(q)) {
    const out = propagateAll(ci.args.filter((a) => !a.name).map((a) => a.av), undefined, q === 'str' || q === 'repr' ? { json: false } : undefined);
    if (q === 'sqlalchemy.text' || q === 'sqlalchemy.sql.text') return { ...out, inst: 'sqltext', sq: out.sq || a0.sq };
    if (q === 'shlex.split') return { el: out };
    return { ...out, pre: q === 'str' ? a0.pre : undefined };
  }
  if (PY_DESER.has(q)) { sink(ci, 'deserialization', a0, q, () => pickleFix(ci)); return propagate(a0, undefined, { json: true }); }
  if (q === 'yaml.load' || q === 'yaml.load_all') {
    const loader = kw(ci, 'Loader') ?? pos(ci, 1);
    const lq = loader?.av.q ?? '';
    const safe = ['yaml.SafeLoader', 'yaml.CSafeLoader', 'yaml.BaseLoader', 'yaml.CBaseLoader', 'SafeLoader', 'CSafeLoader', 'BaseLoader'].includes(lq);
    if (!safe) sink(ci, 'deserialization', arg(ci, 0, 'stream')?.av, q, () => yamlFix(ci));
    return propagate(a0, step(ci, 'parsed YAML'), { json: true });
  }
  // urlparse(x).hostname / .scheme: a parsed URL, like url.parse (guards read its host)
  if (q === 'urllib.parse.urlparse' || q === 'urllib.parse.urlsplit' || q === 'urlparse.urlparse') return { ...propagate(a0), inst: 'URL', from: pos(ci, 0) ? E.keyOf(pos(ci, 0)!.ex) ?? undefined : undefined, pre: a0.pre };
  // urljoin(base, url): a `url` that starts with one `/` (path-absolute, RFC 3986 §5.2.2) keeps the base's scheme and host;
  // any other `url` may be absolute or `//host` and replace them (https://docs.python.org/3/library/urllib.parse.html#urllib.parse.urljoin)
  if (q === 'urllib.parse.urljoin' || q === 'urlparse.urljoin' || q === 'requests.compat.urljoin') {
    const base = arg(ci, 0, 'base')?.av ?? CLEAN;
    const url = arg(ci, 1, 'url')?.av ?? CLEAN;
    if (!isTainted(base) && isTainted(url) && url.pre !== undefined && url.pre.length >= 2 && url.pre[0] === '/' && url.pre[1] !== '/' && url.pre[1] !== '\\') {
      return { ...propagate(url), pre: (constStr(base) ?? '\0') + url.pre };
    }
    return propagateAll([base, url]);
  }
  if (PY_SSRF_URL0.has(q)) { sink(ci, 'ssrf', arg(ci, 0, 'url')?.av, q, () => ssrfAllowlistFix(ci, 0)); return { inst: 'http.response' }; }
  if (PY_SSRF_URL1.has(q)) { sink(ci, 'ssrf', arg(ci, 1, 'url')?.av, q, () => ssrfAllowlistFix(ci, 1)); return { inst: 'http.response' }; }
  if (PY_SESSION.has(q)) return { inst: 'http.session' };
  if (q === 'socket.socket') return { inst: 'socket' };
  if (q === 'socket.create_connection') { const t = a0; sink(ci, 'ssrf', t.it?.[0] ?? t, q); return { inst: 'socket' }; }
  if (PY_DYN.has(q)) { sink(ci, 'dynamic-require', a0, q); return CLEAN; }
  if (PY_XXE.has(q)) {
    const parser = kw(ci, 'parser');
    if (parser && parser.av.x?.safeXml) return propagate(a0, undefined, { json: true });
    sink(ci, 'xxe', arg(ci, 0, 'text')?.av ?? arg(ci, 0, 'source')?.av, q, () => xxeFix(ci));
    return propagate(a0, undefined, { json: true });
  }
  if (q === 'lxml.etree.XMLParser') {
    const re = kw(ci, 'resolve_entities');
    return { x: { safeXml: !!re && re.av.hasC && re.av.c === false } };
  }
  // flask / werkzeug
  if (q === 'flask.redirect' || q === 'werkzeug.utils.redirect' || q === 'flask.helpers.redirect' || q === 'fastapi.responses.RedirectResponse' || q === 'starlette.responses.RedirectResponse') {
    const locArg = ci.e.args.find((x) => !x.name && !x.spread) ?? ci.e.args.find((x) => x.name === 'location' || x.name === 'url');
    sink(ci, 'open-redirect', arg(ci, 0, 'location')?.av ?? kw(ci, 'url')?.av, q, () => relativeRedirectFix(ci.fr.file, locArg?.v.n));
    return { x: { response: true } };
  }
  if (q === 'flask.make_response') {
    if (ci.fr.entry === 'flask' || ci.fr.depth <= 2) {
      const body = a0.it ? a0.it[0] : a0;
      if (body && !body.f && !body.x?.response) sink(ci, 'xss', body, q);
    }
    return { x: { response: true } };
  }
  if (q === 'flask.Response' || q === 'werkzeug.Response' || q === 'werkzeug.wrappers.Response' || q === 'fastapi.responses.HTMLResponse' || q === 'starlette.responses.HTMLResponse') {
    const mt = constStr(kw(ci, 'mimetype')?.av) ?? constStr(kw(ci, 'content_type')?.av) ?? constStr(kw(ci, 'media_type')?.av);
    const html = q.endsWith('HTMLResponse') || mt === undefined || mt.includes('text/html');
    if (html) sink(ci, 'xss', arg(ci, 0, 'response')?.av ?? kw(ci, 'content')?.av, q);
    return { x: { response: true } };
  }
  if (q === 'flask.jsonify' || q === 'flask.json.jsonify' || q === 'fastapi.responses.JSONResponse') return { x: { response: true } };
  if (q === 'flask.send_from_directory') return { x: { response: true } };
  if (q === 'flask.abort' || q === 'sys.exit' || q === 'os._exit' || q === 'werkzeug.exceptions.abort') return { x: { noreturn: true } };
  if (q === 'flask.Flask' || q === 'flask.Blueprint') return { inst: 'flask.app' };
  if (q === 'fastapi.FastAPI' || q === 'fastapi.APIRouter') return { inst: 'fastapi.app' };
  if (q === 'chalice.Chalice') return { inst: 'chalice.app' };
  if (q === 'chalice.Response' || q === 'chalice.app.Response' || q === 'aws_lambda_powertools.event_handler.Response' || q === 'aws_lambda_powertools.event_handler.api_gateway.Response') {
    const f = new Map<string, AV>();
    const body = kw(ci, 'body') ?? pos(ci, 0);
    const headers = kw(ci, 'headers');
    const ct = kw(ci, 'content_type');
    const hdr: AV = headers ? headers.av : { f: new Map() };
    const hf = new Map(hdr.f ?? []);
    if (ct) hf.set('Content-Type', ct.av);
    f.set('headers', { ...hdr, f: hf });
    const fnod = new Map<string, SNode>();
    if (body) { f.set('body', body.av); fnod.set('body', body.ex.n); }
    const sc = kw(ci, 'status_code');
    if (sc) f.set('statusCode', sc.av);
    ci.engine.checkLambdaResponse({ f, fnod }, ci.e, ci.e.n, ci.fr);
    return { x: { response: true } };
  }
  if (q.startsWith('aws_lambda_powertools.event_handler.') && /Resolver$/.test(q)) return { inst: 'pt.app' };
  if (q === 'jsonschema.validate' || q === 'aws_lambda_powertools.utilities.validation.validate' || q === 'fastjsonschema.validate') {
    // statement-level assertion is handled by the engine; as an expression it returns None
    const facts = ci.engine.assertionCallFacts(ci.e, ci.fr);
    for (const f of facts) { if (f.key.includes('.')) ci.fr.refKeys = true; ci.fr.locals.set(f.key, f.av); }
    return CLEAN;
  }
  if (q.startsWith('jsonschema.') && /Validator$/.test(q) || q === 'jsonschema.validators.validator_for') return { inst: 'jsonschema.validator', sch: jsonSchemaOf(a0) };
  if (q === 'fastjsonschema.compile') return { sch: jsonSchemaOf(a0), x: { assertValidator: true } };
  if (q === 'cerberus.Validator') return { inst: 'cerberus', sch: jsonSchemaLikeCerberus(a0) };
  if (q === 'voluptuous.Schema') return { sch: { k: 'unknown' }, x: { lib: 'voluptuous' } };
  if (q === 'pydantic.TypeAdapter') return { inst: 'pydantic.adapter', sch: a0.cls ? E.schemaOfClass(a0.cls) : { k: 'unknown' } };
  if (q === 'pydantic.parse_obj_as' || q === 'pydantic.tools.parse_obj_as') return applySchema(av(ci, 1), a0.cls ? E.schemaOfClass(a0.cls) : undefined);
  if (q === 'aws_lambda_powertools.utilities.parser.parse') {
    const m = kw(ci, 'model') ?? pos(ci, 1);
    const ev = kw(ci, 'event') ?? pos(ci, 0);
    return applySchema(ev?.av ?? CLEAN, m?.av.cls ? E.schemaOfClass(m.av.cls) : undefined);
  }
  if (q === 're.compile') {
    // flags: re.M / re.MULTILINE (line anchors), re.X / re.VERBOSE (whitespace ignored) change what the pattern proves
    const p = constStr(a0);
    const fq = (kw(ci, 'flags') ?? pos(ci, 1))?.av.q ?? '';
    const flags = (fq.endsWith('.M') || fq.endsWith('MULTILINE') ? 'm' : '') + (fq.endsWith('.X') || fq.endsWith('VERBOSE') ? 'x' : '');
    return p !== undefined ? { re: { pattern: p, flags } } : CLEAN;
  }
  if (q === 're.sub' || q === 're.subn') {
    const p = a0.re?.pattern ?? constStr(a0);
    const repl = constStr(av(ci, 1));
    const s = av(ci, 2);
    const mask = p !== undefined ? stripClassMask(p, '', repl, true) : 0;
    return clearKinds(propagate(s), mask);
  }
  if (q === 're.findall' || q === 're.split' || q === 're.finditer') return { el: propagate(av(ci, 1)) };
  if (q === 're.match' || q === 're.fullmatch' || q === 're.search') {
    const p = a0.re?.pattern ?? constStr(a0);
    return p !== undefined && !pos(ci, 2) && !kw(ci, 'flags') ? regexMatchValue(av(ci, 1), { pattern: p, flags: a0.re?.flags ?? '' }, 'py') : propagate(av(ci, 1));
  }
  if (q === 'pandas.read_sql' || q === 'pandas.read_sql_query' || q === 'pd.read_sql') {
    if (looksSqlAV(a0)) sink(ci, 'sql', a0, q);
    return { inst: 'dataframe' };
  }
  if (q === 'boto3.dynamodb.conditions.Key' || q === 'boto3.dynamodb.conditions.Attr') return { inst: 'ddb.cond', x: { ddbCondition: true } };
  if (q === 'boto3.resource' || q === 'boto3.client' || q === 'boto3.session.Session' || q === 'boto3.Session') return { inst: 'boto3' };
  if (q === 'pymongo.MongoClient' || q === 'motor.motor_asyncio.AsyncIOMotorClient') return { inst: 'mongo' };
  if (q === 'psycopg2.connect' || q === 'pymysql.connect' || q === 'sqlite3.connect' || q === 'MySQLdb.connect' || q === 'mysql.connector.connect' || q === 'psycopg.connect' || q === 'pg8000.connect' || q === 'sqlalchemy.create_engine' || q === 'redshift_connector.connect' || q === 'pymssql.connect') return { inst: 'sqlclient' };
  return undefined;
}

function jsonSchemaLikeCerberus(a: AV): Schema {
  const props = new Map<string, Schema>();
  for (const [k, v] of a.f ?? []) {
    const t = constStr(v.f?.get('type'));
    const allowed = v.f?.get('allowed');
    const regex = constStr(v.f?.get('regex'));
    props.set(k, allowed || t === 'integer' || t === 'float' || t === 'number' || t === 'boolean' || t === 'date' || t === 'datetime' ? { k: 'str', mask: ALL } : regex ? { k: 'str', mask: regexMask(regex, '', 'full') } : { k: 'str', mask: 0 });
  }
  return { k: 'obj', props, strict: true };
}

// ---------------------------------------------------------------------------------------------
// Methods on values

function methodModel(ci: CallInfo, recv: AV, m: string, py: boolean): AV | undefined {
  const E = ci.engine;
  const a0 = av(ci, 0);
  // schema builders and compiled validators
  const lib = recv.x?.lib as SchemaLib | 'voluptuous' | undefined;
  if (recv.sch && lib && lib !== 'voluptuous') {
    const r = builderMethodCall(lib, recv.sch, m, ci.args.map((a) => a.av));
    if (r) return builderResult(ci, lib, r, recv);
  }
  if (recv.inst === 'sigv4' && (m === 'sign' || m === 'presign')) return a0;
  if (recv.inst === 'ajv') {
    if (m === 'compile' || m === 'compileAsync') return { inst: 'ajv.validator', sch: jsonSchemaOf(a0) };
    if (m === 'getSchema') return { inst: 'ajv.validator', sch: { k: 'unknown' } };
    if (m === 'validate') return CLEAN;
    return recv;
  }
  if (recv.inst === 'marshmallow' && (m === 'load' || m === 'loads' || m === 'validate')) {
    if (m === 'validate') return CLEAN;
    return addStep(applySchema(m === 'loads' ? propagate(a0, undefined, { json: true }) : a0, recv.sch), step(ci, 'validated by marshmallow schema'));
  }
  if (recv.cls && E.classKind(recv.cls) === 'pydantic' && ['model_validate', 'parse_obj', 'validate', 'model_validate_json', 'parse_raw', 'model_validate_strings'].includes(m)) {
    const input = m.endsWith('json') || m === 'parse_raw' ? propagate(a0, undefined, { json: true }) : a0;
    return { ...addStep(applySchema(input, E.schemaOfClass(recv.cls)), step(ci, 'validated by pydantic model')), cls: recv.cls };
  }
  if (recv.cls && E.classKind(recv.cls) === 'marshmallow' && (m === 'load' || m === 'loads')) return applySchema(a0, E.schemaOfClass(recv.cls));
  if (recv.inst === 'pydantic.adapter' && (m === 'validate_python' || m === 'validate_json' || m === 'validate_strings')) return applySchema(m === 'validate_json' ? propagate(a0, undefined, { json: true }) : a0, recv.sch);
  if (recv.inst === 'jsonschema.validator') {
    if (m === 'validate') { const a = pos(ci, 0); if (a) setKeyFact(ci, a.ex, applySchema(a.av, recv.sch)); return CLEAN; }
    if (m === 'is_valid' || m === 'iter_errors') return CLEAN;
  }
  if (recv.inst === 'cerberus' && m === 'validate') return CLEAN;
  if (recv.inst === 'cerberus' && (m === 'document' || m === 'normalized')) return applySchema(a0, recv.sch);
  // middy chains
  if (recv.x?.middy) {
    if (m === 'use') {
      const mws = ci.args.map((a) => a.av);
      let sch = recv.x.eventSchema as Schema | undefined;
      let wholeEvent = !!recv.x.wholeEvent;
      for (const mw of mws) {
        const list = mw.it ?? [mw];
        for (const x of list) if (x.inst === 'mw.validator') { sch = x.sch; if (x.x?.wholeEvent) wholeEvent = true; }
      }
      return { ...recv, x: { ...recv.x, eventSchema: sch, wholeEvent } };
    }
    if (m === 'handler') return { ...recv, fn: a0.fn };
    return recv;
  }
  const mm = matchMethod(recv, m, ci.args.map((a) => a.av));
  if (mm) return mm;
  // regexes
  if (recv.re) {
    if (m === 'test') return CLEAN;
    // a match's groups are made of their characters only (regex-class.ts)
    if (m === 'exec' || m === 'match' || m === 'fullmatch' || m === 'search') return regexMatchValue(a0, recv.re, py ? 'py' : 'js');
    if (m === 'findall' || m === 'finditer' || m === 'split') return py && m === 'findall' ? { el: propagate(a0) } : propagate(a0);
    if (m === 'sub' || m === 'subn') {
      const mask = stripClassMask(recv.re.pattern, recv.re.flags, constStr(a0), true);
      return clearKinds(propagate(av(ci, 1)), mask);
    }
  }
  // sources with methods (dict.get, request.args.get, req.get('Header'), get_json())
  if (recv.src) {
    const key = constStr(a0);
    if ((m === 'get' || m === 'getlist' || m === 'getall' || m === 'get_all' || m === 'pop' || m === 'setdefault' || m === 'getone' || m === 'getAll') && key !== undefined) {
      const base = recv.src.root.kind === 'express' && recv.src.path.length === 0 && (m === 'get') ? E.prop(E.prop(recv, 'headers', ci.e.n), key.toLowerCase(), ci.e.n) : E.prop(recv, key, ci.e.n);
      return pos(ci, 1) ? join(base, av(ci, 1)) : base;
    }
    if ((m === 'header' || m === 'param') && key !== undefined && recv.src.root.kind === 'express') return E.prop(E.prop(recv, m === 'header' ? 'headers' : 'params', ci.e.n), key.toLowerCase(), ci.e.n);
    if (['get_json', 'get_data', 'to_dict', 'get_query_string_value', 'get_header_value', 'get_multi_value_query_string_values', 'json'].includes(m)) {
      return E.prop(recv, m + '()', ci.e.n);
    }
    if (m === 'items') return { el: { it: [propagate(recv, undefined, { json: false }), E.elementOf(recv, ci.e.n)] } };
    if (m === 'keys') return { el: propagate(recv, undefined, { json: false }) };
    if (m === 'values') return { el: E.index(recv, CLEAN, ci.e.n) };
  }
  // Lambda / framework responses
  if (recv.inst === 'express.res') return expressRes(ci, m);
  if (recv.inst === 'express.app') {
    if (['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route'].includes(m) && ci.args.length) {
      for (const a of ci.args) {
        const fns = a.av.fn ?? a.av.it?.flatMap((x) => x.fn ?? []);
        for (const f of fns ?? []) if (f.f.params.length >= 2 && !ci.fr.file.routes.some((r) => r.fn.f === f.f)) ci.fr.file.routes.push({ kind: 'express', fn: f, params: [], at: ci.e.n });
      }
      return recv;
    }
    return recv;
  }
  if (recv.inst === 'flask.app' && m === 'add_url_rule') {
    const view = kw(ci, 'view_func') ?? pos(ci, 2);
    for (const f of view?.av.fn ?? []) ci.fr.file.routes.push({ kind: 'flask', fn: f, params: [] });
    return CLEAN;
  }
  if (recv.inst === 'template' && m === 'render') return CLEAN;
  if (recv.inst === 'pathlib') {
    if (['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'unlink', 'rmdir', 'mkdir', 'touch', 'iterdir', 'glob', 'rglob', 'rename', 'replace', 'chmod', 'symlink_to', 'hardlink_to'].includes(m)) {
      sink(ci, 'path-traversal', recv, `pathlib.Path.${m}`);
      return CLEAN;
    }
    // only resolve() removes '..' (absolute() keeps it): a prefix / is_relative_to check of a resolved path is containment
    if (m === 'resolve') return { ...propagateAll([recv, ...ci.args.map((a) => a.av)]), inst: 'pathlib', x: { resolvedPath: true } };
    if (['absolute', 'joinpath', 'with_name', 'with_suffix', 'expanduser', 'parent'].includes(m)) return { ...propagateAll([recv, ...ci.args.map((a) => a.av)]), inst: 'pathlib' };
    if (['exists', 'is_file', 'is_dir', 'is_relative_to'].includes(m)) return CLEAN;
  }
  if (recv.inst === 'http.session' || (recv.q && (recv.q === 'axios' || recv.q === 'got'))) {
    if (['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'urlopen', 'stream', 'send', 'fetch'].includes(m)) {
      const url = m === 'request' || m === 'urlopen' || m === 'stream' ? (py ? arg(ci, 1, 'url')?.av : (a0.f ? a0.f.get('url') : a0)) : arg(ci, 0, 'url')?.av;
      sink(ci, 'ssrf', url, `${calleeText(ci)}`);
      return { inst: 'http.response' };
    }
  }
  if (recv.inst === 'socket' && (m === 'connect' || m === 'connect_ex')) {
    // net.Socket#connect(port, host) / connect({ host }); Python socket.connect((host, port))
    const host = py ? (a0.it ? a0.it[0] : a0.el ?? a0) : a0.f ? a0.f.get('host') ?? a0.f.get('hostname') : pos(ci, 1)?.av;
    if (host) sink(ci, 'ssrf', host.pre === undefined ? { ...host, pre: '' } : host, `${calleeText(ci)} (host)`);
    return recv;
  }
  if (recv.inst === 'ddb.cond') return { inst: 'ddb.cond', x: { ddbCondition: true } };
  if (m === (py ? 'send_email' : 'sendEmail')) {
    // SES SendEmail (boto3 keywords, SDK v2 request object): HTML bodies built from input
    emailHtmlSinks(E, py ? (k) => kw(ci, k)?.av : (k) => a0.f?.get(k), ci.e.n, calleeText(ci), ci.fr);
  }
  if (m === (py ? 'put_object' : 'putObject') || (m === 'upload' && !py)) storedHtmlSink(E, py ? (k) => kw(ci, k)?.av : (k) => a0.f?.get(k), ci.e.n, calleeText(ci), ci.fr);
  if (m === 'generate_presigned_url' || m === 'generate_presigned_post' || (m === 'getSignedUrl' || m === 'getSignedUrlPromise') && !py) return CLEAN;
  if (recv.inst === 'boto3') {
    if (m === 'Table') {
      if (sink(ci, 'nosql', withNoSqlString(arg(ci, 0, 'name')?.av), 'dynamodb.Table (user-chosen table name)')) return { inst: 'boto3' };
      return { inst: 'boto3' };
    }
    if (m === 'client' || m === 'resource') return { inst: 'boto3' };
  }
  // DynamoDB / RDS data / Athena (JS objects and boto3 kwargs)
  if (DDB_METHODS.has(m) || m === 'send' || m === 'execute_statement' || m === 'start_query_execution') {
    if (py) {
      const handled = pyAwsKw(ci, m);
      if (handled) return handled;
    } else {
      const p = a0;
      if (m === 'send' && p.inst === 'ddb.cmd') return { inst: 'ddb.result' };
      if (p.f && (p.f.has('TableName') || p.f.has('Statement') || p.f.has('TransactItems') || p.f.has('RequestItems') || p.f.has('sql'))) {
        if (p.f.has('sql') && (m === 'executeStatement' || m === 'batchExecuteStatement')) { sink(ci, 'sql', p.f.get('sql'), 'rds-data executeStatement.sql'); return CLEAN; }
        ddbCheck(ci, p, m);
        return { inst: 'ddb.result' };
      }
      if (recv.inst === 'ddb' && p.t) { sink(ci, 'nosql', p, `dynamodb.${m}`); return CLEAN; }
    }
  }
  if (py && m === 'start_query_execution') { sink(ci, 'sql', kw(ci, 'QueryString')?.av, 'athena.start_query_execution'); return CLEAN; }
  // Mongo
  if (MONGO_METHODS.has(m) && (recv.inst === 'mongo' || imports(ci, MONGO_LIBS)) && !isFn(a0) && !recv.re && !(recv.el && !recv.inst)) {
    const target = m === 'distinct' ? av(ci, 1) : m === 'aggregate' ? a0 : a0;
    if (m === 'where' || m === '$where') { if (constStr(a0) === undefined) sink(ci, 'nosql', withNoSqlString(a0), `${calleeText(ci)} ($where)`); }
    else if (m === 'findById') { /* cast to ObjectId */ }
    else nosqlCheck(ci, target, calleeText(ci), 0, m === 'distinct' ? 1 : 0);
    return { inst: 'mongo' };
  }
  // driver escaping on connection / pool objects: conn.escape(x), pool.escapeId(x), client.escapeLiteral(x)
  if (!py && (m === 'escape' || m === 'escapeId' || m === 'escapeLiteral' || m === 'escapeIdentifier') && (recv.inst === 'sqlclient' || imports(ci, ['mysql', 'mysql2', 'pg', 'serverless-mysql', 'sqlstring']))) {
    return clearKinds(propagate(a0), SQL);
  }
  // SQL by method name
  if (!py && (SQL_JS_METHODS.has(m) || SQL_STRONG.has(m))) {
    const r = sqlJs(ci, recv, m);
    if (r) return r;
  }
  if (py && SQL_PY_METHODS.has(m)) {
    const sqlArg = arg(ci, 0, m === 'execute' || m === 'executemany' ? 'operation' : 'sql') ?? arg(ci, 0, 'query');
    const s = sqlArg?.av;
    if (s && (looksSqlAV(s) || s.inst === 'sqltext' || recv.inst === 'sqlclient' && (m === 'execute' || m === 'executemany')) && !s.x?.safeSql) {
      if (sink(ci, 'sql', s, `${calleeText(ci)}`, () => sqlFix(ci))) return { inst: 'cursor' };
    }
    if (m === 'execute' && py && kw(ci, 'Statement')) { sink(ci, 'sql', kw(ci, 'Statement')?.av, 'dynamodb.execute_statement'); return CLEAN; }
    return { inst: 'cursor' };
  }
  if (py && (m === 'execute_statement' || m === 'batch_execute_statement')) {
    sink(ci, 'sql', kw(ci, 'sql')?.av ?? kw(ci, 'Sql')?.av ?? kw(ci, 'Statement')?.av, `${calleeText(ci)}`);
    return CLEAN;
  }
  // generic value methods
  return genericMethod(ci, recv, m, py);
}

function withNoSqlString(a: AV | undefined): AV | undefined {
  if (!a) return a;
  return { ...a, x: { ...(a.x ?? {}), nosqlString: true }, _fl: undefined };
}

function expressRes(ci: CallInfo, m: string): AV {
  const recv = ci.recv!;
  const a0 = av(ci, 0);
  switch (m) {
    case 'redirect': {
      const url = ci.args.length >= 2 ? av(ci, 1) : a0;
      const urlArg = ci.e.args[ci.args.length >= 2 ? 1 : 0];
      sink(ci, 'open-redirect', url, 'res.redirect', () => relativeRedirectFix(ci.fr.file, urlArg && !urlArg.spread ? urlArg.v.n : undefined));
      return CLEAN;
    }
    case 'location': sink(ci, 'open-redirect', a0, 'res.location'); return recv;
    case 'set': case 'header': case 'setHeader': case 'append': {
      const name = constStr(a0);
      if (name && name.toLowerCase() === 'location') sink(ci, 'open-redirect', av(ci, 1), `res.${m}('Location')`);
      if (name && name.toLowerCase() === 'content-type') return { ...recv, x: { ...(recv.x ?? {}), ct: constStr(av(ci, 1)) } };
      if (a0.f) { const loc = [...a0.f].find(([k]) => k.toLowerCase() === 'location'); if (loc) sink(ci, 'open-redirect', loc[1], 'res.set(Location)'); }
      return recv;
    }
    case 'type': case 'contentType': return { ...recv, x: { ...(recv.x ?? {}), ct: constStr(a0) } };
    case 'send': case 'write': case 'end': {
      const ct = recv.x?.ct as string | undefined;
      const html = ct === undefined ? !a0.f && !a0.it : ct.includes('html');
      const bodyArg = ci.e.args[0] && !ci.e.args[0].spread ? ci.e.args[0].v : undefined;
      if (html && !a0.x?.json) sink(ci, 'xss', a0, `res.${m}`, () => htmlEscapeFix(ci.fr.file, bodyArg && bodyArg.k === 'name' ? a0.bx : bodyArg, (e) => (e.k === 'name' || e.k === 'member' ? isTainted(ci.engine.ev(e, ci.fr)) : true)));
      return CLEAN;
    }
    case 'sendFile': case 'download': case 'sendfile': {
      const opts = ci.args.map((a) => a.av).find((a) => a.f && a.f.has('root'));
      if (!opts) sink(ci, 'path-traversal', a0, `res.${m}`, () => pathContainmentFix(ci, 0));
      return CLEAN;
    }
    case 'writeHead': {
      const h = ci.args.map((a) => a.av).find((a) => a.f);
      const loc = h ? [...(h.f ?? [])].find(([k]) => k.toLowerCase() === 'location') : undefined;
      if (loc) sink(ci, 'open-redirect', loc[1], 'res.writeHead(Location)');
      return recv;
    }
    case 'status': case 'cookie': case 'clearCookie': case 'vary': case 'links': case 'attachment': return recv;
    default: return CLEAN;
  }
}

function pyAwsKw(ci: CallInfo, m: string): AV | undefined {
  let hit = false;
  const tn = kw(ci, 'TableName');
  if (tn) { hit = true; sink(ci, 'nosql', withNoSqlString(tn.av), `${m} TableName (user-chosen table)`); }
  for (const k of DDB_EXPR_KEYS) {
    const a = kw(ci, k);
    if (!a) continue;
    hit = true;
    if (a.av.x?.ddbCondition) continue;
    sink(ci, 'nosql', withNoSqlString(a.av), `${m} ${k}`);
  }
  const names = kw(ci, 'ExpressionAttributeNames');
  if (names) { hit = true; for (const v of names.av.f?.values() ?? []) sink(ci, 'nosql', withNoSqlString(v), `${m} ExpressionAttributeNames`); if (names.av.t) sink(ci, 'nosql', withNoSqlString(names.av), `${m} ExpressionAttributeNames`); }
  for (const k of DDB_LEGACY_FILTERS) { const a = kw(ci, k); if (a) { hit = true; legacyFilterCheck(ci, a.av, `${m} ${k}`); } }
  const st = kw(ci, 'Statement');
  if (st) { hit = true; sink(ci, 'sql', st.av, `${m} Statement (PartiQL)`, m === 'execute_statement' ? () => partiqlFix(ci) : undefined); }
  const sql = kw(ci, 'sql') ?? kw(ci, 'Sql') ?? kw(ci, 'QueryString');
  if (sql) { hit = true; sink(ci, 'sql', sql.av, `${m} ${sql.name}`); }
  return hit ? { inst: 'ddb.result' } : undefined;
}

/** A legacy condition map: the whole map or a condition from input, or an operator from input. */
function legacyFilterCheck(ci: CallInfo, a: AV, callee: string, at?: SNode): void {
  if (!a.f) { sink(ci, 'nosql', a, callee, undefined, at); return; }
  if (a.fb) sink(ci, 'nosql', a.fb, callee, undefined, at);
  for (const [k, c] of a.f) {
    const node = a.fnod?.get(k) ?? at;
    if (!c.f) { sink(ci, 'nosql', c, callee, undefined, node); continue; }
    const op = c.f.get('ComparisonOperator');
    if (op) sink(ci, 'nosql', withNoSqlString(op), `${callee} ComparisonOperator`, undefined, c.fnod?.get('ComparisonOperator') ?? node);
  }
}

function ddbCheck(ci: CallInfo, p: AV, op: string): void {
  if (!p.f) { if (p.t || p.src) sink(ci, 'nosql', p, `dynamodb ${op} (whole request from input)`); return; }
  const tn = p.f.get('TableName');
  if (tn) sink(ci, 'nosql', withNoSqlString(tn), `dynamodb ${op} TableName (user-chosen table)`, undefined, p.fnod?.get('TableName'));
  for (const k of DDB_EXPR_KEYS) {
    const v = p.f.get(k);
    if (v) sink(ci, 'nosql', withNoSqlString(v), `dynamodb ${op} ${k}`, undefined, p.fnod?.get(k));
  }
  const names = p.f.get('ExpressionAttributeNames');
  if (names) {
    for (const [k, v] of names.f ?? []) sink(ci, 'nosql', withNoSqlString(v), `dynamodb ${op} ExpressionAttributeNames`, undefined, names.fnod?.get(k) ?? p.fnod?.get('ExpressionAttributeNames'));
    if (names.t || names.fb) sink(ci, 'nosql', withNoSqlString(names.fb ?? names), `dynamodb ${op} ExpressionAttributeNames`, undefined, p.fnod?.get('ExpressionAttributeNames'));
  }
  const st = p.f.get('Statement');
  if (st) sink(ci, 'sql', st, `dynamodb ${op} Statement (PartiQL)`, undefined, p.fnod?.get('Statement'));
  for (const k of DDB_LEGACY_FILTERS) { const v = p.f.get(k); if (v) legacyFilterCheck(ci, v, `dynamodb ${op} ${k}`, p.fnod?.get(k)); }
  if (p.fb) sink(ci, 'nosql', p.fb, `dynamodb ${op} (request fields from input)`);
}

function nosqlCheck(ci: CallInfo, q: AV, callee: string, depth: number, argIndex?: number): void {
  if (depth > 2) return;
  const where = q.f?.get('$where');
  if (where) sink(ci, 'nosql', withNoSqlString(where), `${callee} ($where)`);
  if (!q.f && !q.it) {
    sink(ci, 'nosql', q, callee);
    return;
  }
  if (q.fb) sink(ci, 'nosql', q.fb, callee);
  if (q.t) sink(ci, 'nosql', { t: q.t }, callee);
  for (const [k, v] of q.f ?? []) {
    if (k === '$where') continue;
    // {field: {$eq: value}} compares with the value as given, an object included (MongoDB $eq)
    if (k === '$eq' && depth > 0) continue;
    if (v.f || v.it) nosqlCheck(ci, v, callee, depth + 1);
    else sink(ci, 'nosql', v, callee, depth === 0 && argIndex !== undefined ? () => nosqlEqFix(ci, argIndex) : undefined, q.fnod?.get(k));
  }
  for (const v of q.it ?? []) nosqlCheck(ci, v, callee, depth + 1);
}

function looksSqlAV(a: AV | undefined): boolean {
  return !!a && !!a.sq;
}

function sqlJs(ci: CallInfo, recv: AV, m: string): AV | undefined {
  const a0 = av(ci, 0);
  if (a0.x?.safeSql || a0.inst === 'sql-fragment') return undefined;
  let sqlV: AV | undefined = a0;
  let viaObject = false;
  if (a0.f && a0.f.has('sql')) { sqlV = a0.f.get('sql'); viaObject = true; }
  if (!sqlV || !isTainted(sqlV)) return undefined;
  const strong = SQL_STRONG.has(m);
  const sqlLib = recv.inst === 'sqlclient' || imports(ci, SQL_LIBS_JS);
  const looks = looksSqlAV(sqlV);
  if (!(strong || (looks && (sqlLib || m === 'query' || m === 'execute')))) return undefined;
  if (recv.re) return undefined;
  const fixable = !viaObject && ['query', 'execute', 'run', 'all', 'get', 'each'].includes(m);
  sink(ci, 'sql', sqlV, `${calleeText(ci)}`, fixable ? () => sqlFix(ci) : undefined);
  invokeFns(ci, ci.args.find((a) => a.av.fn)?.av, [CLEAN, CLEAN, CLEAN]);
  return { inst: 'sql.result' };
}

const STR_METHODS_PROP = new Set(['trim', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize', 'padStart', 'padEnd', 'slice', 'substring', 'substr', 'charAt', 'at', 'repeat', 'toString', 'valueOf', 'toJSON', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold', 'encode', 'decode', 'zfill', 'ljust', 'rjust', 'center', 'removeprefix', 'removesuffix', 'expandtabs', 'swapcase', 'translate', 'hex', 'read', 'text', 'readline', 'decode_utf8', 'toISOString']);
const BOOL_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'search', 'localeCompare', 'test', 'has', 'isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier', 'isupper', 'islower', 'isspace', 'startswith', 'endswith', 'count', 'index', 'rindex', 'rfind', 'length', 'size', 'hasOwnProperty', 'isEmpty', 'getTime', 'valueOf_']);

function genericMethod(ci: CallInfo, recv: AV, m: string, py: boolean): AV | undefined {
  const E = ci.engine;
  const a0 = av(ci, 0);
  if (BOOL_METHODS.has(m) && !(m === 'find' || (m === 'index' && !py))) return CLEAN;
  if (py && (m === 'find')) return CLEAN;
  if (STR_METHODS_PROP.has(m)) {
    const out = propagate(recv, undefined, { json: false, keepPre: m !== 'slice' && m !== 'substring' && m !== 'substr' });
    return recv.hasC && !isTainted(recv) ? CLEAN : out;
  }
  if (m === 'replace' || m === 'replaceAll') {
    const repl = constStr(av(ci, 1));
    const global = py || m === 'replaceAll' || !!a0.re?.flags.includes('g');
    const target = a0.re ? literalChar(a0.re.pattern) : constStr(a0);
    const esc = escapeMarks(recv, target, repl, global);
    if (py) return withEsc(propagateAll([recv, av(ci, 1)], undefined, { json: false }), esc);
    const mask = a0.re ? stripClassMask(a0.re.pattern, a0.re.flags, repl, global) : 0;
    const out = withEsc(clearKinds(propagateAll([recv, isFn(av(ci, 1)) ? CLEAN : av(ci, 1)], undefined, { json: false }), mask), esc);
    // a rewrite of the last path segment keeps a constant scheme + host (url-allow.ts)
    const pre = suffixReplacePre(recv.pre, a0.re, 'js');
    return pre !== undefined && out.t ? { ...out, pre } : out;
  }
  if (m === 'concat' && !recv.el && !recv.it) return E.concat([{ av: recv }, ...ci.args.map((a) => ({ av: a.av }))]);
  if (m === 'format' && py) {
    const fmt = constStr(recv);
    if (fmt !== undefined) return pyFormat(E, fmt, ci);
    return propagateAll([recv, ...ci.args.map((a) => a.av)]);
  }
  // split('/') elements are single path segments until joined again (path-segment.ts)
  if (m === 'split' || m === 'rsplit') return { el: splitSegments(a0, propagate(recv, undefined, { json: false })) };
  if (m === 'match' && !py && a0.re && !a0.re.flags.includes('g')) return regexMatchValue(recv, a0.re, 'js');
  if (m === 'splitlines' || m === 'partition' || m === 'match' || m === 'matchAll' || m === 'findall') return { el: propagate(recv, undefined, { json: false }) };
  if (m === 'join') {
    // `''.join(['https://', host, '/', path])` / `[a, b].join('')`: the pieces in order, as a concatenation
    const list = py ? ci.args[0]?.ex : ci.e.callee.k === 'member' ? ci.e.callee.obj : undefined;
    const sep = py ? recv : a0;
    if (list?.k === 'arr' && list.items.every((it) => !it.spread) && sep?.hasC && sep.c === '' && (!py || ci.args.length === 1)) {
      return E.concat(list.items.map((it) => ({ av: E.ev(it.v, ci.fr) })));
    }
    if (py) return rejoined(recv, propagate(E.elementOf(a0, undefined), undefined, { json: false }));
    return rejoined(pos(ci, 0) ? a0 : undefined, propagate(E.elementOf(recv, undefined), undefined, { json: false }));
  }
  // dict-like
  if (m === 'get' || m === 'pop' || m === 'setdefault') {
    const key = constStr(a0);
    if (key !== undefined && (recv.f || recv.fb || recv.t)) {
      const base = E.prop(recv, key, ci.e.n);
      return pos(ci, 1) ? join(base, av(ci, 1)) : base;
    }
    if (recv.el || recv.it) return E.elementOf(recv, ci.e.n);
    if (recv.t) return { t: recv.t };
    return undefined;
  }
  if (py && m === 'items') return { el: { it: [recv.f ? { cs: [...recv.f.keys()] } : propagate(recv, undefined, { json: false }), E.index(recv, CLEAN, ci.e.n)] } };
  if (py && m === 'values') return { el: E.index(recv, CLEAN, ci.e.n) };
  if (py && m === 'keys') return recv.f && !recv.t ? { el: { cs: [...recv.f.keys()] }, cs: [...recv.f.keys()] } : { el: propagate(recv, undefined, { json: false }) };
  if (py && m === 'copy') return recv;
  // mutation of a local container
  if (m === 'push' || m === 'append' || m === 'add' || m === 'unshift' || m === 'extend' || m === 'insert' || m === 'update') {
    const k = ci.e.callee.k === 'member' ? E.keyOf(ci.e.callee.obj) : null;
    const val = m === 'insert' ? av(ci, 1) : m === 'extend' ? E.elementOf(a0, undefined) : a0;
    if (k && !k.includes('.')) {
      const cur = E.lookup(k, ci.fr);
      const next: AV = m === 'update' ? join(cur, a0) : { ...cur, el: join(cur.el, val), it: undefined, cs: undefined, _fl: undefined };
      ci.fr.locals.has(k) ? ci.fr.locals.set(k, next) : ci.fr.locals.set(k, next);
    }
    return CLEAN;
  }
  // callbacks over collections and promises
  const fnArgs = ci.args.filter((a) => a.av.fn);
  if (fnArgs.length) {
    const el = E.elementOf(recv, ci.e.n);
    switch (m) {
      case 'map': case 'flatMap': { const r = invokeFns(ci, fnArgs[0].av, [el, CLEAN, recv]); return { el: r }; }
      case 'forEach': invokeFns(ci, fnArgs[0].av, [el, CLEAN, recv]); return CLEAN;
      case 'filter': case 'sort': case 'toSorted': invokeFns(ci, fnArgs[0].av, [el, el]); return recv.el || recv.it ? { el } : recv;
      case 'find': case 'findLast': invokeFns(ci, fnArgs[0].av, [el, CLEAN]); return el;
      case 'some': case 'every': case 'findIndex': case 'findLastIndex': invokeFns(ci, fnArgs[0].av, [el, CLEAN]); return CLEAN;
      case 'reduce': case 'reduceRight': { const init = av(ci, 1); const r = invokeFns(ci, fnArgs[0].av, [init, el, CLEAN, recv]); return join(init, r); }
      case 'then': return invokeFns(ci, fnArgs[0].av, [recv]);
      case 'catch': case 'finally': invokeFns(ci, fnArgs[0].av, [CLEAN]); return recv;
      case 'on': case 'once': case 'addEventListener': invokeFns(ci, fnArgs[0].av, [propagate(recv), CLEAN]); return recv;
      default: break;
    }
  }
  if (m === 'slice' || m === 'reverse' || m === 'flat' || m === 'toReversed' || m === 'filter' || m === 'values' || m === 'entries') return recv.el || recv.it ? { el: E.elementOf(recv, ci.e.n) } : propagate(recv);
  if (m === 'shift' || m === 'pop' || m === 'first' || m === 'last') return E.elementOf(recv, ci.e.n);
  if (m === 'keys' && !py) return { el: propagate(recv, undefined, { json: false }) };
  return undefined;
}

/** The single character a regex or string pattern matches (`/</g`, `'\''`), if it is one. */
function literalChar(pattern: string | undefined): string | undefined {
  if (pattern === undefined) return undefined;
  if (pattern.length === 1) return pattern;
  if (pattern.length === 2 && pattern[0] === '\\') return pattern[1];
  if (pattern.length === 3 && pattern[0] === '[' && pattern[2] === ']') return pattern[1];
  return undefined;
}

/**
 * Escaping done by chained replaces: HTML entities for `<`/`>` (clears XSS once both are escaped),
 * and POSIX single-quote escaping (`'` → `'\''`, cleared for commands when the result is placed
 * between single quotes; see Engine.concat).
 */
function escapeMarks(recv: AV, ch: string | undefined, repl: string | undefined, global: boolean): { html: string; sq: boolean } {
  const prev = (recv.x?.htmlEsc as string | undefined) ?? '';
  if (!global || ch === undefined || repl === undefined) return { html: prev, sq: !!recv.x?.sqEsc };
  let html = prev;
  if (repl.startsWith('&') && repl.endsWith(';') && '<>&"\''.includes(ch)) html += ch;
  const sq = !!recv.x?.sqEsc || (ch === "'" && (repl === "'\\''" || repl === `'"'"'`));
  return { html, sq };
}

function withEsc(v: AV, esc: { html: string; sq: boolean }): AV {
  if (!esc.html && !esc.sq) return v;
  let out: AV = { ...v, x: { ...(v.x ?? {}), htmlEsc: esc.html, sqEsc: esc.sq }, _fl: undefined };
  if (esc.html.includes('<') && esc.html.includes('>')) out = clearKinds(out, XSS);
  return out;
}

/** `"...{}...".format(args)` */
function pyFormat(E: Engine, fmt: string, ci: CallInfo): AV {
  const parts: { av?: AV; s?: string }[] = [];
  let last = 0;
  let auto = 0;
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] === '{') {
      if (fmt[i + 1] === '{') { i++; continue; }
      const close = fmt.indexOf('}', i);
      if (close < 0) break;
      const field = fmt.slice(i + 1, close);
      const nameEnd = [':', '!', '.', '['].map((c) => field.indexOf(c)).filter((x) => x >= 0);
      const name = nameEnd.length ? field.slice(0, Math.min(...nameEnd)) : field;
      const spec = field.includes(':') ? field.slice(field.indexOf(':') + 1) : '';
      parts.push({ s: fmt.slice(last, i) });
      let v: AV;
      if (name === '') v = av(ci, auto++);
      else if (/^\d+$/.test(name)) v = av(ci, Number(name));
      else v = kw(ci, name)?.av ?? (ci.args.find((a) => a.spread === 2) ? E.prop(ci.args.find((a) => a.spread === 2)!.av, name, undefined) : CLEAN);
      parts.push({ av: spec && 'dfeEgGxXobn%'.includes(spec[spec.length - 1]) ? CLEAN : v });
      last = close + 1;
      i = close;
    }
  }
  parts.push({ s: fmt.slice(last) });
  return E.concat(parts);
}

export type { Fact };
export { constAV };

/** A JSON string of `a0`: its taint as one value, with the object's fields kept for field-wise writes (AV.ser). */
function serialised(a0: AV): AV {
  const out = propagate(a0, undefined, { json: false });
  return a0.f && out !== CLEAN ? { ...out, ser: a0 } : out;
}
