/**
 * Risk knowledge about IAM actions, as data: privilege-escalation methods (single actions and
 * combinations), credential-exposure actions, sensitive reads (data exfiltration) and resource
 * exposure, plus helpers that evaluate granted action patterns against them and rank actions by
 * risk for messages ("grants 87 actions incl. iam:PassRole, ...").
 *
 * Sources (facts re-stated in our own words and structure, no code copied): Rhino Security Labs'
 * "AWS IAM Privilege Escalation – Methods and Mitigation" (Spencer Gietzen), the lists published
 * by Cloudsplaining / Policy Sentry (Salesforce, BSD-3-Clause), Parliament's community auditors
 * (Duo Labs, BSD-3-Clause) and pathfinding.cloud. Every action named here is checked against the
 * catalogue by the tests, so names are canonical ("service:Action" in AWS's case).
 *
 * Granted actions may be patterns ("iam:*", "*", "lambda:Create*"); they are matched with IAM
 * wildcard semantics through the catalogue. Resource and Condition scoping is the caller's job.
 */
import { CONTENT_READS, CONTENT_RESOURCE_TYPES } from './data/content-reads';
import { actionPatternMatches, expandAction, hasWildcard, lookupAction, type AccessLevel, type IamAction } from './catalog';

export type RiskTag =
  /** The action alone can escalate privileges. */
  | 'privilege-escalation'
  /** The action is one ingredient of an escalation combination (e.g. iam:PassRole). */
  | 'privilege-escalation-part'
  /** The response contains credentials / tokens. */
  | 'credentials-exposure'
  /** A sensitive read: secrets, object data, table data, snapshots. */
  | 'data-exfiltration'
  /** Can make a resource public or shared with other accounts. */
  | 'resource-exposure'
  /** IAM access level "Permissions management". */
  | 'permissions-management';

export interface EscalationMethod {
  /** Stable id (Cloudsplaining-style names where one exists). */
  readonly id: string;
  readonly title: string;
  /**
   * All groups must be granted; within a group any one action is enough. A single-action method
   * has one group with one action.
   */
  readonly requires: readonly (readonly string[])[];
  readonly description: string;
  /** Extra caveat, e.g. that the method only matters when the Resource is "*". */
  readonly note?: string;
}

const PASS_ROLE = 'iam:PassRole';

function single(id: string, action: string, title: string, description: string, note?: string): EscalationMethod {
  return { id, title, requires: [[action]], description, ...(note ? { note } : {}) };
}

