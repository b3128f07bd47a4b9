/**
 * Where an API route's request body goes in its handler, for the severity of
 * `api-request-not-validated`: a missing body schema matters when the unvalidated body reaches
 * something (a sink of the taint engine, or the body used as a whole: stored, spread or passed on,
 * so the caller picks its keys), and is hygiene when the handler only picks named fields into
 * fixed places (a schema then gives cleaner 400s but protects nothing).
 *
 * Built from the engine's own analyses, nothing new walked here:
 * - the body's shape as the handler reads it (code/body-shape.ts `requestBodyShape`: its named
 *   properties, and `closed` when every use of the body is a read of one of them);
 * - the modules the handler's code calls (model/route-effects.ts `handlerSinkModule`): named fields
 *   handed to code that imports a database driver or runs commands may be spliced into a query
 *   the taint analysis cannot follow (a promise chain, a `.bind`), so they still count;
 * - the taint flows of the handler file (injection.ts `handlerTaintFlows`, the injection rules'
 *   analysis: SQL, NoSQL, commands, eval, file paths, outbound URLs, deserializers…) whose source
 *   is the request body.
 *
 * Pure: reads code through the run's links.
 */
import type { CodeContext } from '../code-context';
import { findHandler, handlerFunction, moduleIROf } from '../code/handlers';
import { requestBodyShape, type BodyCallResolver } from '../code/body-shape';
import type { FuncIR } from '../code/ir';
import { dirname, joinPath } from '../project';
import type { SinkKind, TaintFinding } from '../code/types';
import { handlerTaintFlows } from '../injection';
import { analyzeTaintDetailed } from '../code/taint';
import { resolveRelativeImport } from '../code-context';
import type { ValidationSite } from '../code/engine';
import { flowsOf, type SourceRef } from '../code/values';
import type { RuleContext } from '../rule';
import type { RelatedLocation } from '../types';
import type { Endpoint } from './endpoints';
import { endpointHandlers, lineOf } from './endpoint-handlers';
import { handlerSinkModule } from './route-effects';
import { handlerCalls } from '../permissions/usage';
import { get, stringValue } from '../yaml/ast';
import { subTemplate } from './cfn';
import { serviceOfUri } from './integrations';

export type BodyReach =
  /** A body field reaches a sink of the taint engine. */
  | { kind: 'sink'; field: string; sink: SinkKind; callee: string; file: string; line: number; location: RelatedLocation }
  /** The parsed body is used as a whole (stored, spread, iterated, passed on): the caller chooses its keys. */
  | { kind: 'whole' }
  /** Only named properties are read, but the handler's code talks to a database or runs commands the taint analysis cannot follow (route-effects.ts `handlerSinkModule`). */
  | { kind: 'module'; fields: string[]; what: string; file: string; line: number; location: RelatedLocation }
  /** Only named properties are read, and none reaches a sink. */
  | { kind: 'named'; fields: string[] }
  /**
   * The handler validates the parsed body with a schema library (a validator call, a guard on
   * one, a pydantic model built from it, a validating middleware) and no body field reaches a sink
   * after it: validated in code, whatever it then does with the value.
   */
  | { kind: 'validated'; validator: string; file: string; line: number; location: RelatedLocation }
  /**
   * The route invokes a Lambda function whose handler is not in the project for this analysis: in
   * another language, a container image, inline code, or a function of another template (a Lambda
   * integration URI): what it does with the body cannot be told.
   */
  | { kind: 'unread'; why: string }
  /** The handler is read, but the body is read in a way the shape analysis does not follow. */
  | { kind: 'unknown' }
  /**
   * The body is validated by a schema library before use (`bodyValidation`) and no field reaches a
   * sink: validated, in code instead of API Gateway (issue 12 class 1: not reported).
   */
  | { kind: 'schema'; validator: string }
  /**
   * Only named fields are read and the handler hands them to a Cognito user-pool authentication
   * call (`InitiateAuth`, `SignUp`…): a log-in / sign-up form whose fields Cognito checks itself
   * (issue 12 class 4: not reported).
   */
  | { kind: 'identity'; operation: string }
  /**
   * The raw body string, never parsed, is only forwarded as a message or object body, or the parsed
   * body is only echoed back to its sender (code/body-shape.ts `opaque`, `echoOnly`): nothing for a
   * JSON schema to pin.
   */
  | { kind: 'opaque' };

