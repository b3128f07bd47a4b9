/**
 * iam-passrole-wildcard's fix for a CodePipeline service role: CodePipeline passes a role only to
 * the actions that name one — a CloudFormation deploy action's `Configuration.RoleArn` — so
 * `iam:PassRole` on every role becomes `iam:PassRole` on exactly the roles the template's pipelines
 * name there (a statement granting other actions too keeps them; iam:PassRole moves to a statement
 * of its own). Offered only when the statement names iam:PassRole once, the role is trusted by
 * codepipeline.amazonaws.com only and used by pipelines only, and every action of those pipelines
 * is of a kind whose role passing is known (PIPELINE_ACTIONS). Pure.
 */
import { literalText } from '../iam/policy-analysis';
import { mentionsLogicalId, referencedLogicalId } from '../model/cfn';
import type { ConfigModel, PolicyStatement, ResourceModel, StrValue } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { asList, get, intrinsicName, isMap, isSeq, stringValue, type YNode, type YSeq } from '../yaml/ast';
import { DocEditor, verbatim, type EditValue } from './yaml-edit';
import { addStatement, removeSeqItem, setActions, statementMap } from '../permissions/edits';
import { actionPatternMatches, expandAction } from '../iam/catalog';

/**
 * CodePipeline action kinds (category / provider) and whether CodePipeline passes a role for them.
 * Data: one entry per kind, with its source.
 */
