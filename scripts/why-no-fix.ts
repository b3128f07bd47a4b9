/**
 * `node --import tsx scripts/why-no-fix.ts [DIR...]`: for the IAM findings at error/warning that
 * offer no fix other than suppression (real-world corpus by default), why the code-based fixes
 * (permissions/unused.ts) could not be built: the statement is a resource policy or attached to no
 * role of the file, the role is not only Lambda's (its trust's principals), a function's code is not
 * fully seen (roleUse's reason), or, with the code fully seen, which call's resource did not resolve.
 * Prints a count per rule and reason, and one example per class (WHY_VERBOSE=1: every finding of the
 * classes where the code is fully seen, and the unresolved call). Read-only; nothing is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../server/src/engine/create';
import { Engine } from '../server/src/engine/engine';
import { allRules } from '../rules/index';
import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { Project } from '../server/src/engine/project';
import { diskSource } from '../server/src/shell/disk';
import { TreeSitterCodeSupport } from '../server/src/engine/code-context';
import { analysableFiles } from '../test/helpers/fix-check';
import { roleUse, statementCodeUse } from '../server/src/engine/permissions/unused';
import { expandAction } from '../server/src/engine/iam/catalog';
import { literalText } from '../server/src/engine/iam/policy-analysis';
import type { ConfigModel, PolicyStatement, RoleModel } from '../server/src/engine/model/types';

const RULES = new Set(['iam-wildcard-resource', 'iam-service-wildcard-action', 'iam-admin-managed-policy', 'iam-privilege-escalation', 'iam-passrole-wildcard', 'iam-wildcard-action']);
const ROOT = path.resolve(__dirname, '..');

function principals(role: RoleModel): string {
  if (!role.trust) return role.functions.length ? 'lambda (framework role)' : 'no trust in file';
  const out = new Set<string>();
  for (const t of role.trust.statements) for (const e of t.principal?.entries ?? []) out.add(`${e.type}:${literalText(e.value) ?? '?'}`);
  return [...out].sort().join('+') || '?';
}

function roleReason(ctx: RuleContext, roleIds: readonly string[]): string | undefined {
  const model = ctx.model!;
  if (!roleIds.length) return 'attached to no role of the file';
  for (const id of roleIds) {
    const r = model.roles.find((x) => x.id === id);
    if (!r) return 'role not in model';
    if (r.external) return 'external role';
    if (!r.functions.length) return `role of no function (${principals(r)})`;
    const u = roleUse(model, r, ctx.links.handlers(), ctx.links, ctx.project, { inline: true });
    if (!u.ok) {
      const why = (u.reason ?? '?').replace(/function \S+/, 'function X').replace(/handler of \S+/, 'handler of X');
      return `code not fully seen: ${why.length > 90 ? why.slice(0, 90) + '…' : why}`;
    }
  }
  return undefined;
}

function statementAt(model: ConfigModel, start: number, end: number): PolicyStatement | undefined {
  let best: PolicyStatement | undefined;
  for (const d of model.documents) for (const st of d.statements) {
    if (st.node.range.start <= start && st.node.range.end >= end && (!best || st.node.range.end - st.node.range.start < best.node.range.end - best.node.range.start)) best = st;
  }
  return best;
}

function seenReason(ctx: RuleContext, st: PolicyStatement): string {
  const use = statementCodeUse(ctx.model!, st, ctx.links.handlers(), ctx.links, ctx.project);
  if (!use) return 'code seen (inline only?)';
  if (st.condition) return 'code seen; statement has a Condition';
  const granted = new Set((st.actions?.items ?? []).flatMap((v) => expandAction(literalText(v) ?? '')).map((a) => a.fullName));
  const calledHere = [...use.called].filter((a) => granted.has(a));
  const unresolved = calledHere.filter((a) => !use.resources(a));
  if (unresolved.length) {
    const site = use.sites.get(unresolved[0])?.[0];
    const c = site?.call as unknown as { resource?: unknown; resourceParam?: string; operation?: string };
    return `code seen; a call's resource unresolved (${c?.resource ? 'named' : 'no resource'}${process.env.WHY_VERBOSE ? ` ${unresolved[0]} ${JSON.stringify(c).slice(0, 300)}` : ''})`;
  }
  if (!calledHere.length) return 'code seen; calls none of the statement';
  return 'code seen; other';
}

/** Why statementsForCode (the admin-policy replacement) gives up on a role whose code is fully seen. */
function adminSeenReason(ctx: RuleContext, roleId: string): string {
  const model = ctx.model!;
  const role = model.roles.find((r) => r.id === roleId)!;
  const u = roleUse(model, role, ctx.links.handlers(), ctx.links, ctx.project, { inline: true });
  const extra = [...u.used].filter((a) => !u.called.has(a) && !u.platform.has(a) && !a.startsWith('logs:') && !a.startsWith('kms:') && !a.startsWith('xray:') && !a.startsWith('ec2:'));
  if (extra.length) return `code seen; AWS uses actions beyond the calls (${extra.slice(0, 3).join(', ')})`;
  if ([...u.called].some((a) => a.startsWith('kms:'))) return 'code seen; code calls KMS';
  const use = statementCodeUse(model, { doc: { kind: 'identity', roleIds: [roleId] } } as unknown as PolicyStatement, ctx.links.handlers(), ctx.links, ctx.project);
  const unresolved = use ? [...use.called].filter((a) => !use.resources(a)) : [];
  if (unresolved.length) return `code seen; a call's resource unresolved (${unresolved.slice(0, 2).join(', ')}${process.env.WHY_VERBOSE ? ' ' + JSON.stringify(use!.sites.get(unresolved[0])![0].call).slice(0, 400) : ''})`;
  return `code seen (${model.kind}, role ${roleId.startsWith('sam:') ? 'sam' : 'cfn'}; ${u.called.size} actions)`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const projects = path.join(ROOT, 'test', 'real-world', 'projects');
  const roots = args.length ? args.map((a) => path.resolve(a)) : fs.readdirSync(projects).sort().map((n) => path.join(projects, n));
  // Tree-sitter grammars (createEngine initialises them once per process).
  await createEngine();
  const counts = new Map<string, number>();
  const examples = new Map<string, string>();
  let contexts = new Map<string, RuleContext>();
  // A rule that only keeps each config's context (model, handler links, project) for the classification.
  const probe = defineRule({
    meta: { id: 'zz-probe', category: 'iam', severity: 'info', title: 'probe', docs: { summary: 'probe' }, appliesTo: ['serverless', 'sam', 'cfn'], messages: {} },
    check(ctx: RuleContext) {
      contexts.set(ctx.file, ctx);
    },
  } as unknown as Parameters<typeof defineRule>[0]);
  for (const root of roots) {
    const project = new Project(diskSource(4 * 1024 * 1024));
    const engine = new Engine(project, [...allRules, probe]);
    engine.codeSupport = new TreeSitterCodeSupport(engine);
    contexts = new Map();
    for (const file of analysableFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      const res = engine.analyze(file, text, { timeBudgetMs: 60_000 });
      const ctx = contexts.get(file);
      for (const f of res.findings) {
        if (!RULES.has(f.ruleId) || (f.severity !== 'error' && f.severity !== 'warning')) continue;
        if (f.fixes.some((x) => x.placeholder === undefined)) continue;
        let reason: string;
        if (!ctx?.model) reason = 'no model';
        else if (f.ruleId === 'iam-admin-managed-policy') {
          const ref = ctx.model.managedPolicies.find((m) => m.node.range.start <= f.range.start && m.node.range.end >= f.range.end);
          reason = ref ? roleReason(ctx, ref.roleIds) ?? adminSeenReason(ctx, ref.roleIds[0]) : 'not a managed policy reference (SAM Policies?)';
        } else {
          const st = statementAt(ctx.model, f.range.start, f.range.end);
          if (!st) reason = 'not in a statement (SAM policy template?)';
          else if (st.doc.kind !== 'identity') reason = `${st.doc.kind} policy`;
          else reason = roleReason(ctx, st.doc.roleIds) ?? seenReason(ctx, st);
        }
        const key = `${f.ruleId}\t${reason}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const at = `${path.relative(projects, file)}:${text.slice(0, f.range.start).split('\n').length}`;
        if (!examples.has(key)) examples.set(key, at);
        else if (process.env.WHY_VERBOSE && reason.startsWith('code seen')) examples.set(key, `${examples.get(key)}\n        ${at}`);
      }
    }
  }
  const rows = [...counts.entries()].sort((a, b) => a[0].split('\t')[0].localeCompare(b[0].split('\t')[0]) || b[1] - a[1]);
  for (const [k, n] of rows) console.log(`${String(n).padStart(4)}  ${k.replace('\t', '  ')}   e.g. ${examples.get(k)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
