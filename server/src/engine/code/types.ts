/**
 * Public types of the code-analysis core (parser, handler discovery, taint analysis).
 * Pure data: no LSP, VS Code or file-system imports.
 *
 * Every range is a pair of 0-based UTF-16 offsets (like JS string indices) into one file's text.
 */
import type { Span } from '../types';

export type { Span };

export type CodeLang = 'javascript' | 'typescript' | 'tsx' | 'python';
export const CODE_LANGS: readonly CodeLang[] = ['javascript', 'typescript', 'tsx', 'python'];

/**
 * What invokes a Lambda handler; decides which event fields are attacker-controlled.
 * `api` covers API Gateway REST (v1), HTTP API (v2) and function URLs; `alb` and `websocket`
 * use the same HTTP-shaped fields. `unknown` (direct invoke, Step Functions, no config) taints
 * the whole event. `schedule` has no attacker-controlled fields, nor has `cfn-custom-resource`
 * (CloudFormation sets `ResponseURL`, ids and the template author's `ResourceProperties`).
 */
export type TriggerKind =
  | 'api'
  | 'alb'
  | 'websocket'
  | 's3'
  | 'sqs'
  | 'sns'
  | 'eventbridge'
  | 'dynamodb-stream'
  | 'kinesis'
  | 'cognito'
  | 'appsync'
  | 'schedule'
  | 'cfn-custom-resource'
  | 'unknown';

export const TRIGGER_KINDS: readonly TriggerKind[] = [
  'api', 'alb', 'websocket', 's3', 'sqs', 'sns', 'eventbridge', 'dynamodb-stream', 'kinesis',
  'cognito', 'appsync', 'schedule', 'cfn-custom-resource', 'unknown',
];

export type SinkKind =
  | 'sql'
  | 'nosql'
  | 'command'
  | 'code-eval'
  | 'path-traversal'
  | 'ssrf'
  | 'deserialization'
  | 'xss'
  | 'open-redirect'
  | 'dynamic-require'
  | 'xxe';

export const SINK_KINDS: readonly SinkKind[] = [
  'sql', 'nosql', 'command', 'code-eval', 'path-traversal', 'ssrf', 'deserialization', 'xss',
  'open-redirect', 'dynamic-require', 'xxe',
];

/** CWE per sink kind. */
export const SINK_CWE: Readonly<Record<SinkKind, number>> = {
  sql: 89,
  nosql: 943,
  command: 78,
  'code-eval': 94,
  'path-traversal': 22,
  ssrf: 918,
  deserialization: 502,
  xss: 79,
  'open-redirect': 601,
  'dynamic-require': 829,
  xxe: 611,
};

/** Human wording of each sink kind, for messages ("… reaches an SQL query"). */
export const SINK_TITLE: Readonly<Record<SinkKind, string>> = {
  sql: 'SQL query',
  nosql: 'NoSQL query',
  command: 'OS command',
  'code-eval': 'code evaluation',
  'path-traversal': 'file-system path',
  ssrf: 'outbound request URL',
  deserialization: 'unsafe deserializer',
  xss: 'HTML response',
  'open-redirect': 'redirect location',
  'dynamic-require': 'dynamic module load',
  xxe: 'XML parser',
};

/** One step of a source → sink path. */
export interface TaintStep {
  range: Span;
  file: string;
  note: string;
}

export interface TaintSource {
  /** Dotted access path as written, e.g. `event.pathParameters.id`, `request.args.name`. */
  label: string;
  range: Span;
  file: string;
  /** A second-order source: data read back from storage (code/stored.ts), judged across the app by cross/reads.ts. */
  stored?: StoredRead;
  /** The body of the object an S3 event names (its key is `label`), read back: the writers' bodies decide (cross/app.ts). */
  objectBody?: true;
}

/** Storage services whose reads return data some writer put there. */
export type StoredService = 'dynamodb' | 's3' | 'sqs';

/** A read of stored data: DynamoDB GetItem/Query/Scan, S3 GetObject, SQS ReceiveMessage. */
export interface StoredRead {
  service: StoredService;
  /** Canonical operation (`GetItem`, `Query`, `GetObject`, `ReceiveMessage`). */
  operation: string;
  /** The call that names the resource (the `new XCommand(…)` of an SDK v3 `send`), in `file` of the source. */
  call: Span;
  /** DynamoDB: the item attribute the flow reads (`status` of `Item.status`), when one is read. */
  attribute?: string;
}

export interface CodeTextEdit {
  range: Span;
  newText: string;
}

export interface CodeFix {
  title: string;
  /** A template the user must complete: the text to replace (as Fix.placeholder). */
  placeholder?: string;
  /** Edits to the sink's file (`TaintFinding.sinkFile`), non-overlapping, in any order. */
  edits: CodeTextEdit[];
}

export interface TaintFinding {
  sinkKind: SinkKind;
  /** The dangerous call / response property. */
  sinkRange: Span;
  /** File of the sink: the analysed file, or a relatively-imported one (cross-file flow). */
  sinkFile: string;
  /** Canonical callee, e.g. `child_process.exec`, `cursor.execute`, `response.headers.Location`. */
  sinkCallee: string;
  source: TaintSource;
  /** Source → sink, in order (assignments, helper parameters, returns, parsing steps). */
  path: TaintStep[];
  cwe: number;
  fix?: CodeFix;
}

/** Result of looking up a module specifier relative to an importing file. */
export interface ResolvedImport {
  /** Contents of the imported file. */
  text: string;
  /** Its path (same form as the analysed file's `path`). */
  path: string;
}

export type ResolveImport = (fromPath: string, spec: string) => ResolvedImport | undefined;
