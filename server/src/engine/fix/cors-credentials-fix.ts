/**
 * api-cors-wildcard-credentials' fix: stop allowing credentials where the '*' origin is sent as is.
 *
 * A browser refuses a credentialed cross-origin request whose response (or preflight response)
 * says `Access-Control-Allow-Origin: *` (https://fetch.spec.whatwg.org/#cors-check, "If request's
 * credentials mode is include and origin is `*`, return failure"), so where the configuration's
 * '*' reaches the browser literally, `allowCredentials: true` serves no working caller: setting it
 * to false changes no request that works today, and removes the trap of someone later switching
 * the origin to an echo. Offered only for the forms whose generated response is the literal '*':
 *
 * - serverless `http.cors` with `origin: '*'` or no origin at all (the framework's default '*'):
 *   the preflight's `Access-Control-Allow-Origin` is `'*'`. Not with `origins: [..., '*']`: there
 *   the framework writes a response template that echoes any caller's Origin with credentials
 *   (serverless v3, lib/plugins/aws/package/compile/events/api-gateway/lib/cors.js
 *   `generateCorsResponseTemplate`), so credentialed requests work today and only the user can say
 *   which origins they come from.
 * - SAM REST `Cors: {AllowOrigin: "'*'", AllowCredentials: true}`: SAM's OPTIONS mock returns the
 *   header value as written, and the SAM translator refuses the pair ("'AllowCredentials' can not be
 *   true when 'AllowOrigin' is \"'*'\" or not set", samtranslator/model/api/api_generator.py
 *   `_add_cors`), so there the fix makes the template deployable.
 *
 * HTTP APIs and function URLs apply CORS in the service (whose handling of '*' with credentials
 * the configuration does not show): no fix. Pure.
 */
import type { CorsInfo } from '../model/endpoints';
import type { ConfigModel } from '../model/types';
import type { Fix } from '../types';
import { getPair, isMap, isScalar } from '../yaml/ast';
import { DocEditor } from './yaml-edit';

export function corsCredentialsFix(model: ConfigModel, c: CorsInfo): Fix | undefined {
  if (!c.credentials || !c.wildcard || !isScalar(c.credentials) || !isMap(c.node)) return undefined;
  // serverless REST `http.cors` without an `origins` list (`origin: '*'` or the default), or SAM
  // REST `Cors` (`AllowOrigin`, where v2-style configurations have `AllowOrigins`).
  const slsRest = model.kind === 'serverless' && c.where.startsWith('functions.') && c.where.includes('.http.cors') && !getPair(c.node, 'origins');
  const samRest = model.kind === 'sam' && !!getPair(c.node, 'AllowOrigin') && !!getPair(c.node, 'AllowCredentials');
  if (!slsRest && !samRest) return undefined;
  const edit = new DocEditor(model.parsed).replaceScalar(c.credentials, false);
  return {
    title: samRest
      ? "Stop allowing credentials with the '*' origin (SAM refuses this pair at deploy, and browsers refuse credentialed requests to '*')"
      : "Stop allowing credentials with the '*' origin (browsers already refuse credentialed requests to '*', so no working caller changes)",
    isPreferred: true,
    changes: [{ file: model.file, edits: [edit] }],
  };
}
