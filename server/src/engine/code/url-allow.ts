/**
 * URL host facts for SSRF and open redirect:
 *
 * - Host allowlists on a parsed URL: `new URL(x)` / `url.parse(x)` / `urlparse(x)` whose
 *   `.hostname` / `.host` / `.netloc` / `.origin` equals a constant, is a member of a constant
 *   collection (`ALLOWED.includes(u.hostname)`, `u.hostname in ALLOWED_HOSTS`), or ends with a
 *   constant that starts with a dot (`u.hostname.endsWith('.example.com')`). The URL (and the string
 *   it was parsed from) is safe for SSRF / open redirect where the check holds.
 * - Subdomain labels: a value validated as one DNS label placed before a constant `.domain`
 *   (`https://${tenant}.example.com/`) picks a subdomain of that domain.
 * - Path-only URLs: a URL whose scheme and host come from constants or the deployer (environment
 *   variables such as `AWS_LAMBDA_RUNTIME_API`) followed by an attacker value that always starts
 *   with `/` (a request path, or a value checked with `startsWith('/')`) reaches only that host: not
 *   SSRF. Such findings are not reported (the deployer fixed the host; what the path selects on it
 *   is the application's business, like any other parameter).
 *
 * - Suffix rewrites: `url.replace(/\.\w+$/, '.png')` (a pattern anchored at the end that cannot
 *   match `/`) changes only what follows the last `/`, so a constant scheme + host stays constant.
 *
 * Weak checks prove nothing: a substring test (`url.includes('example.com')`,
 * `'http' in url`), a suffix without the dot (`endsWith('example.com')` admits `evilexample.com`),
 * a prefix without the path slash (`startsWith('https://example.com')` admits
 * `https://example.com.evil.example`).
 */
import type { Ex } from './ir';
import type { Engine, Frame } from './engine';
import { BIT, type AV, type Fact, clearKinds, flowsFor, flowsOf, isTainted } from './values';
import { HOST_LABEL, analyseRegex } from './regex-class';
import type { SrcRootKind } from './values';

/** Parts of a parsed URL that name its host. */
export const URL_HOST_PARTS: ReadonlySet<string> = new Set(['hostname', 'host', 'origin', 'netloc']);

/** `u.hostname` constrained → the URL (and the string it was parsed from) is safe for SSRF / open redirect. */
export function urlPartFacts(E: Engine, e: Ex, other: AV, fr: Frame, membership = false): Fact[] | undefined {
  if (e.k !== 'member' || !e.prop || !URL_HOST_PARTS.has(e.prop)) return undefined;
  if (!membership && !(other.hasC && !isTainted(other))) return undefined;
  if (membership && (isTainted(other) || other.src)) return undefined;
  const base = E.ev(e.obj, fr);
  if (base.inst !== 'URL') return undefined;
  const mask = BIT.ssrf | BIT['open-redirect'];
  const facts: Fact[] = [];
  const k = E.keyOf(e.obj);
  if (k) facts.push({ key: k, av: clearKinds(base, mask) });
  if (base.from) facts.push({ key: base.from, av: clearKinds(E.evKey(base.from, fr), mask) });
  return facts;
}

/** `u.hostname.endsWith('.example.com')`: only subdomains of a fixed domain. */
export function hostSuffixFacts(E: Engine, recvEx: Ex, suffix: AV, fr: Frame): Fact[] | undefined {
  if (!suffix.hasC || typeof suffix.c !== 'string' || !suffix.c.startsWith('.') || suffix.c.length < 3) return undefined;
  if (recvEx.k !== 'member' || (recvEx.prop !== 'hostname' && recvEx.prop !== 'netloc' && recvEx.prop !== 'host')) return undefined;
  return urlPartFacts(E, recvEx, suffix, fr);
}

/**
 * Request fields that always start with `/` (the path of the request line, as the framework or
 * API Gateway hands it over). One row per source; `path` is the field path below the root.
 */
