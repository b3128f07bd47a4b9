/**
 * Shared queries over the model, so rules stay short and never re-walk the YAML themselves.
 */
import type { ConfigModel, FunctionModel, PolicyDocument, PolicyKind, PolicyStatement, RoleModel, StrValue } from './types';

/** Every statement of the given policy kinds, in document order. */
export function statements(model: ConfigModel, kinds: readonly PolicyKind[] = ['identity']): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const d of model.documents) if (kinds.includes(d.kind)) out.push(...d.statements);
  return out;
}

export function allowStatements(model: ConfigModel, kinds: readonly PolicyKind[] = ['identity']): PolicyStatement[] {
  return statements(model, kinds).filter((s) => s.effect === 'Allow');
}

export function isStar(v: StrValue | undefined): boolean {
  return !!v && v.kind === 'literal' && v.text === '*';
}

export function hasStar(values: readonly StrValue[] | undefined): boolean {
  return !!values && values.some(isStar);
}

export function roleOf(model: ConfigModel, fn: FunctionModel): RoleModel | undefined {
  return fn.roleId ? model.roles.find((r) => r.id === fn.roleId) : undefined;
}

/** Names of the functions whose role carries this document ("used by functions a, b"). */
export function functionsUsing(model: ConfigModel, doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const r of model.roles) if (doc.roleIds.includes(r.id)) out.push(...r.functions);
  return [...new Set(out)];
}

/** "in provider.iam.role.statements (used by functions a, b)" */
export function whereText(model: ConfigModel, doc: PolicyDocument): string {
  const fns = functionsUsing(model, doc);
  const used = fns.length === 0 ? '' : fns.length <= 3 ? ` (used by ${fns.join(', ')})` : ` (used by ${fns.length} functions)`;
  return `${doc.where}${used}`;
}

/** The literal text of a value, for messages: `'*'`, `s3:*`; intrinsics as `(intrinsic)`. */
export function show(v: StrValue): string {
  if (v.kind === 'literal') return v.resolvedFrom ? `${v.text} (via ${String((v.node as { value?: unknown }).value)})` : String(v.text);
  return v.kind === 'variable' ? String(v.text) : '(computed value)';
}
