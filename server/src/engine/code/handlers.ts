/**
 * Handler discovery: the exported functions of a JS/TS/Python module, found statically from the
 * syntax tree (ESM `export const/function/default/{a as b}`, CommonJS `exports.x =`,
 * `module.exports.x =`, `module.exports = { x, y: fn }`, Python top-level `def`), unwrapping
 * wrappers such as `middy(fn).use(...)`, and whether one looks like a Lambda handler.
 */
import type { Tree } from 'web-tree-sitter';
import type { Ex, FuncIR, ModuleIR, St } from './ir';
import type { Span } from './types';
import { type ParsedCode, parsedFromTree } from './parser';
import { lowerJsModule } from './lower-js';
import { lowerPyModule } from './lower-py';

export interface HandlerParam {
  name: string | null;
  /** Type annotation text, when present. */
  type?: string;
  range: Span;
}

export interface ExportedFunction {
  /** The name other code (and the Lambda runtime) uses: `handler`, `main`, `default`. */
  exportName: string;
  /** The local binding, when different or when there is one. */
  localName?: string;
  kind: 'esm' | 'esm-default' | 'cjs' | 'python';
  /** The function's node. */
  range: Span;
  /** Where the export is named (export specifier, `exports.x`, `def x`). */
  nameRange: Span;
  params: HandlerParam[];
  isAsync: boolean;
  /** Wrapper call text, e.g. `middy`, when the export is `wrapper(fn)`. */
  wrapper?: string;
  /** Type annotation on the exported binding (`Handler<APIGatewayProxyEvent>`). */
  declaredType?: string;
  looksLikeHandler: boolean;
}

const EVENT_PARAM_NAMES = new Set(['event', 'evt', 'e', 'ev', '_event', 'event_', '_evt', 'lambdaEvent', 'awsEvent', 'lambda_event', 'raw_event']);
const CONTEXT_PARAM_NAMES = new Set(['context', 'ctx', '_context', 'lambda_context', 'lambdaContext', '_ctx', 'context_']);
const LAMBDA_TYPES = new Set([
  'APIGatewayProxyEvent', 'APIGatewayProxyEventV2', 'APIGatewayEvent', 'APIGatewayProxyWithCognitoAuthorizerEvent', 'APIGatewayProxyEventV2WithJWTAuthorizer',
  'APIGatewayProxyWebsocketEventV2', 'APIGatewayRequestAuthorizerEvent', 'APIGatewayTokenAuthorizerEvent', 'ALBEvent', 'SQSEvent', 'SNSEvent', 'S3Event',
  'DynamoDBStreamEvent', 'KinesisStreamEvent', 'EventBridgeEvent', 'ScheduledEvent', 'CloudWatchLogsEvent', 'CognitoUserPoolTriggerEvent', 'AppSyncResolverEvent',
  'LambdaFunctionURLEvent', 'FirehoseTransformationEvent', 'MSKEvent', 'SelfManagedKafkaEvent', 'CodePipelineEvent', 'IoTEvent', 'LexEvent', 'SESEvent',
  'Handler', 'APIGatewayProxyHandler', 'APIGatewayProxyHandlerV2', 'APIGatewayProxyHandlerV2WithJWTAuthorizer', 'SQSHandler', 'SNSHandler', 'S3Handler',
  'DynamoDBStreamHandler', 'KinesisStreamHandler', 'EventBridgeHandler', 'ScheduledHandler', 'ALBHandler', 'LambdaFunctionURLHandler', 'CloudWatchLogsHandler',
  'AppSyncResolverHandler', 'CognitoUserPoolTriggerHandler', 'Context', 'LambdaContext', 'APIGatewayProxyEventV2WithLambdaAuthorizer',
]);

const moduleCache = new WeakMap<object, ModuleIR>();

/** The IR of a parse (cached per parse). */
export function moduleIROf(parsed: ParsedCode): ModuleIR | undefined {
  return moduleOf(parsed)?.mod;
}

function moduleOf(input: ParsedCode | Tree): { mod: ModuleIR; lang: 'js' | 'py' } | undefined {
  const parsed = 'root' in input && 'lang' in input ? (input as ParsedCode) : parsedFromTree(input as Tree);
  if (!parsed || !parsed.root) return undefined;
  let mod = moduleCache.get(parsed.root);
  if (!mod) {
    mod = parsed.lang === 'python' ? lowerPyModule(parsed.root, parsed.text) : lowerJsModule(parsed.root, parsed.text);
    moduleCache.set(parsed.root, mod);
  }
  return { mod, lang: parsed.lang === 'python' ? 'py' : 'js' };
}

