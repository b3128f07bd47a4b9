/**
 * AWS SDK calls in handler code, found by walking the syntax tree (`SNode`s from tree-sitter; no
 * regular expressions over source): JavaScript/TypeScript SDK v3 (commands, aggregated clients,
 * lib-dynamodb, paginators, lib-storage `Upload`), SDK v2 (`new AWS.S3().getObject()`,
 * `DocumentClient`), and Python boto3 (clients, resources and their sub-resources such as
 * `Table(...)`), each mapped to the IAM actions it needs.
 *
 * A small flow-insensitive value analysis per module binds names (per function scope) to what they
 * hold: an SDK module or class, a client of some service, a boto3 resource, a local function, an
 * environment variable, a string. Calls in helper functions, in relatively imported files (and, for
 * Python, sibling modules) are followed up to a bounded depth. Client values passed to local
 * functions flow into their parameters; returned clients flow to callers.
 *
 * Two views per handler: `reachable` — calls reachable from the handler export (its body, the
 * functions and classes it refers to, module initialisation code), for "the handler needs this";
 * `all` — every call of every module involved, for "nothing uses this". `unknown` lists what cannot
 * be resolved statically (`client[op]()`, `boto3.client(name)`, a client handed to a library,
 * a library known to call AWS itself, an import that cannot be read): then nothing can be called
 * unused.
 *
 * This file is the entry to the per-module analysis, split by concern:
 * - `sdk-module.ts`: `Mod`, one module's state — scopes, bindings, value evaluation;
 * - `sdk-receivers.ts`: what a construction or call produces (clients, boto3 resources and
 *   sessions) and which clients carry explicit credentials (`data/sdk-credentials.ts`);
 * - `sdk-bind.ts`: the binding pass; `sdk-units.ts`: units, init code, exports;
 * - `sdk-call-forms.ts`: the JS v2/v3 and boto3 call forms → `SdkCall`s and `UnknownUse`s;
 * - `sdk-index.ts` (node index), `sdk-types.ts` (public types), `sdk-values.ts` (the values),
 *   `sdk-syntax.ts` (tree helpers), `sdk-clients.ts` (which SDK a module member is: JS v2/v3
 *   client detection, boto3 factories);
 * - `services.ts` + `data/operation-actions.ts` (operation → IAM action);
 * - `handler-calls.ts` (module graph, binding to a fixpoint, reachability, entry point).
 */
export { Mod } from './sdk-module';
export { nodeAtRange } from './sdk-syntax';