/** Event fields that are the request body (code/body-shape.ts BODY_FIELDS), as segments of a taint source label. */
const BODY_SEGMENTS = new Set(['body', 'json_body', 'decoded_body', 'raw_body', 'rawBody']);

function fromBodySource(src: SourceRef): boolean {
  if (src.stored || src.objectBody) return false;
  return src.label.split(/[^A-Za-z0-9_]+/).some((s) => BODY_SEGMENTS.has(s));
}

function fromBody(f: TaintFinding): boolean {
  return fromBodySource(f.source);
}

/** A top-level function of a module by name (`def f` / `function f` / `const f = () => …`). */
function topFunction(code: CodeContext, name: string): FuncIR | undefined {
  const mod = moduleIROf(code.parsed);
  for (const st of mod?.body ?? []) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'func' && d.f.name === name) return d.f;
    if (d.k === 'assign' && d.p.k === 'pname' && d.p.id === name && d.v.k === 'fn') return d.v.f;
  }
  return undefined;
}

/**
 * Resolves a call the parsed body is passed to: a function of the same module (`helper(body)`), or
 * of a local module it imports (`dal.create_order(event, body)` with `import dal` next to the
 * handler, `import { save } from './db'`).
 */
export function resolverFor(ctx: RuleContext, code: CodeContext): BodyCallResolver {
  const moduleOf = (local: string): { code: CodeContext; name?: string } | undefined => {
    const mod = moduleIROf(code.parsed);
    for (const st of mod?.body ?? []) {
      if (st.k !== 'import') continue;
      const n = st.names.find((x) => x.local === local);
      if (!n) continue;
      let path = code.resolveImport(st.source)?.path;
      if (!path && code.lang === 'python' && !st.relative) {
        const cand = joinPath(dirname(code.path), st.source.split('.').join('/') + '.py');
        if (ctx.project.readFile(cand) !== undefined) path = cand;
      }
      const other = path ? (ctx.links.code(path) as CodeContext | undefined) : undefined;
      if (!other || !other.parsed.root) return undefined;
      // the module itself (`import * as db`, `import db from`, Python `import dal`), or one of its functions
      const whole = n.imported === '*' || n.imported === 'default' || (code.lang === 'python' && n.imported === st.source);
      return { code: other, ...(whole ? {} : { name: n.imported }) };
    }
    return undefined;
  };
  return (callee, index) => {
    let target: { code: CodeContext; f: FuncIR } | undefined;
    if (callee.k === 'name') {
      const f = topFunction(code, callee.id);
      if (f) target = { code, f };
      else {
        const m = moduleOf(callee.id);
        const f2 = m?.name ? topFunction(m.code, m.name) : undefined;
        if (m && f2) target = { code: m.code, f: f2 };
      }
    } else if (callee.k === 'member' && callee.prop && callee.obj.k === 'name') {
      const m = moduleOf(callee.obj.id);
      const f = m && !m.name ? topFunction(m.code, callee.prop) : undefined;
      if (m && f) target = { code: m.code, f };
    }
    const param = target?.f.params[index]?.name;
    if (!target || !param) return undefined;
    return { f: target.f, text: target.code.text, py: target.code.lang === 'python', param };
  };
}

const RANK: Record<BodyReach['kind'], number> = { identity: -3, opaque: -2, schema: -1, named: 0, validated: 1, unread: 2, module: 3, whole: 4, unknown: 5, sink: 6 };

const MAX_VALIDATOR_TEXT = 60;

/**
 * The first place where handler `ref` applies a schema to its request body, found by running the
 * taint engine on the handler with `onValidate` (code/engine.ts): the engine's own models of
 * schema libraries decide what validates (code/models.ts, code/guards.ts, code/schema.ts: zod,
 * Joi, yup, ajv, class-validator, superstruct, valibot, pydantic, marshmallow, jsonschema,
 * cerberus, Powertools validation and parser, middy validator). Memoised per file and export.
 */
