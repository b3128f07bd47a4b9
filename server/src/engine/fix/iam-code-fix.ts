/**
 * Quick fixes of the IAM rules that rest on what the handler code calls (permissions/unused.ts):
 * when every function of a statement's roles is fully analysed, a finding on an action entry
 * (`iam:PassRole` on '*', `iam:PutRolePolicy`, `Action: '*'`) is fixed by iam-unused-permission's
 * "Narrow to what the code uses" — offered only when the narrowed statement no longer grants what
 * the finding is about (the code never calls it) and the narrowing needs no placeholder. Pure.
 */
import type { RuleContext } from '../rule';
import type { Fix } from '../types';
import type { PolicyStatement } from '../model/types';
import { unusedPermissions, type UnusedItem } from '../permissions/unused';

/**
 * Per check run: the unused-permission items of the file's config (computed on first use, only when
 * a finding may get the fix), and the narrowing fix of one action entry.
 */
export function codeNarrowing(ctx: RuleContext): (node: object, keeps: (used: readonly string[]) => boolean) => Fix | undefined {
  const all = unusedItems(ctx);
  return (node, keeps) => {
    const it = all().find((x) => x.value.node === node);
    if (!it?.fix || it.fix.placeholder) return undefined;
    // The code (or AWS on its behalf) still needs what the finding is about: narrowing cannot remove it.
    if (keeps(it.used)) return undefined;
    return it.fix;
  };
}

function unusedItems(ctx: RuleContext): () => UnusedItem[] {
  let items: UnusedItem[] | undefined;
  return () => {
    if (!items) {
      const handlers = ctx.model ? ctx.links.handlers() : [];
      items = handlers.length ? unusedPermissions(ctx.model!, handlers, ctx.links, ctx.project) : [];
    }
    return items;
  };
}

/**
 * The narrowing of a whole statement, when every one of its action entries is partly or wholly
 * unused and what the code uses of them all passes `allowed` (e.g. actions that need no ARN, for a
 * finding about `Resource: '*'`); a statement the code uses nothing of is removed.
 */
export function statementNarrowing(ctx: RuleContext): (st: PolicyStatement, allowed: (action: string) => boolean) => Fix | undefined {
  const all = unusedItems(ctx);
  return (st, allowed) => {
    const values = st.actions?.items ?? [];
    if (!values.length || st.notActions) return undefined;
    const items = all().filter((x) => x.statement.node === st.node);
    if (items.length !== values.length || !values.every((v) => items.some((x) => x.value.node === v.node))) return undefined;
    const fix = items[0].fix;
    if (!fix || fix.placeholder || !items.every((x) => x.used.every(allowed))) return undefined;
    return fix;
  };
}
