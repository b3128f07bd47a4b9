/**
 * The order the engine runs rules in: cheapest and most important first, so a time budget that
 * cuts an analysis off cuts the expensive tail (taint, SDK-call resolution over linked handlers),
 * never the headline config rules (wildcard IAM, secrets in config). Rules not listed are config
 * rules over the already-built model (class 0). Within a class, the registry's order (by id) holds.
 *
 * One table, a source note per entry: the class is the kind of work the rule does on top of the
 * shared parse/model (measured with `npm run bench`'s "slowest rules" lines).
 */
export type CostClass = 0 | 1 | 2 | 3;

export const RULE_COST: Readonly<Record<string, { cost: CostClass; note: string }>> = {
  'secret-in-code': { cost: 1, note: 'walks the code tree for string literals (cached per statement)' },
  'injection-code-eval': { cost: 2, note: 'shared taint analysis of the handler (code/taint.ts), first one pays' },
  'injection-command': { cost: 2, note: 'shared taint analysis' },
  'injection-deserialization': { cost: 2, note: 'shared taint analysis' },
  'injection-dynamic-require': { cost: 2, note: 'shared taint analysis' },
  'injection-nosql': { cost: 2, note: 'shared taint analysis' },
  'injection-open-redirect': { cost: 2, note: 'shared taint analysis' },
  'injection-path-traversal': { cost: 2, note: 'shared taint analysis' },
  'injection-sql': { cost: 2, note: 'shared taint analysis' },
  'injection-ssrf': { cost: 2, note: 'shared taint analysis' },
  'injection-xss': { cost: 2, note: 'shared taint analysis' },
  'injection-xxe': { cost: 2, note: 'shared taint analysis' },
  'iam-missing-permission': { cost: 3, note: 'parses every linked handler and resolves its AWS SDK calls (permissions/)' },
  'iam-unused-permission': { cost: 3, note: 'same SDK-call resolution as iam-missing-permission' },
  'iam-shared-function-role': { cost: 3, note: "compares the services each sharing function's handler calls: the same SDK-call resolution, memoised and shared with the IAM rules" },
  'api-endpoint-no-authorizer': { cost: 3, note: "judges a public route by its handler's effects (model/route-effects.ts): the same SDK-call resolution, memoised and shared with the IAM rules" },
};

export function costOf(ruleId: string): CostClass {
  return RULE_COST[ruleId]?.cost ?? 0;
}

/** Rules in run order: by cost class, stable within a class. */
export function orderRules<T extends { meta: { id: string } }>(rules: readonly T[]): T[] {
  return rules
    .map((r, i) => ({ r, i, c: costOf(r.meta.id) }))
    .sort((a, b) => a.c - b.c || a.i - b.i)
    .map((x) => x.r);
}