export const LEADING_SLASH_SOURCES: readonly { root: SrcRootKind; path: readonly string[]; source: string }[] = [
  { root: 'flask', path: ['path'], source: 'werkzeug Request.path: "Requested path, ... always starts with /" https://werkzeug.palletsprojects.com/en/stable/wrappers/#werkzeug.wrappers.Request.path' },
  { root: 'flask', path: ['full_path'], source: 'werkzeug Request.full_path: path + "?" + query https://werkzeug.palletsprojects.com/en/stable/wrappers/#werkzeug.wrappers.Request.full_path' },
  { root: 'express', path: ['path'], source: 'Express req.path: the path part of the request URL https://expressjs.com/en/api.html#req.path' },
  { root: 'event', path: ['rawPath'], source: 'HTTP API payload 2.0 rawPath https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html' },
  { root: 'event', path: ['path'], source: 'REST API / ALB proxy event path https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format' },
  { root: 'powertools', path: ['path'], source: 'Powertools BaseProxyEvent.path (the event path)' },
  { root: 'powertools', path: ['raw_path'], source: 'Powertools APIGatewayProxyEventV2.raw_path' },
  { root: 'chalice', path: ['path'], source: 'Chalice Request.path https://aws.github.io/chalice/api.html#Request.path' },
];

/**
 * Request fields that name the request's own host: the `Host` header (any case) and the framework
 * properties read from it. For an open redirect they are not the attacker's: the victim's browser
 * sends the Host of the URL it was asked to open, so `https://${host}/…` sends it back to the same
 * site (an http→https upgrade). API Gateway, Lambda function URLs and CloudFront also route by that
 * host. The attacker who sends a request himself does choose it, so SSRF keeps it tainted (except
 * on host-routed triggers, sources.ts HOST_ROUTED_TRIGGERS). `X-Forwarded-Host` is not listed.
 * One row per source; `path` is the field path below the root (`host` matched in any case).
 */
export const OWN_HOST_SOURCES: readonly { root: SrcRootKind; path: readonly string[]; source: string }[] = [
  { root: 'event', path: ['headers', 'host'], source: 'API Gateway / ALB / function URL proxy event headers (RFC 9110 §7.2 Host: the authority of the target URI)' },
  { root: 'event', path: ['multiValueHeaders', 'host'], source: 'REST API / ALB multi-value headers, same header' },
  { root: 'express', path: ['headers', 'host'], source: 'Node IncomingMessage.headers.host (also req.get/req.header("host")) https://nodejs.org/api/http.html#messageheaders' },
  { root: 'express', path: ['hostname'], source: 'Express req.hostname: from the Host header https://expressjs.com/en/api.html#req.hostname' },
  { root: 'express', path: ['host'], source: 'Express 5 req.host: from the Host header https://expressjs.com/en/5x/api.html#req.host' },
  { root: 'flask', path: ['host'], source: 'werkzeug Request.host: "the host name the request was made to" https://werkzeug.palletsprojects.com/en/stable/wrappers/#werkzeug.wrappers.Request.host' },
  { root: 'flask', path: ['headers', 'host'], source: 'werkzeug Request.headers (Host)' },
  { root: 'chalice', path: ['headers', 'host'], source: 'Chalice Request.headers (Host) https://aws.github.io/chalice/api.html#Request.headers' },
  { root: 'powertools', path: ['headers', 'host'], source: 'Powertools BaseProxyEvent.headers (Host)' },
];

/** Is this source path the request's own host (OWN_HOST_SOURCES)? */
export function isOwnHostSource(root: SrcRootKind, path: readonly string[]): boolean {
  const last = path.length - 1;
  return OWN_HOST_SOURCES.some((r) => r.root === root && r.path.length === path.length && r.path.every((p, i) => (i === last && p === 'host' ? path[i].toLowerCase() === 'host' : p === path[i])));
}

/**
 * Request fields holding the request-target as the victim's browser sends it: origin-form, a path
 * that starts with `/` (RFC 9112 §3.2.1). After `scheme://` and the request's own host they cannot
 * move the redirect to another host. One row per source.
 */
export const REQUEST_TARGET_SOURCES: readonly { root: SrcRootKind; path: readonly string[]; source: string }[] = [
  { root: 'express', path: ['url'], source: 'Node IncomingMessage.url: the request-target of the request line https://nodejs.org/api/http.html#messageurl' },
  { root: 'express', path: ['originalUrl'], source: 'Express req.originalUrl: req.url before routing https://expressjs.com/en/api.html#req.originalUrl' },
];