export function bodyValidation(ctx: RuleContext, code: CodeContext, exportName: string): Extract<BodyReach, { kind: 'validated' }> | undefined {
  return code.memo(`body-validation:${exportName}`, () => {
    const triggers = [...new Set(code.handlers().filter((r) => r.exportName === exportName).flatMap((r) => r.triggers))].sort();
    let site: ValidationSite | undefined;
    analyzeTaintDetailed({
      path: code.path,
      text: code.text,
      lang: code.lang,
      tree: code.parsed,
      triggers: triggers.length ? triggers : ['api'],
      exportName,
      resolveImport: (from, spec) => (from === code.path ? code.resolveImport(spec) : resolveRelativeImport(ctx.project, from, spec)),
      onValidate: (at, input) => {
        if (site) return;
        if (input === 'event' || flowsOf(input).some((f) => fromBodySource(f.src))) site = at;
      },
    });
    if (!site) return undefined;
    const text = site.file === code.path ? code.text : (ctx.project.readFile(site.file) ?? '');
    const raw = text.slice(site.callee.start, site.callee.end).replace(/\s+/g, ' ');
    const validator = raw.length > MAX_VALIDATOR_TEXT ? raw.slice(0, MAX_VALIDATOR_TEXT) + '…' : raw;
    return { kind: 'validated' as const, validator, file: site.file, line: lineOf(text, site.range.start), location: { file: site.file, range: site.range, message: 'the request body is validated here' } };
  });
}

/**
 * The integration of a route with no function in this config, from its integration settings
 * (OpenAPI `x-amazon-apigateway-integration`, CloudFormation `Integration`): `lambda` when it is
 * a Lambda proxy or its URI invokes a Lambda function (`arn:aws:apigateway:…:lambda:path/…/functions/…`,
 * API Gateway REST API reference, `Integration.uri`); undefined for service, HTTP and mock
 * integrations and when nothing says.
 */
function lambdaIntegration(e: Endpoint): boolean {
  const integ = e.source === 'openapi' ? get(e.settings, 'x-amazon-apigateway-integration') : e.source === 'cfn' ? get(e.resource?.properties, 'Integration') : undefined;
  if (!integ) return false;
  const type = stringValue(get(integ, 'type') ?? get(integ, 'Type'))?.toUpperCase();
  if (type === 'AWS_PROXY') return true;
  const uriNode = get(integ, 'uri') ?? get(integ, 'Uri');
  const uri = stringValue(uriNode) ?? subTemplate(uriNode);
  return type === 'AWS' && !!uri && serviceOfUri(uri)?.service === 'lambda';
}

/**
 * Cognito user-pool operations that authenticate or enrol a user from what the caller sends
 * (Amazon Cognito user pools API reference): the user pool checks the username, password and
 * attributes itself (password policy, required attributes, formats) and answers with its errors.
 */
const COGNITO_AUTH_OPERATIONS = new Set([
  'InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge', 'SignUp', 'ConfirmSignUp',
  'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword', 'ChangePassword', 'GlobalSignOut', 'RevokeToken',
]);

/** The first Cognito authentication operation a handler of the route calls (`COGNITO_AUTH_OPERATIONS`). */
function cognitoAuthCall(ctx: RuleContext, e: Endpoint): string | undefined {
  const model = ctx.model;
  const fn = model && e.functionId ? model.functions.find((f) => f.id === e.functionId) : undefined;
  if (!model || !fn) return undefined;
  for (const ref of endpointHandlers(ctx, e)) {
    const calls = handlerCalls(ref, model, fn, ctx.links, ctx.project);
    const c = calls?.reachable.find((x) => x.service === 'cognito-idp' && COGNITO_AUTH_OPERATIONS.has(x.operation));
    if (c) return c.operation;
  }
  return undefined;
}

/** Why the handler of function `id` is not read, for messages. */
function unreadWhy(ctx: RuleContext, id: string): string {
  const fn = ctx.model?.functions.find((f) => f.id === id);
  if (fn?.inlineCode) return `the handler of function ${id} is inline code, which is not read for this`;
  if (fn?.runtime && !/^(nodejs|python)/.test(fn.runtime)) return `function ${id} runs ${fn.runtime}`;
  return `no JavaScript, TypeScript or Python handler file of function ${id} is in the project`;
}