/** Privilege-escalation methods, most direct first. */
export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // Permissions on policies
  single(
    'CreateNewPolicyVersion',
    'iam:CreatePolicyVersion',
    'Create a new version of a managed policy',
    'Can write a new default version of a managed policy attached to itself, granting any permission.',
  ),
  single(
    'SetExistingDefaultPolicyVersion',
    'iam:SetDefaultPolicyVersion',
    'Switch a managed policy to another version',
    'Can make a more permissive, non-default version of a policy the active one.',
  ),
  single('AttachUserPolicy', 'iam:AttachUserPolicy', 'Attach a managed policy to a user', 'Can attach e.g. AdministratorAccess to a user it controls.'),
  single('AttachGroupPolicy', 'iam:AttachGroupPolicy', 'Attach a managed policy to a group', 'Can attach e.g. AdministratorAccess to a group it is in.'),
  single('AttachRolePolicy', 'iam:AttachRolePolicy', 'Attach a managed policy to a role', 'Can attach e.g. AdministratorAccess to a role it can use.'),
  single('PutUserPolicy', 'iam:PutUserPolicy', 'Write an inline policy on a user', 'Can give a user it controls an arbitrary inline policy.'),
  single('PutGroupPolicy', 'iam:PutGroupPolicy', 'Write an inline policy on a group', 'Can give a group it is in an arbitrary inline policy.'),
  single('PutRolePolicy', 'iam:PutRolePolicy', 'Write an inline policy on a role', 'Can give a role it can use (including its own) an arbitrary inline policy.'),
  single(
    'DeleteRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'Remove a role permissions boundary',
    'Can lift the permissions boundary that limits a role.',
  ),
  single(
    'DeleteUserPermissionsBoundary',
    'iam:DeleteUserPermissionsBoundary',
    'Remove a user permissions boundary',
    'Can lift the permissions boundary that limits a user.',
  ),
  single(
    'PutRolePermissionsBoundary',
    'iam:PutRolePermissionsBoundary',
    'Replace a role permissions boundary',
    'Can replace the boundary that limits a role with a permissive one.',
  ),
  single(
    'PutUserPermissionsBoundary',
    'iam:PutUserPermissionsBoundary',
    'Replace a user permissions boundary',
    'Can replace the boundary that limits a user with a permissive one.',
  ),
  // Trust policies
  single(
    'UpdateRolePolicyToAssumeIt',
    'iam:UpdateAssumeRolePolicy',
    'Rewrite a role trust policy',
    'Can make any role trust a principal it controls, then assume it.',
  ),
  single(
    'AssumeAnyRole',
    'sts:AssumeRole',
    'Assume other roles',
    'Can assume any role whose trust policy allows the account, inheriting its permissions.',
    'Only an escalation when Resource is "*" or covers privileged roles.',
  ),
  // IAM permissions on other users
  single('CreateAccessKey', 'iam:CreateAccessKey', 'Create access keys for other users', 'Can mint long-term access keys for another (more privileged) user.'),
  single('CreateLoginProfile', 'iam:CreateLoginProfile', 'Create a console password for other users', 'Can set a console password on a user that has none and log in as them.'),
  single('UpdateLoginProfile', 'iam:UpdateLoginProfile', 'Change console passwords of other users', 'Can reset another user\'s console password and log in as them.'),
  single('AddUserToGroup', 'iam:AddUserToGroup', 'Add users to groups', 'Can add itself to a more privileged group.'),
  // Existing compute running with a role
  single(
    'EditExistingLambdaFunctionWithRole',
    'lambda:UpdateFunctionCode',
    'Replace the code of an existing function',
    'Can run arbitrary code with the execution role of an existing Lambda function.',
  ),
  single(
    'EditExistingLambdaFunctionConfiguration',
    'lambda:UpdateFunctionConfiguration',
    'Change the configuration of an existing function',
    'Can attach a malicious layer or change the handler/environment of an existing function and run code with its role.',
  ),
  single(
    'UpdateExistingGlueDevEndpoint',
    'glue:UpdateDevEndpoint',
    'Add an SSH key to a Glue development endpoint',
    'Can log in to an existing Glue development endpoint and use its role.',
  ),
  single(
    'CreatePresignedSageMakerNotebookUrl',
    'sagemaker:CreatePresignedNotebookInstanceUrl',
    'Open an existing SageMaker notebook',
    'Can open a Jupyter session on an existing notebook instance and use its role.',
  ),
  {
    id: 'ModifyEC2InstanceUserDataThenRestart',
    title: 'Change an instance\'s user data and restart it',
    requires: [['ec2:ModifyInstanceAttribute'], ['ec2:StopInstances'], ['ec2:StartInstances']],
    description: 'Can make an existing instance run arbitrary code at boot with its instance profile.',
  },
  {
    id: 'ExecuteCloudFormationChangeSet',
    title: 'Run a change set on an existing stack',
    requires: [['cloudformation:CreateChangeSet'], ['cloudformation:ExecuteChangeSet']],
    description: 'Can make CloudFormation create resources with the service role of an existing stack.',
  },
  // iam:PassRole to new compute
  {
    id: 'PassExistingRoleToNewLambda',
    title: 'Pass a role to a new Lambda function and run it',
    requires: [
      [PASS_ROLE],
      ['lambda:CreateFunction'],
      ['lambda:InvokeFunction', 'lambda:CreateEventSourceMapping', 'lambda:AddPermission'],
    ],
    description: 'Can create a function with any passable role and trigger it, running code with that role.',
  },
  {
    id: 'CreateEC2WithExistingIP',
    title: 'Pass a role to a new EC2 instance',
    requires: [[PASS_ROLE], ['ec2:RunInstances', 'ec2:RequestSpotInstances']],
    description: 'Can launch an instance with any passable instance profile and read its credentials.',
  },
  {
    id: 'PassExistingRoleToCloudFormation',
    title: 'Pass a role to a new CloudFormation stack',
    requires: [[PASS_ROLE], ['cloudformation:CreateStack']],
    description: 'Can have CloudFormation create arbitrary resources with a passable service role.',
  },
  {
    id: 'PassExistingRoleToNewCloudFormationStackSet',
    title: 'Pass a role to a CloudFormation stack set',
    requires: [[PASS_ROLE], ['cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet']],
    description: 'Can have CloudFormation StackSets deploy arbitrary resources with a passable role.',
  },
  {
    id: 'PassExistingRoleToNewGlueDevEndpoint',
    title: 'Pass a role to a new Glue development endpoint',
    requires: [[PASS_ROLE], ['glue:CreateDevEndpoint']],
    description: 'Can create a Glue development endpoint with a passable role and log in to it.',
  },
  {
    id: 'PassExistingRoleToGlueJob',
    title: 'Pass a role to a Glue job and run it',
    requires: [[PASS_ROLE], ['glue:CreateJob', 'glue:UpdateJob'], ['glue:StartJobRun', 'glue:CreateTrigger']],
    description: 'Can run an arbitrary Glue job script with a passable role.',
  },
  {
    id: 'PassExistingRoleToNewDataPipeline',
    title: 'Pass a role to a new Data Pipeline',
    requires: [[PASS_ROLE], ['datapipeline:CreatePipeline'], ['datapipeline:PutPipelineDefinition']],
    description: 'Can run arbitrary commands in a pipeline that uses a passable role.',
  },
  {
    id: 'PassExistingRoleToNewCodeBuildProject',
    title: 'Pass a role to a CodeBuild project and build it',
    requires: [[PASS_ROLE], ['codebuild:CreateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    description: 'Can run an arbitrary buildspec with a passable service role.',
  },
  {
    id: 'PassExistingRoleToNewECSTask',
    title: 'Pass a role to an ECS task and run it',
    requires: [[PASS_ROLE], ['ecs:RegisterTaskDefinition'], ['ecs:RunTask', 'ecs:StartTask', 'ecs:CreateService']],
    description: 'Can run an arbitrary container with a passable task role.',
  },
  {
    id: 'PassExistingRoleToNewSageMakerJob',
    title: 'Pass a role to a SageMaker notebook or job',
    requires: [
      [PASS_ROLE],
      ['sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob'],
    ],
    description: 'Can run arbitrary code in SageMaker with a passable execution role.',
  },
  {
    id: 'PassExistingRoleToNewAppRunnerService',
    title: 'Pass a role to a new App Runner service',
    requires: [[PASS_ROLE], ['apprunner:CreateService']],
    description: 'Can run an arbitrary container with a passable instance role.',
  },
];

/** Actions whose responses contain credentials or tokens. */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  'codeartifact:GetAuthorizationToken',
  'codepipeline:PollForJobs',
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'cognito-idp:AssociateSoftwareToken',
  'connect:GetFederationToken',
  'ec2:GetPasswordData',
  'ecr-public:GetAuthorizationToken',
  'ecr:GetAuthorizationToken',
  'gamelift:RequestUploadCredentials',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateIngestEndpointCredentials',
  'rds-db:connect',
  'redshift-serverless:GetCredentials',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
];