/** Identifier tokens of a type annotation text. */
function typeTokens(t: string | undefined): string[] {
  if (!t) return [];
  const out: string[] = [];
  let cur = '';
  for (const ch of t) {
    const c = ch.charCodeAt(0);
    const ident = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (ident) cur += ch;
    else { if (cur) out.push(cur); cur = ''; }
  }
  if (cur) out.push(cur);
  return out;
}

export function isLambdaType(t: string | undefined): boolean {
  return typeTokens(t).some((x) => LAMBDA_TYPES.has(x) && x !== 'Context' && x !== 'LambdaContext');
}

/** Does this function look like a Lambda handler (first parameter named or typed as an event)? */
export function looksLikeHandlerFn(f: FuncIR, lang: 'js' | 'py', declaredType?: string): boolean {
  const ps = f.params.filter((p) => !(lang === 'py' && f.isMethod && (p.name === 'self' || p.name === 'cls')));
  if (isLambdaType(declaredType)) return true;
  const p0 = ps[0];
  if (!p0) return false;
  if (p0.name && EVENT_PARAM_NAMES.has(p0.name)) return true;
  if (isLambdaType(p0.type)) return true;
  const p1 = ps[1];
  if (p1 && ((p1.name && CONTEXT_PARAM_NAMES.has(p1.name)) || typeTokens(p1.type).some((x) => x === 'Context' || x === 'LambdaContext'))) return true;
  return false;
}

interface Decl {
  f?: FuncIR;
  value?: Ex;
  type?: string;
}

function topDecls(mod: ModuleIR): Map<string, Decl> {
  const m = new Map<string, Decl>();
  const visit = (st: St) => {
    if (st.k === 'func' && st.f.name) m.set(st.f.name, { f: st.f });
    else if (st.k === 'assign' && st.p.k === 'pname' && !st.op) m.set(st.p.id, { value: st.v, type: st.type });
    else if (st.k === 'export' && st.decl) visit(st.decl);
    else if (st.k === 'block') st.body.forEach(visit);
  };
  mod.body.forEach(visit);
  return m;
}

function resolveFn(e: Ex | undefined, decls: Map<string, Decl>, depth = 0): { f: FuncIR; wrapper?: string; type?: string } | undefined {
  if (!e || depth > 6) return undefined;
  switch (e.k) {
    case 'fn': return { f: e.f };
    case 'await': return resolveFn(e.x, decls, depth + 1);
    case 'name': {
      const d = decls.get(e.id);
      if (!d) return undefined;
      if (d.f) return { f: d.f };
      const r = resolveFn(d.value, decls, depth + 1);
      return r ? { ...r, type: r.type ?? d.type } : undefined;
    }
    case 'call': {
      // middy(base).use(...).use(...)  /  wrap(fn)  /  middy().handler(fn)
      if (e.callee.k === 'member') {
        if (e.callee.prop === 'handler' && e.args[0]) {
          const r = resolveFn(e.args[0].v, decls, depth + 1);
          if (r) return { ...r, wrapper: r.wrapper ?? 'middy' };
        }
        const inner = resolveFn(e.callee.obj, decls, depth + 1);
        if (inner) return inner;
      }
      for (const a of e.args) {
        const r = resolveFn(a.v, decls, depth + 1);
        if (r) return { ...r, wrapper: calleeName(e.callee) };
      }
      return undefined;
    }
    default: return undefined;
  }
}

function calleeName(c: Ex): string {
  if (c.k === 'name') return c.id;
  if (c.k === 'member') return `${calleeName(c.obj)}.${c.prop ?? '[]'}`;
  if (c.k === 'call') return calleeName(c.callee);
  return 'wrapper';
}

function memberPath(e: Ex): string[] | null {
  if (e.k === 'name') return [e.id];
  if (e.k === 'member' && e.prop !== null) {
    const p = memberPath(e.obj);
    return p ? [...p, e.prop] : null;
  }
  return null;
}

