/**
 * Skip metadata of other infrastructure-as-code scanners, honoured as a documented suppression of
 * our equivalent rule on the same resource: a team that already wrote down why a check does not
 * apply (`this API is intentionally public`) should not be asked again by us.
 *
 * - Checkov, resource `Metadata: checkov: skip: [{id: CKV_AWS_59, comment: …}]` and the comment
 *   form `# checkov:skip=CKV_AWS_59:<reason>` inside the resource (Checkov docs, "Suppressing and
 *   Skipping Policies", CloudFormation: https://www.checkov.io/2.Basics/Suppressing%20and%20Skipping%20Policies.html).
 * - cfn_nag, resource `Metadata: cfn_nag: rules_to_suppress: [{id: W59, reason: …}]`
 *   (cfn_nag README, "Per-Resource Rule Suppression": https://github.com/stelligent/cfn_nag#per-resource-rule-suppression).
 * - cfn-lint, resource `Metadata: cfn-lint: config: ignore_checks: [...]` (cfn-lint README,
 *   "Metadata"): read the same way, though cfn-lint has no check equivalent to one of ours today,
 *   so the table below has no cfn-lint entry.
 *
 * A skip covers every line of the resource it sits in (where Checkov and cfn_nag report). Only the
 * check ids of `SKIP_EQUIVALENTS` count: a skip of another check says nothing about our rules.
 * Pure: reads the parsed model and comments.
 */
import type { ConfigModel } from './model/types';
import type { Suppression } from './suppress';
import type { LineIndex } from './text';
import type { Span } from './types';
import { get, isMap, isScalar, isSeq, stringValue, type YNode } from './yaml/ast';

export type SkipTool = 'checkov' | 'cfn_nag' | 'cfn-lint';

/** Another tool's check that reports what one of our rules reports, on the same resource. */
export interface SkipEquivalent {
  tool: SkipTool;
  id: string;
  rules: readonly string[];
  /** Where the check is described. */
  source: string;
}

export const SKIP_EQUIVALENTS: readonly SkipEquivalent[] = [
  // "Ensure there is no open access to back-end resources through API" (AWS::ApiGateway::Method AuthorizationType NONE).
  { tool: 'checkov', id: 'CKV_AWS_59', rules: ['api-endpoint-no-authorizer'], source: 'checkov/cloudformation/checks/resource/aws/APIGatewayAuthorization.py' },
  // "Ensure API GatewayV2 routes specify an authorization type".
  { tool: 'checkov', id: 'CKV_AWS_309', rules: ['api-endpoint-no-authorizer'], source: 'checkov/cloudformation/checks/resource/aws/APIGatewayV2RouteDefinesAuthorizationType.py' },
  // "Ensure that Lambda function URLs AuthType is not None".
  { tool: 'checkov', id: 'CKV_AWS_258', rules: ['function-url-public'], source: 'checkov/cloudformation/checks/resource/aws/LambdaFunctionURLAuth.py' },
  // "AWS::ApiGateway::Method should not have AuthorizationType set to 'NONE' unless it is of HttpMethod: OPTIONS."
  { tool: 'cfn_nag', id: 'W59', rules: ['api-endpoint-no-authorizer'], source: 'cfn_nag lib/cfn-nag/custom_rules/ApiGatewayMethodAuthorizationTypeRule.rb' },
];

const TOOL_LABEL: Record<SkipTool, string> = { checkov: 'Checkov skip', cfn_nag: 'cfn_nag suppression', 'cfn-lint': 'cfn-lint ignore_checks' };

function equivalent(tool: SkipTool, id: string): SkipEquivalent | undefined {
  const up = id.trim().toUpperCase();
  return SKIP_EQUIVALENTS.find((s) => s.tool === tool && s.id === up);
}

/** The ids (with their reasons) a resource's `Metadata` skips, per tool. */
function metadataSkips(metadata: YNode | null | undefined): { tool: SkipTool; id: string; reason?: string; node: YNode }[] {
  const out: { tool: SkipTool; id: string; reason?: string; node: YNode }[] = [];
  if (!isMap(metadata)) return out;
  const list = (tool: SkipTool, seq: YNode | null | undefined, reasonKey: string) => {
    if (!isSeq(seq)) return;
    for (const item of seq.items) {
      if (isScalar(item)) { const id = stringValue(item); if (id) out.push({ tool, id, node: item }); continue; }
      const id = stringValue(get(item, 'id'));
      if (id) out.push({ tool, id, reason: stringValue(get(item, reasonKey))?.trim() || undefined, node: item });
    }
  };
  list('checkov', get(get(metadata, 'checkov'), 'skip'), 'comment');
  list('cfn_nag', get(get(metadata, 'cfn_nag'), 'rules_to_suppress'), 'reason');
  list('cfn-lint', get(get(get(metadata, 'cfn-lint'), 'config'), 'ignore_checks'), 'reason');
  return out;
}

/** `checkov:skip=CKV_AWS_59:reason` in a comment's text. */
function commentSkip(text: string): { id: string; reason?: string } | undefined {
  const t = text.trim();
  const at = t.indexOf('checkov:skip=');
  if (at < 0) return undefined;
  const rest = t.slice(at + 'checkov:skip='.length);
  const colon = rest.indexOf(':');
  const id = (colon < 0 ? rest : rest.slice(0, colon)).trim().split(/\s/)[0];
  const reason = colon < 0 ? undefined : rest.slice(colon + 1).trim() || undefined;
  return id ? { id, reason } : undefined;
}

/**
 * Suppressions from other tools' skip metadata on the resources of a config, each covering the
 * lines of its resource (`line` … `lastLine`).
 */
export function toolSkipSuppressions(model: ConfigModel | undefined, comments: readonly { text: string; range: Span }[], lines: LineIndex): Suppression[] {
  if (!model) return [];
  const out: Suppression[] = [];
  const add = (res: { node: { range: Span }; keyNode: { range: Span } }, tool: SkipTool, id: string, reason: string | undefined, range: Span) => {
    const eq = equivalent(tool, id);
    if (!eq) return;
    const line = lines.positionAt(res.keyNode.range.start).line;
    const lastLine = lines.positionAt(Math.max(res.node.range.end - 1, res.keyNode.range.start)).line;
    out.push({ ruleIds: [...eq.rules], reason: `${TOOL_LABEL[tool]} ${eq.id}${reason ? `: ${reason}` : ''}`, line, lastLine, ownLine: false, range });
  };
  for (const r of model.resources) {
    for (const s of metadataSkips(get(r.node, 'Metadata'))) add(r, s.tool, s.id, s.reason, s.node.range);
  }
  for (const c of comments) {
    if (!c.text.includes('checkov:skip=')) continue;
    const s = commentSkip(c.text);
    if (!s) continue;
    // The comment's resource: the one whose key or body holds it.
    const r = model.resources.find((x) => c.range.start >= x.keyNode.range.start && c.range.start <= x.node.range.end);
    if (r) add(r, 'checkov', s.id, s.reason, c.range);
  }
  return out;
}