/** Sensitive reads: unrestricted, they are how data and secrets leak. */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  'athena:GetQueryResults',
  'cognito-idp:AdminGetUser',
  'cognito-idp:ListUsers',
  'dynamodb:BatchGetItem',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:PartiQLSelect',
  'dynamodb:Query',
  'dynamodb:Scan',
  'ec2:CreateSnapshot',
  'kinesis:GetRecords',
  'kms:Decrypt',
  'lambda:GetFunction',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'rds:CopyDBSnapshot',
  'rds:CreateDBClusterSnapshot',
  'rds:CreateDBSnapshot',
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:GetSecretValue',
  'sqs:ReceiveMessage',
  'ssm:GetParameter',
  'ssm:GetParameterHistory',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
];

/** Actions that can make a resource public or share it with other accounts. */
export const RESOURCE_EXPOSURE_ACTIONS: readonly string[] = [
  'apigateway:UpdateRestApiPolicy',
  'backup:PutBackupVaultAccessPolicy',
  'ec2:ModifyImageAttribute',
  'ec2:ModifySnapshotAttribute',
  'ecr:SetRepositoryPolicy',
  'elasticfilesystem:PutFileSystemPolicy',
  'events:PutPermission',
  'glacier:SetVaultAccessPolicy',
  'iam:UpdateAssumeRolePolicy',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  'lambda:AddLayerVersionPermission',
  'lambda:AddPermission',
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'logs:PutResourcePolicy',
  'ram:CreateResourceShare',
  'rds:ModifyDBClusterSnapshotAttribute',
  'rds:ModifyDBSnapshotAttribute',
  's3:PutAccessPointPolicy',
  's3:PutAccountPublicAccessBlock',
  's3:PutBucketAcl',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutObjectAcl',
  'secretsmanager:PutResourcePolicy',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
];

