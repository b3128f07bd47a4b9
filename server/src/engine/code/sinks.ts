/**
 * Sink checks: recording a finding when tainted data reaches a sink (`reportSink`, called by the
 * library models), and the response sinks of handlers and routes (HTML bodies → XSS, `Location`
 * headers → open redirect). The interpreter (engine.ts) calls these at calls and returns.
 */
import type { Ex } from './ir';
import type { SNode } from './syntax';
import { SINK_CWE, type CodeFix, type SinkKind, type TaintStep } from './types';
import type { Engine, Frame } from './engine';
import { rng } from './util';
import { BIT, type AV, flowsFor } from './values';
import { htmlEscapeFix, relativeRedirectFix } from './fixes-taint';

/** The value expression of `key` in an object literal (case-insensitive), or of the object a variable was built from. */
function propEx(x: Ex | null | undefined, key: string, av?: AV): Ex | undefined {
  // Chalice / Powertools `Response(body=…, headers=…)`: the keyword argument
  if (x && x.k === 'call') {
    const c = x.callee;
    if (!((c.k === 'name' && c.id === 'Response') || (c.k === 'member' && c.prop === 'Response'))) return undefined;
    return x.args.find((a) => !a.spread && a.name !== undefined && a.name.toLowerCase() === key)?.v ?? (key === 'body' && !x.args[0]?.name && !x.args[0]?.spread ? x.args[0]?.v : undefined);
  }
  const o = x && x.k === 'obj' ? x : x && x.k === 'name' && av?.bx?.k === 'obj' ? av.bx : undefined;
  if (!o || o.k !== 'obj') return undefined;
  const p = o.props.find((q) => !q.spread && q.key !== null && q.key.toLowerCase() === key);
  return p?.v;
}

/** Records a finding when `av` carries taint of this sink kind (one per sink and source label). */
export function reportSink(E: Engine, kind: SinkKind, av: AV | undefined, at: SNode, callee: string, fr: Frame, fix?: () => CodeFix | undefined): boolean {
  if (!av) return false;
  const bit = BIT[kind];
  let fl = flowsFor(av, bit);
  if (!fl.length) return false;
  if (kind === 'ssrf' || kind === 'open-redirect') {
    if (hostFixed(av.pre, kind)) return false;
  }
  if (kind === 'nosql') fl = fl.filter((f) => f.json || av.x?.nosqlString);
  if (!fl.length) return false;
  let reported = false;
  if (kind === 'command') reported = commandLineSsrf(E, av, at, callee, fr);
  for (const f of fl.slice(0, 3)) {
    // one finding per sink and source label (the same field read twice is one source)
    const key = `${fr.file.path}|${at.start}|${kind}|${f.src.label}|${f.src.file}`;
    if (E.findings.has(key)) continue;
    let fixV: CodeFix | undefined;
    try { fixV = fix?.(); } catch { fixV = undefined; }
    E.findings.set(key, {
      sinkKind: kind,
      sinkRange: rng(at),
      sinkFile: fr.file.path,
      sinkCallee: callee,
      source: { label: f.src.label, range: f.src.range, file: f.src.file, ...(f.src.stored ? { stored: f.src.stored } : {}), ...(f.src.objectBody ? { objectBody: true as const } : {}) },
      path: dedupeSteps(f.steps),
      cwe: SINK_CWE[kind],
      fix: fixV,
    });
    reported = true;
  }
  return reported;
}

// -------------------------------------------------------------------------------------------
// Responses (XSS / open redirect)

/** What a handler / route returns: HTML bodies and redirect locations. */
export function checkEntryReturn(E: Engine, v: AV, x: Ex | null, node: SNode, fr: Frame): void {
  if (fr.entry === 'lambda') {
    if (!E.triggers.some((t) => t === 'api' || t === 'alb')) return;
    checkLambdaResponse(E, v, x, node, fr);
  } else if (fr.entry === 'flask') checkFlaskReturn(E, v, x, node, fr);
  else if (fr.entry === 'chalice' || fr.entry === 'powertools') checkLambdaResponse(E, v, x, node, fr);
}