function mk(exportName: string, kind: ExportedFunction['kind'], r: { f: FuncIR; wrapper?: string; type?: string }, nameRange: Span, lang: 'js' | 'py', localName?: string, declaredType?: string): ExportedFunction {
  const f = r.f;
  const type = declaredType ?? r.type;
  return {
    exportName, localName, kind,
    range: { start: f.n.start, end: f.n.end },
    nameRange,
    params: f.params.map((p) => ({ name: p.name, type: p.type, range: { start: p.n.start, end: p.n.end } })),
    isAsync: f.isAsync,
    wrapper: r.wrapper,
    declaredType: type,
    looksLikeHandler: looksLikeHandlerFn(f, lang, type) || (!!r.wrapper && /^(middy|.*[wW]rap.*|.*[hH]andler.*|Sentry.*)$/.test(r.wrapper) && f.params.length > 0),
  };
}

const exportsCache = new WeakMap<ModuleIR, ExportedFunction[]>();

/** The exported functions of a module, in source order. */
export function listExportedFunctions(input: ParsedCode | Tree): ExportedFunction[] {
  const m = moduleOf(input);
  if (!m) return [];
  const hit = exportsCache.get(m.mod);
  if (hit) return hit;
  const out = computeExports(m);
  exportsCache.set(m.mod, out);
  return out;
}

function computeExports(m: { mod: ModuleIR; lang: 'js' | 'py' }): ExportedFunction[] {
  const { mod, lang } = m;
  const decls = topDecls(mod);
  const out: ExportedFunction[] = [];
  const seen = new Set<string>();
  const add = (x: ExportedFunction | undefined) => {
    if (!x || seen.has(x.exportName)) return;
    seen.add(x.exportName);
    out.push(x);
  };
  const rng = (n: { start: number; end: number }) => ({ start: n.start, end: n.end });
  if (lang === 'py') {
    for (const st of mod.body) {
      if (st.k === 'func' && st.f.name) add(mk(st.f.name, 'python', { f: st.f }, rng(st.f.nameNode ?? st.f.n), lang, st.f.name));
      else if (st.k === 'assign' && st.p.k === 'pname') {
        const r = resolveFn(st.v, decls);
        if (r) add(mk(st.p.id, 'python', r, rng(st.p.n), lang, st.p.id));
      }
    }
    return out;
  }
  for (const st of mod.body) {
    if (st.k === 'export') {
      if (st.decl) {
        const d = st.decl;
        if (d.k === 'func' && d.f.name) add(mk(st.dflt ? 'default' : d.f.name, st.dflt ? 'esm-default' : 'esm', { f: d.f }, rng(d.f.nameNode ?? d.f.n), lang, d.f.name));
        else if (d.k === 'assign' && d.p.k === 'pname') {
          const r = resolveFn(d.v, decls);
          if (r) add(mk(d.p.id, 'esm', r, rng(d.p.n), lang, d.p.id, d.type));
        } else if (d.k === 'block') {
          for (const s of d.body) if (s.k === 'assign' && s.p.k === 'pname') { const r = resolveFn(s.v, decls); if (r) add(mk(s.p.id, 'esm', r, rng(s.p.n), lang, s.p.id, s.type)); }
        }
      } else if (st.dflt) {
        const r = resolveFn(st.dflt, decls);
        if (r) add(mk('default', 'esm-default', r, rng(st.n), lang, st.dflt.k === 'name' ? st.dflt.id : undefined));
      } else if (st.specs && !st.from) {
        for (const s of st.specs) {
          const r = resolveFn({ k: 'name', n: s.n, id: s.local }, decls);
          if (r) add(mk(s.exported, 'esm', r, rng(s.n), lang, s.local));
        }
      }
    } else if (st.k === 'assign' && st.p.k === 'pmember') {
      const target = memberPath({ k: 'member', n: st.p.n, obj: st.p.obj, prop: st.p.prop });
      if (!target) continue;
      const isExports = target.length === 2 && target[0] === 'exports';
      const isModExports = target.length === 3 && target[0] === 'module' && target[1] === 'exports';
      const isModule = target.length === 2 && target[0] === 'module' && target[1] === 'exports';
      if (isExports || isModExports) {
        const name = target[target.length - 1];
        const r = resolveFn(st.v, decls);
        if (r) add(mk(name, 'cjs', r, rng(st.p.n), lang, st.v.k === 'name' ? st.v.id : undefined));
      } else if (isModule) {
        if (st.v.k === 'obj') {
          for (const p of st.v.props) {
            if (p.key === null || p.spread) continue;
            const r = resolveFn(p.v, decls);
            if (r) add(mk(p.key, 'cjs', r, rng(p.n), lang, p.v.k === 'name' ? p.v.id : undefined));
          }
        } else {
          const r = resolveFn(st.v, decls);
          if (r) add(mk('default', 'cjs', r, rng(st.p.n), lang, st.v.k === 'name' ? st.v.id : undefined));
        }
      }
    }
  }
  return out;
}