/**
 * The value names the request's own host (every flow it carries comes from OWN_HOST_SOURCES,
 * so none is open-redirect taint): one read of it, or either of two (`headers.Host ||
 * headers.host`, a join keeps one read and the other's flows). A string built from it (`pre` set)
 * is not: `host + '.evil.example'` moves the authority.
 */
export function isOwnHost(av: AV): boolean {
  const src = av.src;
  if (av.pre !== undefined || (!src && !av.t?.length)) return false;
  if (src && !isOwnHostSource(src.root.kind, src.path)) return false;
  return (av.t ?? []).every((f) => f.src.ownHost === true);
}

/** After `scheme://` + the request's own host: does this part end the authority (a path, query or fragment)? */
export function endsAuthority(part: { av?: AV; s?: string }): boolean {
  const s = part.s ?? (part.av?.hasC && typeof part.av.c === 'string' ? part.av.c : undefined);
  if (s !== undefined) return s.startsWith('/') || s.startsWith('?') || s.startsWith('#');
  const av = part.av;
  if (!av) return false;
  if (startsWithSlash(av)) return true;
  const src = av.src;
  return !!src && !av.t?.length && REQUEST_TARGET_SOURCES.some((r) => r.root === src.root.kind && r.path.length === src.path.length && r.path.every((p, i) => p === src.path[i]));
}

/** `scheme://`: a constant prefix that is exactly a URL scheme and `://` (`https://`, `http://`). */
export function isSchemeOnly(prefix: string): boolean {
  const at = prefix.indexOf('://');
  if (at <= 0 || at + 3 !== prefix.length) return false;
  for (let i = 0; i < at; i++) {
    const c = prefix.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (i > 0 && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46));
    if (!ok) return false;
  }
  return true;
}

/** Does this (tainted) value always start with `/`? */
export function startsWithSlash(av: AV): boolean {
  const marks = av.x?.marks as string[] | undefined;
  if (marks?.some((m) => m.startsWith('sw:/'))) return true;
  const src = av.src;
  if (!src || av.t?.length) return false;
  // a Lambda event is an API Gateway / ALB request only when the config says so (a direct invoke can send any `path`)
  if (src.root.kind === 'event' && (!src.root.triggers.length || !src.root.triggers.every((t) => t === 'api' || t === 'alb'))) return false;
  return LEADING_SLASH_SOURCES.some((r) => r.root === src.root.kind && r.path.length === src.path.length && r.path.every((p, i) => p === src.path[i]));
}

/**
 * A value validated as one DNS label (`/^[a-z0-9-]+$/`) followed by constant text `.domain`: it
 * picks a subdomain of that domain, not the host (`https://${tenant}.example.com/`). Returns the
 * value with SSRF / open redirect cleared, or undefined.
 */
export function hostLabelPart(av: AV, next: string | undefined): AV | undefined {
  if (next === undefined || next.length < 2 || next[0] !== '.') return undefined;
  const c = next.charCodeAt(1);
  if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return undefined;
  if (!flowsOf(av).length || flowsFor(av, HOST_LABEL).length) return undefined;
  return clearKinds(av, BIT.ssrf | BIT['open-redirect']);
}

/**
 * The untainted prefix of `recv.replace(re, …)` when the pattern only rewrites the last path segment:
 * a pattern anchored at the string end (not multiline) that cannot consume `/` matches a suffix
 * with no `/`, so everything up to the last `/` is kept. Otherwise undefined (the prefix is lost).
 */
export function suffixReplacePre(pre: string | undefined, re: { pattern: string; flags: string } | undefined, dialect: 'js' | 'py'): string | undefined {
  if (pre === undefined || !re) return undefined;
  const info = analyseRegex(re.pattern, re.flags, dialect);
  if (!info || !info.endAnchored || info.multiline || info.chars.ascii[47]) return undefined;
  const cut = pre.lastIndexOf('/');
  return cut < 0 ? undefined : pre.slice(0, cut + 1);
}