export function checkLambdaResponse(E: Engine, v: AV, x: Ex | null, node: SNode, fr: Frame): void {
  const headers = E.prop(v, 'headers', undefined, fr);
  const mvh = E.prop(v, 'multiValueHeaders', undefined, fr);
  const ct = headerValue(headers, 'content-type') ?? headerValue(mvh, 'content-type');
  const body = v.f?.get('body') ?? (v.fb ? E.prop(v.fb, 'body', undefined, fr) : undefined);
  const ctv = ct?.[0];
  const ctHtml = ctv && ctv.hasC && typeof ctv.c === 'string' && ctv.c.toLowerCase().includes('text/html');
  const ctHtmlList = ctv && ctv.el?.hasC && typeof ctv.el.c === 'string' && ctv.el.c.toLowerCase().includes('text/html');
  if ((ctHtml || ctHtmlList) && body) {
    const bodyEx = propEx(x, 'body', v);
    const built = bodyEx && bodyEx.k === 'name' ? body.bx : bodyEx;
    reportSink(E, 'xss', body, v.fnod?.get('body') ?? body.n ?? node, 'response.body (text/html)', fr, () => htmlEscapeFix(fr.file, built, (e) => (e.k === 'name' || e.k === 'member' ? flowsFor(E.ev(e, fr), BIT.xss).length > 0 : true)));
  }
  const loc = headerValue(headers, 'location') ?? headerValue(mvh, 'location');
  if (loc) {
    const sc = v.f?.get('statusCode');
    const is3xx = !sc || !sc.hasC || (typeof sc.c === 'number' && sc.c >= 300 && sc.c < 400);
    const lv = loc[0];
    const locEx = propEx(propEx(x, 'headers', v), 'location', headers);
    if (is3xx) reportSink(E, 'open-redirect', lv.el && !lv.t && !lv.src ? lv.el : lv, loc[1] ?? lv.n ?? node, 'response.headers.Location', fr, () => relativeRedirectFix(fr.file, locEx?.n));
  }
}

function checkFlaskReturn(E: Engine, v: AV, x: Ex | null, node: SNode, fr: Frame): void {
  if (v.x?.response) return;
  const body = v.it ? v.it[0] : v;
  if (!body || body.f || body.x?.response) return;
  // `return f"<h1>{name}</h1>"` / `return (html, 200)`: the body as written (or as built in its variable)
  const bodyEx = x && x.k === 'arr' && x.kind === 'tuple' ? x.items[0]?.v : x ?? undefined;
  const built = bodyEx && bodyEx.k === 'name' ? body.bx : bodyEx;
  reportSink(E, 'xss', body, node, 'flask response (text/html)', fr, () => htmlEscapeFix(fr.file, built, (e) => (e.k === 'name' || e.k === 'member' ? flowsFor(E.ev(e, fr), BIT.xss).length > 0 : true)));
}

function dedupeSteps(steps: TaintStep[]): TaintStep[] {
  const out: TaintStep[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.range.start === s.range.start && last.range.end === s.range.end && last.file === s.file) continue;
    out.push(s);
  }
  return out.slice(0, 16);
}

function headerValue(headers: AV | undefined, name: string): [AV, SNode | undefined] | undefined {
  if (!headers || !headers.f) return undefined;
  for (const [k, v] of headers.f) if (k.toLowerCase() === name) return [v, headers.fnod?.get(k)];
  return undefined;
}

/**
 * Does the untainted prefix of a URL pin the scheme and host (or make it a relative path)?
 * `pre` is the text before the first attacker-controlled part; '\0' stands for an untainted value
 * we cannot see (e.g. `process.env.API_URL`), assumed to be a base URL.
 */

export function hostFixed(pre: string | undefined, kind: SinkKind): boolean {
  if (pre === undefined || pre === '') return false;
  const schemeAt = pre.indexOf('://');
  if (schemeAt >= 0) {
    // `https://host/` fixes the host; `https://host` does not (`@evil.example`, `.evil.example`)
    const rest = pre.slice(schemeAt + 3);
    for (let i = 1; i < rest.length; i++) if (rest[i] === '/' || rest[i] === '?' || rest[i] === '#') return true;
    return false;
  }
  if (pre.startsWith('\0')) return true;
  if (pre.startsWith('/') && !pre.startsWith('//') && !pre.startsWith('/\\')) {
    // a bare `/` followed by attacker data can become `//evil.example`
    return pre.length >= 2 || kind === 'ssrf';
  }
  return false;
}

// -------------------------------------------------------------------------------------------
// curl / wget command lines: the URL argument is an SSRF sink as well as a command injection

/**
 * Programs whose operand is a URL they fetch, with the options that take a value (that value is
 * not the URL). Sources: curl(1) https://curl.se/docs/manpage.html, wget(1)
 * https://www.gnu.org/software/wget/manual/wget.html.
 */
export const URL_FETCH_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  curl: ['-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-o', '--output', '-u', '--user', '-X', '--request', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-F', '--form', '-T', '--upload-file', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-x', '--proxy', '--cacert', '--cert', '--key', '-K', '--config', '-r', '--range', '-z', '--time-cond', '--retry'],
  wget: ['-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '-P', '--directory-prefix', '-U', '--user-agent', '--header', '--post-data', '--post-file', '--body-data', '--method', '--user', '--password', '-T', '--timeout', '-t', '--tries', '-e', '--execute', '-i', '--input-file', '--referer', '--load-cookies', '--save-cookies'],
};