/** The exported function named `exportName` (Python: the top-level function of that name). */
export function findHandler(input: ParsedCode | Tree, exportName: string): ExportedFunction | undefined {
  const all = listExportedFunctions(input);
  return all.find((x) => x.exportName === exportName) ?? (exportName === 'default' ? undefined : all.find((x) => x.exportName === 'default' && x.localName === exportName));
}

/** True when the module exports a function that looks like a Lambda handler. */
export function looksLikeLambdaHandler(input: ParsedCode | Tree): boolean {
  return listExportedFunctions(input).some((x) => x.looksLikeHandler);
}

const FUNC_AT_SKIP = new Set(['n', 'pn', 'argsNode', 'nameNode']);

/** The FuncIR whose node starts at `start` (the exported handler), found by walking the IR. */
export function funcAt(root: unknown, start: number, depth = 0): FuncIR | undefined {
  if (!root || typeof root !== 'object' || depth > 200) return undefined;
  if (Array.isArray(root)) {
    for (const x of root) { const r = funcAt(x, start, depth + 1); if (r) return r; }
    return undefined;
  }
  const o = root as Record<string, unknown>;
  const f = o.f as FuncIR | undefined;
  if ((o.k === 'fn' || o.k === 'func') && f && f.n.start === start) return f;
  for (const [k, v] of Object.entries(o)) {
    if (FUNC_AT_SKIP.has(k) || !v || typeof v !== 'object') continue;
    const r = funcAt(v, start, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/**
 * The functions below one top-level statement in the order `funcAt` meets them (from depth 1, as
 * the walk of the body reaches it; a function's own body is searched after it). Kept per
 * statement IR object: the lowerers keep the IR of a statement an edit did not touch
 * (lower-js/lower-py `stmtCache`), so after a keystroke only the changed statement is walked again.
 * The functions are kept, not their offsets (an unchanged statement's nodes move with it).
 */
const funcsMemo = new WeakMap<object, FuncIR[]>();

function collectFuncs(root: unknown, depth: number, out: FuncIR[]): void {
  if (!root || typeof root !== 'object' || depth > 200) return;
  if (Array.isArray(root)) {
    for (const x of root) collectFuncs(x, depth + 1, out);
    return;
  }
  const o = root as Record<string, unknown>;
  const f = o.f as FuncIR | undefined;
  if ((o.k === 'fn' || o.k === 'func') && f) out.push(f);
  for (const [k, v] of Object.entries(o)) {
    if (FUNC_AT_SKIP.has(k) || !v || typeof v !== 'object') continue;
    collectFuncs(v, depth + 1, out);
  }
}

/** `funcAt(body, start)`, statement by statement through `funcsMemo`. */
function funcAtInBody(body: readonly St[], start: number): FuncIR | undefined {
  for (const st of body) {
    let fs = funcsMemo.get(st);
    if (!fs) {
      fs = [];
      collectFuncs(st, 1, fs);
      funcsMemo.set(st, fs);
    }
    for (const f of fs) if (f.n.start === start) return f;
  }
  return undefined;
}

/** `funcAt(mod.body, start)` per module (the IR of a parse never changes): rules ask for the same handler many times. */
const funcAtMemo = new WeakMap<ModuleIR, Map<number, FuncIR | undefined>>();

/** The handler export's function and its module (undefined when the file has no such handler). */
export function handlerFunction(parsed: ParsedCode, exportName: string): { mod: ModuleIR; f: FuncIR } | undefined {
  if (!parsed.root) return undefined;
  const h = findHandler(parsed, exportName);
  const mod = moduleIROf(parsed);
  let f: FuncIR | undefined;
  if (h && mod) {
    let byStart = funcAtMemo.get(mod);
    if (!byStart) funcAtMemo.set(mod, (byStart = new Map()));
    if (byStart.has(h.range.start)) f = byStart.get(h.range.start);
    else byStart.set(h.range.start, (f = funcAtInBody(mod.body, h.range.start)));
  }
  return mod && f ? { mod, f } : undefined;
}