export const PIPELINE_ACTIONS: readonly { category: string; provider?: string; passes?: 'Configuration.RoleArn'; needs: readonly string[]; source: string }[] = [
  {
    category: 'Source',
    provider: 'CodeCommit',
    needs: ['codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:GetRepository', 'codecommit:UploadArchive', 'codecommit:GetUploadArchiveStatus', 'codecommit:CancelUploadArchive'],
    source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role (CodeCommit source; no role is passed)',
  },
  { category: 'Source', provider: 'CodeStarSourceConnection', needs: ['codestar-connections:UseConnection', 'codeconnections:UseConnection'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html' },
  { category: 'Source', provider: 'GitHub', needs: [], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-GitHub.html (OAuth token; the artifact store only)' },
  { category: 'Source', provider: 'S3', needs: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetBucketVersioning'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html' },
  { category: 'Source', provider: 'ECR', needs: ['ecr:DescribeImages'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html' },
  {
    category: 'Build',
    provider: 'CodeBuild',
    needs: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:BatchGetBuildBatches', 'codebuild:StartBuildBatch'],
    source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html (the project runs with its own service role)',
  },
  { category: 'Test', provider: 'CodeBuild', needs: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:BatchGetBuildBatches', 'codebuild:StartBuildBatch'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html' },
  { category: 'Approval', provider: 'Manual', needs: ['sns:Publish'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-service-role-permissions.html' },
  { category: 'Invoke', provider: 'Lambda', needs: ['lambda:InvokeFunction', 'lambda:ListFunctions'], source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Lambda.html (the function has its own role)' },
  {
    category: 'Invoke',
    provider: 'StepFunctions',
    needs: ['states:StartExecution', 'states:DescribeStateMachine', 'states:DescribeExecution'],
    source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StepFunctions.html (the state machine has its own role)',
  },
  {
    category: 'Deploy',
    provider: 'CloudFormation',
    passes: 'Configuration.RoleArn',
    needs: [
      'cloudformation:CreateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:UpdateStack', 'cloudformation:CreateChangeSet',
      'cloudformation:DeleteChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:SetStackPolicy', 'cloudformation:ValidateTemplate', 'iam:PassRole',
    ],
    source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html (RoleArn: the service role CloudFormation uses, passed with iam:PassRole)',
  },
];

/** What every pipeline does with its role on its S3 artifact store (and the store's KMS key). */
export const ARTIFACT_STORE_ACTIONS: { needs: readonly string[]; source: string } = {
  needs: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation', 's3:PutObject', 's3:PutObjectAcl', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:DescribeKey'],
  source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role (default service role policy: artifact bucket and its key)',
};

/** `!GetAtt Role.Arn` of a role in the template, or a literal role ARN without wildcards. */
function passedRole(model: ConfigModel, n: YNode | null | undefined): EditValue | undefined {
  if (n == null) return undefined;
  if (intrinsicName(n) === 'Fn::GetAtt') {
    const id = referencedLogicalId(n);
    const r = id ? model.resources.find((x) => x.id === id && x.type === 'AWS::IAM::Role') : undefined;
    return r ? verbatim(`!GetAtt ${r.id}.Arn`, { 'Fn::GetAtt': [r.id, 'Arn'] }) : undefined;
  }
  const t = intrinsicName(n) ? undefined : stringValue(n);
  return t && t.startsWith('arn:') && t.includes(':role/') && !t.includes('*') && !t.includes('?') && !t.includes('${') ? t : undefined;
}

/**
 * The pipelines of a role only CodePipeline can use, and what they do with it (the actions their
 * kinds need, the roles their CloudFormation actions pass); undefined when that is not fully known.
 */
function pipelineUse(model: ConfigModel, roleId: string): { needs: Set<string>; roles: EditValue[]; names: string[] } | undefined {
  if (model.kind === 'serverless') return undefined;
  const role = model.roles.find((r) => r.id === roleId);
  if (!role || role.external || role.functions.length) return undefined;
  // Trusted by CodePipeline only.
  const principals = (role.trust?.statements ?? []).flatMap((t) => (t.effect === 'Allow' ? t.principal?.entries ?? [] : []));
  if (!principals.length || !principals.every((e) => e.type === 'Service' && literalText(e.value) === 'codepipeline.amazonaws.com')) return undefined;
  if ((role.trust?.statements ?? []).some((t) => t.effect === 'Allow' && (t.notPrincipal || !t.principal))) return undefined;
  // Only CodePipeline can use the role (its trust); the pipelines that do are this template's: the
  // role has no fixed name and no exported Output another stack could import. (Bucket or key
  // policies naming the role only grant it access.)
  const roleRes = model.resources.find((r) => r.id === role.id && r.type === 'AWS::IAM::Role');
  if (!roleRes || get(roleRes.properties, 'RoleName') != null) return undefined;
  const outputs = get(model.root, 'Outputs');
  if (isMap(outputs) && outputs.entries.some((o) => get(o.value, 'Export') != null && mentionsLogicalId(o.value, role.id))) return undefined;
  const pipelines: ResourceModel[] = [];
  for (const r of model.resources) {
    if (r.type !== 'AWS::CodePipeline::Pipeline') continue;
    if (referencedLogicalId(get(r.properties, 'RoleArn')) === role.id) pipelines.push(r);
    else if (mentionsLogicalId(r.node, role.id)) return undefined;
  }
  if (!pipelines.length) return undefined;
  // Every action of a known kind; the roles CloudFormation actions pass.
  const roles: EditValue[] = [];
  const keys = new Set<string>();
  const needs = new Set<string>(ARTIFACT_STORE_ACTIONS.needs);
  for (const p of pipelines) {
    const stages = asList(get(p.properties, 'Stages'));
    if (!stages.length) return undefined;
    for (const stage of stages) {
      const acts = asList(get(stage, 'Actions'));
      if (!acts.length) return undefined;
      for (const a of acts) {
        if (!isMap(a)) return undefined;
        const type = get(a, 'ActionTypeId');
        const category = stringValue(get(type, 'Category'));
        const provider = stringValue(get(type, 'Provider'));
        const owner = stringValue(get(type, 'Owner'));
        const kind = PIPELINE_ACTIONS.find((k) => k.category === category && k.provider === provider);
        if (!kind || owner !== (provider === 'GitHub' ? 'ThirdParty' : 'AWS')) return undefined;
        for (const n of kind.needs) needs.add(n);
        if (!kind.passes) continue;
        const arn = get(get(a, 'Configuration'), 'RoleArn');
        if (arn == null) continue; // e.g. running a change set: it keeps the role it was created with
        const v = passedRole(model, arn);
        if (v === undefined) return undefined;
        const k = JSON.stringify(typeof v === 'string' ? v : (v as { yaml: string }).yaml);
        if (!keys.has(k)) {
          keys.add(k);
          roles.push(v);
        }
      }
    }
  }
  const names = [...keys].map((k) => JSON.parse(k) as string).map((t) => (t.startsWith('!GetAtt ') ? t.slice(8, -4) : t));
  return { needs, roles, names };
}

export function pipelinePassRoleFix(model: ConfigModel, st: PolicyStatement): Fix | undefined {
  if (st.doc.kind !== 'identity' || st.doc.roleIds.length !== 1 || st.condition || st.notResources) return undefined;
  const actions = (st.actions?.items ?? []).map((v) => literalText(v));
  const pass = actions.filter((a) => a?.toLowerCase() === 'iam:passrole').length;
  // iam:PassRole named once, every other entry literal (they stay where they are).
  if (pass !== 1 || actions.some((a) => a === undefined)) return undefined;
  const use = pipelineUse(model, st.doc.roleIds[0]);
  if (!use || !use.roles.length) return undefined;
  const { roles, names } = use;
  const map = statementMap(st);
  if (!map || !st.resources) return undefined;
  const ed = new DocEditor(model.parsed);
  const edits: TextEdit[] = [];
  const resource = roles.length === 1 ? roles[0] : roles;
  if (actions.length === 1) {
    const edit = ed.replaceValue(map, String(st.resources.key.value), resource);
    if (!edit) return undefined;
    edits.push(edit);
  } else {
    // The other actions keep this statement; iam:PassRole moves to a statement of its own.
    if (!st.actions || !isSeq(st.actions.node)) return undefined;
    const rm = removeSeqItem(ed, st.actions.node as YSeq, actions.findIndex((a) => a?.toLowerCase() === 'iam:passrole'));
    const add = addStatement(ed, st.doc, { Effect: 'Allow', Action: 'iam:PassRole', Resource: resource });
    if (!rm || !add) return undefined;
    edits.push(rm, add);
  }
  return {
    title: `Scope iam:PassRole to the role${roles.length === 1 ? '' : 's'} the pipeline passes to CloudFormation (${names.join(', ')})`,
    isPreferred: true,
    changes: [{ file: model.file, edits }],
  };
}

/**
 * iam-service-wildcard-action's fix for a CodePipeline service role: the pattern becomes the actions
 * it matches that the role's pipelines need (PIPELINE_ACTIONS, ARTIFACT_STORE_ACTIONS), e.g.
 * `s3:*Object*` on the artifact bucket → GetObject, GetObjectVersion, PutObject, PutObjectAcl.
 */
export function pipelineNarrowFix(model: ConfigModel, st: PolicyStatement, value: StrValue): Fix | undefined {
  if (st.doc.kind !== 'identity' || st.doc.roleIds.length !== 1 || st.notActions || !st.actions) return undefined;
  const text = literalText(value);
  if (text === undefined || value.resolvedFrom) return undefined;
  const use = pipelineUse(model, st.doc.roleIds[0]);
  if (!use) return undefined;
  const keep = expandAction(text).filter((a) => [...use.needs].some((n) => actionPatternMatches(n, a.fullName))).map((a) => a.fullName);
  const items = st.actions.items.map((v) => literalText(v));
  if (items.some((t) => t === undefined)) return undefined;
  const others = st.actions.items.filter((v) => v !== value).map((v) => literalText(v)!);
  const next = [...others, ...keep.filter((a) => !others.some((o) => o.toLowerCase() === a.toLowerCase()))];
  if (!next.length) return undefined;
  const edit = setActions(new DocEditor(model.parsed), st, next);
  if (!edit) return undefined;
  return {
    title: `Narrow ${text} to what the pipeline needs (${keep.length ? (keep.length <= 4 ? keep.join(', ') : `${keep.length} actions`) : 'none of it'})`,
    isPreferred: true,
    changes: [{ file: model.file, edits: [edit] }],
  };
}