/** The program a command word names (`/usr/bin/curl` → `curl`). */
function programName(word: string): string {
  const i = word.lastIndexOf('/');
  return i >= 0 ? word.slice(i + 1) : word;
}

/**
 * Splits the constant text of a shell command line that precedes the attacker's part into words
 * (quotes respected): the complete words and the word the attacker's text continues.
 */
export function shellWordsBefore(pre: string): { words: string[]; open: string } {
  const words: string[] = [];
  let cur = '';
  let started = false;
  let quote = '';
  for (const ch of pre) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") { quote = ch; started = true; continue; }
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (started) words.push(cur);
      cur = '';
      started = false;
      continue;
    }
    cur += ch;
    started = true;
  }
  return { words, open: cur };
}

/** Is the operand that starts with `open` (after `words`) the URL curl/wget fetches? */
export function fetchedUrlOperand(words: readonly string[], open: string): boolean {
  if (!words.length) return false;
  const opts = URL_FETCH_PROGRAMS[programName(words[0])];
  if (!opts) return false;
  if (open.startsWith('-')) return false;
  const prev = words[words.length - 1];
  return words.length === 1 || !opts.includes(prev);
}

/** A curl/wget command line whose URL comes from the attacker: SSRF, besides the command injection. */
function commandLineSsrf(E: Engine, av: AV, at: SNode, callee: string, fr: Frame): boolean {
  if (av.pre === undefined || av.pre.includes('\0')) return false;
  const { words, open } = shellWordsBefore(av.pre);
  if (!fetchedUrlOperand(words, open)) return false;
  return reportSink(E, 'ssrf', { ...av, pre: open }, at, `${programName(words[0])} command line (${callee})`, fr);
}

/** The URL operands of a curl/wget argument list (`['curl', '-s', url]`): SSRF without a shell. */
export function argvSsrf(E: Engine, argv: readonly AV[], at: SNode, callee: string, fr: Frame): void {
  const words: string[] = [];
  for (const a of argv) {
    if (a.hasC && typeof a.c === 'string') { words.push(a.c); continue; }
    if (!words.length) return;
    const open = a.pre ?? '';
    if (open.includes('\0')) { words.push('\0'); continue; }
    if (fetchedUrlOperand(words, open)) reportSink(E, 'ssrf', { ...a, pre: open }, at, `${programName(words[0])} (${callee})`, fr);
    words.push('\0');
  }
}

// -------------------------------------------------------------------------------------------
// HTML bodies of e-mails (XSS in the recipient's mail client)

/**
 * Where the HTML part of an e-mail request sits, per sending API (the first key is a keyword
 * argument in boto3, a field of the request object in JS).
 */
export const EMAIL_HTML_PATHS: readonly { api: string; path: readonly string[]; source: string }[] = [
  { api: 'SES SendEmail', path: ['Message', 'Body', 'Html', 'Data'], source: 'https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html' },
  { api: 'SES v2 SendEmail', path: ['Content', 'Simple', 'Body', 'Html', 'Data'], source: 'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html' },
  { api: 'SES v2 SendEmail (simple)', path: ['Simple', 'Body', 'Html', 'Data'], source: 'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EmailContent.html' },
];

/** Reports HTML e-mail bodies built from attacker data; `top(key)` reads the request's first level. */
export function emailHtmlSinks(E: Engine, top: (key: string) => AV | undefined, at: SNode, callee: string, fr: Frame): void {
  for (const e of EMAIL_HTML_PATHS) {
    let v = top(e.path[0]);
    let node: SNode | undefined;
    for (const k of e.path.slice(1)) {
      if (!v) break;
      node = v.fnod?.get(k) ?? node;
      v = v.f?.get(k) ?? v.fb;
    }
    if (v) reportSink(E, 'xss', v, node ?? at, `${callee} (HTML e-mail body)`, fr);
  }
}

/**
 * Stored XSS through S3: a PutObject whose object is served as a web page — `ContentType`
 * `text/html` (or `application/xhtml+xml`), or a constant key ending in `.html`/`.htm` — with a
 * body built from input (JS v3 `PutObjectCommand`, v2 `putObject`/`upload`, boto3 `put_object`).
 */
export function storedHtmlSink(E: Engine, param: (key: string) => AV | undefined, at: SNode, callee: string, fr: Frame): void {
  const body = param('Body');
  if (!body) return;
  const str = (v: AV | undefined) => (v?.hasC && typeof v.c === 'string' ? v.c.toLowerCase() : undefined);
  const ct = str(param('ContentType'));
  const key = str(param('Key'));
  const html = ct !== undefined ? ct.includes('html') : key !== undefined && (key.endsWith('.html') || key.endsWith('.htm'));
  if (html) reportSink(E, 'xss', body, at, `${callee} (HTML object body)`, fr);
}
