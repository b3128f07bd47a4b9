import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { SERVICE_TABLE, bodyServiceTemplates, serviceTemplates, type ServiceTemplate } from '../server/src/engine/model/integrations';
import { externalOpenApis } from '../server/src/engine/model/openapi-files';
import { unsafeSplices } from '../server/src/engine/model/vtl';
import type { Span, YScalar } from '../server/src/engine/yaml/ast';

/**
 * API Gateway service integrations (DynamoDB, SQS, SES, Step Functions) build the service request
 * with a VTL mapping template: there is no Lambda in between, the template is the code. Request
 * data spliced into it without `$util.escapeJavaScript` (JSON requests) or `$util.urlEncode`
 * (form-encoded requests) lets the caller break out of the value and add or replace fields of the
 * request. Reported at the reference, in the template's own line.
 */
const rule = defineRule({
  meta: {
    id: 'injection-mapping-template',
    category: 'injection',
    severity: 'warning',
    title: 'Request data spliced unescaped into a service integration template',
    docs: {
      summary: 'An API Gateway mapping template of a DynamoDB/SQS/SES/Step Functions integration outputs request data ($input.body, $input.json, $input.path, $input.params) without $util.escapeJavaScript or $util.urlEncode, so the caller can rewrite the service request.',
      cwe: [74, 116],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      unescaped:
        '`{{origin}}` is spliced into the {{service}} request{{action}} built by the mapping template of {{where}} without `{{escape}}` ({{note}}). There is no Lambda in between to validate it: wrap the value in `{{escape}}(…)` and validate the body with a request validator.',
      wrap: 'Wrap in {{escape}}(…)',
      unescapedFile:
        '{{count}} request values ({{list}}) are spliced without `$util.escapeJavaScript` / `$util.urlEncode` into the {{services}} requests built by the mapping templates of the OpenAPI file `{{file}}`: there is no Lambda in between, so the caller can add or replace fields of those requests. Wrap each value (see the related locations) and validate the body with a request validator.',
    },
  },
  check(ctx) {
    const message = (t: ServiceTemplate, origin: string) => {
      const info = SERVICE_TABLE[t.service];
      return ruleMessage(rule.meta, 'unescaped', { origin, service: info.label, action: t.action ? ` (${t.action})` : '', where: t.where, escape: escapeOf(t), note: info.note });
    };
    for (const t of serviceTemplates(ctx.model!)) {
      const escape = escapeOf(t);
      const value = String(t.template.value);
      for (const s of unsafeSplices(value)) {
        const mapped = sourceRange(ctx.text, t.template, value, s.start, s.end);
        const ref = value.slice(s.start, s.end);
        const fixes = mapped?.exact
          ? [{ title: ruleMessage(rule.meta, 'wrap', { escape }), isPreferred: true, changes: [{ file: ctx.file, edits: [{ range: mapped.range, newText: `${escape}(${ref})` }] }] }]
          : [];
        ctx.report({ range: mapped?.range ?? t.template.range, message: message(t, s.origin), fixes });
      }
    }
    // Templates in an OpenAPI file the template points to (DefinitionUri, AWS::Include): reported
    // at the reference, the spliced value as related information.
    for (const x of externalOpenApis(ctx.model!, ctx.project)) {
      const name = x.path.slice(x.path.lastIndexOf('/') + 1);
      const found: { t: ServiceTemplate; origin: string; range: Span }[] = [];
      for (const t of bodyServiceTemplates(x.body, `the OpenAPI file \`${name}\``)) {
        const value = String(t.template.value);
        for (const s of unsafeSplices(value)) found.push({ t, origin: s.origin, range: sourceRange(x.text, t.template, value, s.start, s.end)?.range ?? t.template.range });
      }
      if (found.length === 0) continue;
      const related = found.map((f) => ({ file: x.path, range: f.range, message: `\`${f.origin}\` is spliced here (${SERVICE_TABLE[f.t.service].label}${f.t.action ? ` ${f.t.action}` : ''})` }));
      const services = [...new Set(found.map((f) => SERVICE_TABLE[f.t.service].label))].join('/');
      const list = found
        .slice(0, 4)
        .map((f) => `\`${f.origin}\``)
        .join(', ');
      const text =
        found.length === 1
          ? message(found[0].t, found[0].origin)
          : ruleMessage(rule.meta, 'unescapedFile', { count: String(found.length), services, file: name, list: found.length > 4 ? `${list}, …` : list });
      ctx.report({ range: x.refNode.range, message: text, related });
    }
  },
});

function escapeOf(t: ServiceTemplate): string {
  return SERVICE_TABLE[t.service].form ? '$util.urlEncode' : '$util.escapeJavaScript';
}

export default rule;

/**
 * The source range of value offsets [start, end) of a template scalar: exact for literal block
 * scalars (`|`) and for quoted/plain scalars written without escapes; otherwise the one place the
 * reference's text occurs in the scalar's source; otherwise undefined (the whole scalar is reported).
 */
function sourceRange(text: string, node: YScalar, value: string, start: number, end: number): { range: Span; exact: boolean } | undefined {
  const src = text.slice(node.range.start, node.range.end);
  const want = value.slice(start, end);
  const check = (off: number) => (text.slice(off, off + want.length) === want ? { range: { start: off, end: off + want.length }, exact: true } : undefined);
  if (node.block && src[0] === '|') {
    const header = src.indexOf('\n');
    if (header < 0) return undefined;
    let line = 0;
    for (let i = value.indexOf('\n'); i >= 0 && i < start; i = value.indexOf('\n', i + 1)) line++;
    const col = start - (value.lastIndexOf('\n', start - 1) + 1);
    let pos = node.range.start + header + 1;
    let indent = -1;
    for (let k = 0; pos < node.range.end; k++) {
      const nl = text.indexOf('\n', pos);
      const lineEnd = nl < 0 ? text.length : nl;
      const lineText = text.slice(pos, lineEnd);
      if (indent < 0 && lineText.trim() !== '') indent = lineText.length - lineText.trimStart().length;
      if (k === line) return indent < 0 ? undefined : check(pos + indent + col);
      pos = lineEnd + 1;
    }
    return undefined;
  }
  if (!node.block) {
    const q = node.quoted ? 1 : 0;
    const inner = src.slice(q, src.length - q);
    if (inner === value) return check(node.range.start + q + start);
  }
  const first = src.indexOf(want);
  if (first >= 0 && src.indexOf(want, first + 1) < 0) return { range: { start: node.range.start + first, end: node.range.start + first + want.length }, exact: false };
  return undefined;
}
