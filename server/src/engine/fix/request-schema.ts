/**
 * The JSON Schema the `api-request-not-validated` fix writes, inferred from what the route's
 * handler reads of the parsed body (code/body-shape.ts): its properties with the types the code
 * shows, `required` only for properties read without a guard, and `additionalProperties: false`
 * only when every use of the body is a read of one of those properties. When nothing can be
 * inferred (no handler file, no parsed body), the schema only says "a JSON object" and carries a
 * placeholder description: it never rejects a body the handler would accept.
 */
import type { CodeContext } from '../code-context';
import { handlerFunction, moduleIROf } from '../code/handlers';
import { requestBodyShape, requestBodyUse, requestUse, type BodyShape, type BodyUse, type RequestUse } from '../code/body-shape';
import type { Endpoint } from '../model/endpoints';
import type { RuleContext } from '../rule';
import { get, stringValue } from '../yaml/ast';
import { resolverFor } from '../model/body-reach';
import { endpointHandlers } from '../model/endpoint-handlers';


/** What the endpoint's handler reads of the request body (undefined: handler not found or no parsed body). */
export function handlerBodyShape(ctx: RuleContext, e: Endpoint): BodyShape | undefined {
  if (!e.functionId) return undefined;
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const f = code ? handlerFunction(code.parsed, ref.exportName)?.f : undefined;
    if (!code || !f) continue;
    // the body's reads in the functions it is passed to count too (model/body-reach.ts)
    return requestBodyShape(f, code.text, code.lang === 'python', resolverFor(ctx, code), moduleIROf(code.parsed));
  }
  return undefined;
}

/**
 * The route's function gets API Gateway's proxy event (nothing but the request's fields): SAM `Api`
 * events, serverless `http` events without a non-proxy `integration`, CloudFormation Methods
 * linked to a function (only AWS_PROXY ones are, model/endpoints.ts).
 */
function proxyIntegration(e: Endpoint): boolean {
  if (e.source === 'sam' || e.source === 'cfn') return true;
  if (e.source !== 'serverless') return false;
  const i = stringValue(get(e.settings, 'integration'))?.toLowerCase();
  return i === undefined || i === 'lambda-proxy' || i === 'aws_proxy' || i === 'aws-proxy';
}

/**
 * How the endpoint's handler uses the request body (code/body-shape.ts `requestBodyUse`), over every
 * handler the function has in this config: `unknown` when a handler cannot be read.
 */
export function handlerBodyUse(ctx: RuleContext, e: Endpoint): BodyUse {
  if (!e.functionId) return 'unknown';
  let out: BodyUse | undefined;
  const order: Record<BodyUse, number> = { none: 0, binary: 1, read: 2, unknown: 3 };
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const hf = code ? handlerFunction(code.parsed, ref.exportName) : undefined;
    const use: BodyUse = hf ? requestBodyUse(hf.f, { module: hf.mod, proxy: proxyIntegration(e), echo: true }) : 'unknown';
    if (out === undefined || order[use] > order[out]) out = use;
  }
  return out ?? 'unknown';
}

/**
 * How the route's handler(s) use the request (code/body-shape.ts `requestUse`): `request` when any
 * handler reads it or cannot be read; `foreign` when one reads only another trigger's fields.
 */
export function handlerRequestUse(ctx: RuleContext, e: Endpoint): RequestUse {
  if (!e.functionId) return { kind: 'request' };
  let out: RequestUse | undefined;
  const order = { unused: 0, foreign: 1, request: 2 } as const;
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const f = code ? handlerFunction(code.parsed, ref.exportName)?.f : undefined;
    const use: RequestUse = f ? requestUse(f) : { kind: 'request' };
    if (out === undefined || order[use.kind] > order[out.kind]) out = use;
  }
  return out ?? { kind: 'request' };
}

export type JsonSchema = Record<string, unknown>;

/** The draft-04 schema (what API Gateway models use) of a request body. */
export function bodySchema(e: Endpoint, shape: BodyShape | undefined, withDialect = true): JsonSchema {
  const head: JsonSchema = withDialect ? { $schema: 'http://json-schema.org/draft-04/schema#' } : {};
  const title = `${e.label} request body`;
  if (shape?.items) {
    // a list body (issue 11: an object schema turned every valid batch into a 400)
    const it = shape.items;
    return {
      ...head,
      title,
      description: it.props.length
        ? `Inferred from the handler, which uses the body as a list and reads these properties of its items${it.closed ? ' (nothing else, so other properties are rejected)' : ''}. API Gateway answers 400 to a body that does not match.`
        : 'Inferred from the handler, which uses the body as a list; TODO: describe its items. API Gateway answers 400 to a body that is not a JSON array.',
      type: 'array',
      items: it.props.length ? objectSchema(it) : {},
    };
  }
  if (!shape || shape.props.length === 0) {
    return {
      ...head,
      title,
      description: 'TODO: list the properties the handler reads (and `required` for those it cannot do without). This placeholder only requires a JSON object: API Gateway rejects other bodies with 400.',
      type: 'object',
    };
  }
  return {
    ...head,
    title,
    description: shape.closed && shape.echoed
      ? 'Inferred from the properties the handler reads; it also echoes the body back in its response, so other properties are allowed. API Gateway answers 400 to a body that does not match.'
      : shape.closed
      ? 'Inferred from the properties the handler reads; it reads nothing else, so other properties are rejected. API Gateway answers 400 to a body that does not match.'
      : 'Inferred from the properties the handler reads; it also uses the body as a whole, so other properties are allowed. API Gateway answers 400 to a body that does not match.',
    // the body echoed back: the sender gets its other keys back, so they are not rejected
    ...objectSchema({ props: shape.props, closed: shape.closed && !shape.echoed }),
  };
}

/** An object with the properties read (typed where the code shows it), `required` ones, closed when nothing else is read. */
function objectSchema(shape: { props: BodyShape['props']; closed: boolean }): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const p of [...shape.props].sort((a, b) => a.name.localeCompare(b.name))) properties[p.name] = p.type ? { type: p.type } : {};
  const required = shape.props.filter((p) => p.required).map((p) => p.name).sort();
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: !shape.closed };
}

/** A CloudFormation/SAM name for the endpoint's model or validator (`CreateOrderPostRequest`), unique among `taken`. */
export function modelName(e: Endpoint, taken: (name: string) => boolean, suffix = 'Request'): string {
  // the function and method (`CreateOrderPostRequest`), or the Method resource's id (`CommentMethodPostRequest`)
  const subject = e.functionId ? `${e.functionId} ${(e.method ?? 'post').toLowerCase()}` : e.resource ? e.resource.id : `Api ${(e.method ?? 'post').toLowerCase()}`;
  const words = `${subject} ${suffix}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'RequestBody';
  let name = /^[A-Za-z]/.test(base) ? base : `M${base}`;
  for (let n = 2; taken(name) && n < 100; n++) name = `${base}${n}`;
  return name;
}
