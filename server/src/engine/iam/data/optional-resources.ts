/**
 * Actions whose resource types are all optional extras of the request — something a call may
 * leave out (a terminology, a lexicon, a custom model version, a metrics dataset) — so a call that
 * names none is authorised against `Resource: '*'`: scoping them to an ARN breaks every call
 * without that extra. iam-wildcard-resource does not report them on '*', and the narrowing fixes
 * (permissions/unused.ts, the fitting-actions fix, the scope fixes) keep them there.
 *
 * Found systematically, not by hand: an action is a candidate when the catalogue marks every one
 * of its resource types optional, its access level is Read or Write (not tagging, listing or
 * permissions management), its name does not say `Resource` (`ListTagsForResource` takes the
 * resource's ARN), and no resource type name shares a word with the action name
 * (`translate:StartTextTranslationJob` [parallel-data, terminology]; not
 * `translate:GetTerminology` [terminology], whose request names the terminology). Candidates are
 * then checked against the service's documentation; the candidate rule is in
 * `optionalExtrasCandidate`, and test/rules/iam-wildcard-resource.test.ts checks that every
 * candidate of the services listed here is an entry. Data: one entry per action, with its source.
 */
import type { IamAction } from '../catalog';

export const OPTIONAL_RESOURCE_ONLY_TABLE: readonly { action: string; source: string }[] = [
  { action: 'translate:TranslateText', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazontranslate.html (terminology, parallel-data optional)' },
  { action: 'translate:TranslateDocument', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazontranslate.html' },
  { action: 'translate:StartTextTranslationJob', source: 'https://docs.aws.amazon.com/translate/latest/APIReference/API_StartTextTranslationJob.html (TerminologyNames, ParallelDataNames optional; the job reads S3 with DataAccessRoleArn)' },
  { action: 'polly:SynthesizeSpeech', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonpolly.html (lexicon optional)' },
  { action: 'polly:StartSpeechSynthesisTask', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonpolly.html' },
  { action: 'polly:StartSpeechSynthesisStream', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonpolly.html (lexicon optional)' },
  { action: 'cloudwatch:PutMetricData', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html (dataset optional; metrics are scoped with the cloudwatch:namespace condition)' },
  { action: 'cloudwatch:ListMetrics', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html (dataset optional)' },
  { action: 'cloudwatch:GetMetricData', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html (dataset optional)' },
  { action: 'comprehend:DetectEntities', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncomprehend.html (entity-recognizer-endpoint optional)' },
  { action: 'rekognition:DetectModerationLabels', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectModerationLabels.html (ProjectVersion optional: a custom adapter)' },
  { action: 'rekognition:StartMediaAnalysisJob', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_StartMediaAnalysisJob.html (ProjectVersion optional: a custom adapter)' },
];

export const OPTIONAL_RESOURCE_ONLY: ReadonlySet<string> = new Set(OPTIONAL_RESOURCE_ONLY_TABLE.map((e) => e.action));

/** Words of a name: `StartTextTranslationJob` → start, text, translation, job; `parallel-data` → parallel, data (plural s dropped). */
function nameWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  const push = () => {
    if (cur) out.push(cur.endsWith('ies') ? cur.slice(0, -3) + 'y' : cur.endsWith('s') && cur.length > 3 ? cur.slice(0, -1) : cur);
    cur = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const upper = c >= 'A' && c <= 'Z';
    const alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) { push(); continue; }
    if (upper && cur && !(s[i - 1] >= 'A' && s[i - 1] <= 'Z')) push();
    cur += c.toLowerCase();
  }
  push();
  return out;
}

/** The candidate rule of the table (see the header): every resource type optional, Read/Write, no shared word. */
export function optionalExtrasCandidate(a: IamAction): boolean {
  if (a.resourceTypes.length === 0 || a.resourceTypes.some((r) => r.required)) return false;
  if (a.accessLevel !== 'Read' && a.accessLevel !== 'Write') return false;
  const words = new Set(nameWords(a.name));
  // `GetResourcePolicy`, `ListTagsForResource`: the request names the resource by its ARN.
  if (words.has('resource')) return false;
  return !a.resourceTypes.some((r) => nameWords(r.name).some((w) => words.has(w)));
}

/**
 * An action on the optional extras themselves: every resource type optional, and its name names
 * one of them or says `Resource` (`translate:DeleteTerminology` [terminology],
 * `translate:TagResource`). Such an action acts on an extra only when one exists; a pattern made of
 * these and of actions that take no ARN (`translate:*`) names nothing the statement must list.
 */
export function managesOptionalExtras(a: IamAction): boolean {
  if (a.resourceTypes.length === 0 || a.resourceTypes.some((r) => r.required)) return false;
  const words = new Set(nameWords(a.name));
  return words.has('resource') || a.resourceTypes.some((r) => nameWords(r.name).some((w) => words.has(w)));
}

/**
 * The action works only on '*' for a call the code makes: no resource-level permissions at all, or
 * only optional extras (OPTIONAL_RESOURCE_ONLY). Narrowing fixes keep such actions on '*'.
 */
export function staysOnStar(a: IamAction | undefined): boolean {
  return !!a && (!a.resourceLevel || OPTIONAL_RESOURCE_ONLY.has(a.fullName));
}