// ---------------------------------------------------------------------------------------------
// Matching granted patterns against the lists

/** Granted actions: names or patterns ("iam:*", "*"), or catalogue action objects. */
export type Granted = Iterable<string | IamAction>;

/** Granted actions split into exact names (looked up by lower-case key) and wildcard patterns. */
interface GrantedSet {
  readonly exact: ReadonlyMap<string, string>;
  readonly wildcards: readonly string[];
}

function grantedSet(granted: Granted): GrantedSet {
  const exact = new Map<string, string>();
  const wildcards = new Set<string>();
  for (const g of granted) {
    const s = typeof g === 'string' ? g : g.fullName;
    if (hasWildcard(s)) wildcards.add(s);
    else if (!exact.has(s.toLowerCase())) exact.set(s.toLowerCase(), s);
  }
  return { exact, wildcards: [...wildcards] };
}

/** The granted action or pattern that covers `action`, or undefined. */
function coveringPattern(g: GrantedSet, action: string): string | undefined {
  const e = g.exact.get(action.toLowerCase());
  if (e !== undefined) return e;
  for (const p of g.wildcards) if (actionPatternMatches(p, action)) return p;
  return undefined;
}

export interface GrantedRiskAction {
  /** Canonical action name from the list. */
  readonly action: string;
  /** The granted pattern that covers it (e.g. "iam:*"). */
  readonly grantedBy: string;
}

function grantedFromList(list: readonly string[], granted: Granted): GrantedRiskAction[] {
  const patterns = grantedSet(granted);
  const out: GrantedRiskAction[] = [];
  for (const action of list) {
    const by = coveringPattern(patterns, action);
    if (by !== undefined) out.push({ action, grantedBy: by });
  }
  return out;
}

/** Credential-exposure actions covered by the granted actions/patterns. */
export function credentialsExposureFindings(granted: Granted): GrantedRiskAction[] {
  return grantedFromList(CREDENTIALS_EXPOSURE_ACTIONS, granted);
}

/** Sensitive-read actions covered by the granted actions/patterns. */
export function dataExfiltrationFindings(granted: Granted): GrantedRiskAction[] {
  return grantedFromList(DATA_EXFILTRATION_ACTIONS, granted);
}

/** Resource-exposure actions covered by the granted actions/patterns. */
export function resourceExposureFindings(granted: Granted): GrantedRiskAction[] {
  return grantedFromList(RESOURCE_EXPOSURE_ACTIONS, granted);
}

export interface EscalationFinding {
  readonly method: EscalationMethod;
  /** One granted action per requirement group, in the method's order. */
  readonly actions: readonly string[];
  /** Same order as `actions`: the granted pattern that covers each. */
  readonly grantedBy: readonly string[];
}

/**
 * Which privilege-escalation methods the granted actions satisfy. `granted` may contain
 * wildcard patterns ("iam:*", "*") and IamAction objects. Findings keep ESCALATION_METHODS order.
 */