/** The validation of every handler of the route (the first one's, to name it), or undefined when one does not validate. */
function validatedHandlers(ctx: RuleContext, e: Endpoint): Extract<BodyReach, { kind: 'validated' }> | undefined {
  let first: Extract<BodyReach, { kind: 'validated' }> | undefined;
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const v = code?.parsed.root ? bodyValidation(ctx, code, ref.exportName) : undefined;
    if (!v) return undefined;
    first ??= v;
  }
  return first;
}

/** What the endpoint's handler(s) do with the request body; the most serious over every handler the function has in this config. */
export function handlerBodyReach(ctx: RuleContext, e: Endpoint): BodyReach {
  if (!e.functionId) return lambdaIntegration(e) ? { kind: 'unread', why: 'its Lambda integration invokes a function defined elsewhere' } : { kind: 'unknown' };
  if (endpointHandlers(ctx, e).length === 0) return { kind: 'unread', why: unreadWhy(ctx, e.functionId) };
  let out: BodyReach | undefined;
  const worse = (r: BodyReach) => { if (!out || RANK[r.kind] > RANK[out.kind]) out = r; };
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const h = code?.parsed.root ? findHandler(code.parsed, ref.exportName) : undefined;
    const f = code ? handlerFunction(code.parsed, ref.exportName)?.f : undefined;
    if (!code || !h || !f) { worse({ kind: 'unknown' }); continue; }
    // a flow from the body to a sink, read in this handler (or in the modules it calls)
    const others = code.handlers().filter((r) => r.exportName !== ref.exportName).length > 0;
    const flow = handlerTaintFlows(code).find((t) => fromBody(t) && (t.source.file !== code.path || !others || (t.source.range.start >= h.range.start && t.source.range.end <= h.range.end)));
    if (flow) {
      const text = flow.sinkFile === code.path ? code.text : (ctx.project.readFile(flow.sinkFile) ?? '');
      const line = lineOf(text, flow.sinkRange.start);
      worse({ kind: 'sink', field: flow.source.label, sink: flow.sinkKind, callee: flow.sinkCallee, file: flow.sinkFile, line, location: { file: flow.sinkFile, range: flow.sinkRange, message: `the request body reaches ${flow.sinkCallee} here` } });
      continue;
    }
    const read = requestBodyShape(f, code.text, code.lang === 'python', resolverFor(ctx, code), moduleIROf(code.parsed));
    if (read?.opaque || read?.echoOnly) { worse({ kind: 'opaque' }); continue; }
    // a list body is judged by what the handler does with each item (named fields, or items stored whole)
    const shape = read?.items ?? read;
    // validated by a schema library before use (and no field reaches a sink after it): validated in
    // code, not reported; named fields only are info anyway (checked below when they go into code
    // with a database driver)
    const validated = !shape || !shape.closed ? bodyValidation(ctx, code, ref.exportName) : undefined;
    if (validated) worse({ kind: 'schema', validator: validated.validator });
    else if (read?.check && !shape?.closed) {
      // the handler's own validation function (`validateOrder(body)`): what it checks is not known, info
      const line = lineOf(code.text, read.check.start);
      worse({ kind: 'validated', validator: read.check.callee, file: code.path, line, location: { file: code.path, range: { start: read.check.start, end: read.check.end }, message: 'the request body is checked here' } });
    } else if (!shape) worse({ kind: 'unknown' });
    else if (!shape.closed) worse({ kind: 'whole' });
    else worse({ kind: 'named', fields: shape.props.map((p) => p.name) });
  }
  const r = out ?? { kind: 'unknown' as const };
  if (r.kind === 'named') {
    // named fields of a log-in / sign-up form, handed to Cognito's own authentication API
    const auth = cognitoAuthCall(ctx, e);
    if (auth) return { kind: 'identity', operation: auth };
    // named fields, but into code that queries a database or runs commands the flows do not reach
    const m = handlerSinkModule(ctx, e);
    if (m && m.location) {
      // the named fields are validated by a schema before they go there
      const validated = validatedHandlers(ctx, e);
      if (validated) return { kind: 'schema', validator: validated.validator };
    }
    if (m && m.location) return { kind: 'module', fields: r.fields, what: m.what ?? 'runs commands', file: m.location.file, line: m.line ?? 1, location: m.location };
  }
  return r;
}
