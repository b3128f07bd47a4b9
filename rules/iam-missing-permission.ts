import { defineRule, type RuleContext } from '../server/src/engine/rule';
import type { CodeContext } from '../server/src/engine/code-context';
import { roleText } from '../server/src/engine/model/query';
import { dirname } from '../server/src/engine/project';
import { missingPermissions, type MissingPermission } from '../server/src/engine/permissions/missing';
import { resolveResource } from '../server/src/engine/permissions/resources';
import { configModel, lineOf, relativePath } from '../server/src/engine/permissions/usage';
import type { ConfigModel } from '../server/src/engine/model/types';

/**
 * A handler calls an AWS API whose IAM action its execution role does not allow: the call fails
 * with AccessDenied at run time. The calls come from the handler code (AWS SDK v3/v2 for
 * JavaScript/TypeScript, boto3 for Python, including helpers in the same file and imported local
 * modules); the role's grants from every policy attached to it (wildcards matched through the IAM
 * catalogue, known AWS managed policies and SAM policy templates, unconditional Deny removes).
 *
 * Reported on the function in the config, and at each call site when the handler file is the one
 * being analysed. Never reported when the role cannot be read fully (external role, unknown
 * managed policy or SAM template, computed actions, `${file()}` statements).
 *
 * Fix: a statement scoped to the resource when the call names a resource of the template (through
 * an environment variable), else the action added to a statement that already targets that
 * service's resources; never `Resource: '*'`.
 */
export default defineRule({
  meta: {
    id: 'iam-missing-permission',
    category: 'iam',
    severity: 'warning',
    title: 'Handler calls an AWS action its role does not allow',
    docs: {
      summary: "The handler code calls an AWS API (e.g. PutItem) that the function's execution role does not allow, so the call fails with AccessDenied at run time; grant that one action, scoped to the resource it uses.",
      cwe: [285],
    },
    appliesTo: ['serverless', 'sam', 'cfn', 'javascript', 'typescript', 'python'],
    fixable: true,
  },
  check(ctx) {
    if (ctx.model) checkConfig(ctx, ctx.model);
    else if (ctx.code) checkCode(ctx, ctx.code as CodeContext);
  },
});

function describeCall(m: MissingPermission, fromDir: string, text: (file: string) => string | undefined): string {
  const c = m.calls[0];
  const more = m.calls.length > 1 ? ` (and ${m.calls.length - 1} more call${m.calls.length > 2 ? 's' : ''})` : '';
  const on = m.resolved ? ` on ${m.resolved.label}` : '';
  return `${c.name} at ${relativePath(fromDir, c.file)}:${lineOf(text(c.file), c.range.start)}${on}${more}`;
}

function checkConfig(ctx: RuleContext, model: ConfigModel): void {
  const handlers = ctx.links.handlers();
  if (!handlers.length) return;
  const found = missingPermissions(model, ctx.file, handlers, ctx.links, ctx.project);
  const dir = dirname(ctx.file);
  const text = (f: string) => ctx.project.readFile(f);
  for (const m of found) {
    const c = m.calls[0];
    ctx.report({
      range: m.fn.keyNode.range,
      message:
        `Function ${m.fn.id} calls ${m.action} (${describeCall(m, dir, text)}), but ${roleText(model, [m.role.id])} ${m.denied ? 'denies it with a Deny statement' : 'does not allow it'}: ` +
        `the call fails with AccessDenied at run time. ${m.denied ? 'Remove the call or narrow the Deny' : `Grant ${m.action}${m.resolved?.resource ? ` on ${m.resolved.resource.id}` : ' on the resource it uses'}`}.`,
      fixes: m.fix ? [m.fix] : [],
      related: [{ file: c.file, range: c.range, message: `${c.name} needs ${m.action}` }],
    });
  }
}

function checkCode(ctx: RuleContext, code: CodeContext): void {
  if (!code.parsed.root) return;
  const refs = code.handlers();
  const seen = new Set<string>();
  for (const ref of refs) {
    const model = configModel(ctx.project, ref.configFile);
    if (!model) continue;
    const found = missingPermissions(model, ref.configFile, [ref], ctx.links, ctx.project, ref.fnId);
    const cfgRel = relativePath(dirname(ctx.file), ref.configFile);
    for (const m of found) {
      for (const c of m.calls) {
        if (c.file !== ctx.file) continue;
        const key = `${c.range.start}:${m.action}:${ref.configFile}:${m.fn.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const r = resolveResource(model, m.fn, c);
        const on = r ? ` on ${r.label}` : '';
        ctx.report({
          range: c.range,
          message:
            `${c.name} needs ${m.action}${on}, but the role of function ${m.fn.id} (${cfgRel}) ${m.denied ? 'denies it with a Deny statement' : 'does not allow it'}: ` +
            `this call fails with AccessDenied at run time.${m.denied ? '' : ` Grant ${m.action} to the role.`}`,
          fixes: m.fix ? [m.fix] : [],
          related: [{ file: ref.configFile, range: m.fn.keyNode.range, message: `function ${m.fn.id}` }],
        });
      }
    }
  }
}