export function escalationFindings(granted: Granted): EscalationFinding[] {
  const patterns = grantedSet(granted);
  if (patterns.exact.size === 0 && patterns.wildcards.length === 0) return [];
  const memo = new Map<string, string | null>();
  return findEscalations((action) => {
    let v = memo.get(action);
    if (v === undefined) {
      v = coveringPattern(patterns, action) ?? null;
      memo.set(action, v);
    }
    return v ?? undefined;
  });
}

function findEscalations(cover: (action: string) => string | undefined): EscalationFinding[] {
  const findings: EscalationFinding[] = [];
  for (const method of ESCALATION_METHODS) {
    const actions: string[] = [];
    const grantedBy: string[] = [];
    for (const group of method.requires) {
      let found = false;
      for (const action of group) {
        const by = cover(action);
        if (by !== undefined) {
          actions.push(action);
          grantedBy.push(by);
          found = true;
          break;
        }
      }
      if (!found) break;
    }
    if (actions.length === method.requires.length) findings.push({ method, actions, grantedBy });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Tagging and ranking

const NO_TAGS: readonly RiskTag[] = Object.freeze([]);
/**
 * Risk tags by lower-case action name ("iam:passrole"), built from the tables without looking a
 * single action up: looking them up would decode every service the tables name (~30) on the
 * first ranking of any policy, which a cold start paid for `s3:*`. A name the catalogue does not
 * know never meets an action, so it tags nothing, as before.
 */
let tagIndex: Map<string, RiskTag[]> | undefined;
/** The tags of each action asked about (frozen, one array per action). */
const actionTags = new Map<IamAction, readonly RiskTag[]>();

function buildTagIndex(): Map<string, RiskTag[]> {
  const idx = new Map<string, RiskTag[]>();
  const add = (name: string, tag: RiskTag) => {
    const colon = name.indexOf(':');
    if (colon <= 0) return;
    const key = name.toLowerCase();
    let tags = idx.get(key);
    if (!tags) idx.set(key, (tags = []));
    if (!tags.includes(tag)) tags.push(tag);
  };
  for (const m of ESCALATION_METHODS) {
    const isSingle = m.requires.length === 1;
    for (const group of m.requires) for (const a of group) add(a, isSingle ? 'privilege-escalation' : 'privilege-escalation-part');
  }
  for (const a of CREDENTIALS_EXPOSURE_ACTIONS) add(a, 'credentials-exposure');
  for (const a of DATA_EXFILTRATION_ACTIONS) add(a, 'data-exfiltration');
  for (const a of RESOURCE_EXPOSURE_ACTIONS) add(a, 'resource-exposure');
  return idx;
}

const PM_ONLY: readonly RiskTag[] = Object.freeze(['permissions-management']);

function tagsOf(a: IamAction): readonly RiskTag[] {
  const cached = actionTags.get(a);
  if (cached) return cached;
  const named = (tagIndex ??= buildTagIndex()).get(`${a.service}:${a.name.toLowerCase()}`);
  const pm = a.accessLevel === 'Permissions management';
  const tags = named ? Object.freeze(pm ? ['permissions-management' as RiskTag, ...named] : [...named]) : pm ? PM_ONLY : NO_TAGS;
  if (named) actionTags.set(a, tags);
  return tags;
}

/** Risk tags of one concrete action (case-insensitive); [] for unknown or harmless actions. */
export function riskTags(action: string | IamAction): RiskTag[] {
  const a = typeof action === 'string' ? lookupAction(action) : action;
  return a ? [...tagsOf(a)] : [];
}

/**
 * Score = access-level weight + risk-tag weights (escalation counted once). Access levels rank
 * Permissions management > Write > Tagging > Read > List. A granted escalation — a single-action
 * method, or a part of a combination the ranked set grants in full — adds the most, so
 * iam:PutRolePolicy (PM + escalation, 105) > lambda:UpdateFunctionCode (Write + escalation, 65)
 * ≈ iam:PassRole next to lambda:CreateFunction + lambda:InvokeFunction (65) > plain PM such as
 * dynamodb:DeleteResourcePolicy (60) > iam:PassRole alone (20 + 15) > other writes.
 */
export const ACCESS_LEVEL_WEIGHT: Readonly<Record<AccessLevel, number>> = {
  'Permissions management': 60,
  Write: 20,
  Tagging: 8,
  Read: 4,
  List: 2,
};
export const RISK_TAG_WEIGHT: Readonly<Record<Exclude<RiskTag, 'permissions-management'>, number>> = {
  'privilege-escalation': 45,
  /** Part of a combination; counts as 'privilege-escalation' when the whole combination is granted. */
  'privilege-escalation-part': 15,
  'credentials-exposure': 30,
  'data-exfiltration': 20,
  'resource-exposure': 15,
};

function scoreOf(a: IamAction, tags: readonly RiskTag[], inSatisfiedCombo = false): number {
  let s = ACCESS_LEVEL_WEIGHT[a.accessLevel];
  // Escalation counts once: a full method outweighs being part of a combination.
  if (tags.includes('privilege-escalation') || inSatisfiedCombo) s += RISK_TAG_WEIGHT['privilege-escalation'];
  else if (tags.includes('privilege-escalation-part')) s += RISK_TAG_WEIGHT['privilege-escalation-part'];
  if (tags.includes('credentials-exposure')) s += RISK_TAG_WEIGHT['credentials-exposure'];
  // Reads of content (data/content-reads.ts) rank with the sensitive reads: `kinesisvideo:Get*` names GetMedia first.
  if (tags.includes('data-exfiltration') || isContentRead(a)) s += RISK_TAG_WEIGHT['data-exfiltration'];
  if (tags.includes('resource-exposure')) s += RISK_TAG_WEIGHT['resource-exposure'];
  return s;
}

/** Risk score of one concrete action on its own (0 for unknown). */
export function riskScore(action: string | IamAction): number {
  const a = typeof action === 'string' ? lookupAction(action) : action;
  return a ? scoreOf(a, tagsOf(a)) : 0;
}

export interface RankedAction {
  /** Canonical "service:Action". */
  readonly action: string;
  readonly accessLevel: AccessLevel;
  readonly score: number;
  readonly tags: readonly RiskTag[];
  /** Ids of escalation methods this action takes part in that the whole input set satisfies. */
  readonly escalations: readonly string[];
}

export interface RankOptions {
  /**
   * Default true: name at most one action per service before repeating a service, so "*"
   * yields e.g. iam:UpdateAssumeRolePolicy, lambda:AddPermission, sts:AssumeRole rather than
   * three iam:* actions. False = strict score order.
   */
  diverse?: boolean;
}

const NO_ESCALATIONS: readonly string[] = Object.freeze([]);

const byScoreThenName = (x: RankedAction, y: RankedAction) =>
  y.score - x.score || (x.action < y.action ? -1 : x.action > y.action ? 1 : 0);

/**
 * The `n` riskiest actions among `actions` (concrete names, IamAction objects or patterns, which
 * are expanded), highest score first, ties by name. Unknown names are ignored. Parts of an
 * escalation combination score as escalation when the set grants the whole combination
 * (iam:PassRole next to lambda:CreateFunction + lambda:InvokeFunction).
 */
export function riskiestActions(actions: Iterable<string | IamAction>, n = 3, options: RankOptions = {}): RankedAction[] {
  if (n <= 0) return [];
  const seen = new Set<IamAction>();
  for (const x of actions) {
    if (typeof x === 'string') for (const a of expandAction(x)) seen.add(a);
    else seen.add(x);
  }
  const methodsByAction = new Map<IamAction, string[]>();
  // An escalation action of a service the set has none of is not in it: no lookup (which would decode that service).
  const services = new Set<string>();
  for (const a of seen) services.add(a.service);
  const inSet = (name: string) => {
    const colon = name.indexOf(':');
    if (colon > 0 && !services.has(name.slice(0, colon).toLowerCase())) return undefined;
    const a = lookupAction(name);
    return a && seen.has(a) ? a.fullName : undefined;
  };
  for (const f of findEscalations(inSet)) {
    for (const name of f.actions) {
      const a = lookupAction(name)!;
      methodsByAction.set(a, [...(methodsByAction.get(a) ?? []), f.method.id]);
    }
  }
  const ranked: RankedAction[] = [];
  for (const a of seen) {
    const tags = tagsOf(a);
    const escalations = methodsByAction.get(a) ?? NO_ESCALATIONS;
    ranked.push({
      action: a.fullName,
      accessLevel: a.accessLevel,
      score: scoreOf(a, tags, escalations.length > 0),
      tags,
      escalations,
    });
  }
  // Only the best few need sorting: keep everything scoring at least the n-th best score.
  const top = topByScore(ranked, n);
  if (options.diverse === false) return top.slice(0, n);
  const bestPerService = new Map<string, RankedAction>();
  for (const r of ranked) {
    const service = r.action.slice(0, r.action.indexOf(':'));
    const cur = bestPerService.get(service);
    if (!cur || byScoreThenName(r, cur) < 0) bestPerService.set(service, r);
  }
  const picked = topByScore([...bestPerService.values()], n).slice(0, n);
  if (picked.length < n) {
    const chosen = new Set(picked);
    for (const r of top) {
      if (picked.length >= n) break;
      if (!chosen.has(r)) picked.push(r);
    }
  }
  return picked.sort(byScoreThenName);
}

/** The entries scoring at least the n-th highest score, sorted (ties may make it longer than n). */
function topByScore(ranked: readonly RankedAction[], n: number): RankedAction[] {
  if (ranked.length <= n) return [...ranked].sort(byScoreThenName);
  const scores = ranked.map((r) => r.score).sort((a, b) => b - a);
  const threshold = scores[n - 1];
  return ranked.filter((r) => r.score >= threshold).sort(byScoreThenName);
}

/**
 * A read of configuration: a Read or List action named `Describe*`/`List*`/`Get*` that returns no
 * content — not a sensitive read (DATA_EXFILTRATION_ACTIONS), no credentials
 * (CREDENTIALS_EXPOSURE_ACTIONS), not on an item of data (an S3 object, a log stream:
 * data/content-reads.ts CONTENT_RESOURCE_TYPES) and not a named content read (a video, a file of a
 * repository, a workflow's input/output: CONTENT_READS).
 * `cloudformation:DescribeStacks`, `iam:GetRole`, `codecommit:GetBranch`; not `s3:GetObject`,
 * `kinesisvideo:GetMedia`, `codecommit:GetBlob`, `states:GetExecutionHistory`, `lambda:GetFunction`.
 */
export function isMetadataRead(a: IamAction): boolean {
  if ((a.accessLevel !== 'Read' && a.accessLevel !== 'List') || !/^(Describe|List|Get)/.test(a.name)) return false;
  const tags = tagsOf(a);
  return !tags.includes('data-exfiltration') && !tags.includes('credentials-exposure') && !isContentRead(a);
}

let contentReads: Set<IamAction> | undefined;
const contentTypes = new Map<string, Set<string>>();
for (const t of CONTENT_RESOURCE_TYPES) {
  let s = contentTypes.get(t.service);
  if (!s) contentTypes.set(t.service, (s = new Set()));
  s.add(t.resourceType);
}

/** A read named in the content-reads table (kinesisvideo:GetMedia, codecommit:GetBlob…), not by resource type. */
export function isNamedContentRead(a: IamAction): boolean {
  if (!contentReads) {
    contentReads = new Set();
    for (const e of CONTENT_READS) for (const x of expandAction(e.action)) contentReads.add(x);
  }
  return contentReads.has(a);
}

/** A read that returns content (data/content-reads.ts): on an item of data, or named in the table. */
export function isContentRead(a: IamAction): boolean {
  if (a.accessLevel !== 'Read' && a.accessLevel !== 'List') return false;
  // Read-level actions on an item of data return (part of) it; List-level ones name its parts.
  const types = contentTypes.get(a.service);
  if (types && a.accessLevel === 'Read' && a.resourceTypes.some((r) => types.has(r.name))) return true;
  return isNamedContentRead(a);
}
