/**
 * The public types of the SDK call analysis: one call and what it needs, a handler's calls, the
 * options of the analysis. Types only.
 */
import type { ParsedCode } from '../code/parser';
import type { Project } from '../project';
import type { Span } from '../types';

/** A statically visible resource name: a literal, or an environment variable the config sets. */
export type ResourceRef = { kind: 'literal'; text: string } | { kind: 'env'; name: string };

export interface SdkCall {
  /** Project path of the file holding the call. */
  file: string;
  /** What the code names: `PutItemCommand`, `getObject`, `put_item`, `paginateQuery`. */
  name: string;
  /** The name as written (constructor, method or function name). */
  range: Span;
  /** The whole call / `new` expression. */
  callRange: Span;
  /** IAM service prefix. */
  service: string;
  /** API operation (`PutItem`, `ListObjectsV2`). */
  operation: string;
  /** Canonical IAM actions the call needs (all exist in the catalogue). */
  actions: string[];
  resource?: ResourceRef;
  /** The parameter that named the resource (`TableName`, `Bucket`). */
  resourceParam?: string;
  /**
   * S3 GetObject of one fixed object: its `Key` is a literal or an environment variable (an object
   * the operator provisions, e.g. a configuration file), not a key chosen at run time.
   */
  fixedKey?: ResourceRef;
  /** The call names a DynamoDB index (`IndexName`): the grant must cover `table/x/index/*`. */
  usesIndex?: boolean;
  sdk: 'js-v3' | 'js-v2' | 'boto3';
  /**
   * Every client of this service in the handler's modules is built with explicit credentials
   * (`credentials: …`, `aws_access_key_id=…`, a session made from keys): the call does not run with
   * the execution role.
   */
  explicitCredentials?: boolean;
  /** The call runs only when one of these environment variables is set (an `if` guard on them). */
  onlyWithEnv?: string[];
}

export interface UnknownUse {
  file: string;
  range: Span;
  /** Why the call cannot be resolved, for messages and debugging. */
  reason: string;
}

export interface HandlerCalls {
  /** Calls reachable from the handler export (including imported helpers and module init code). */
  reachable: SdkCall[];
  /** Every call in every module involved (the handler file and the local modules it imports). */
  all: SdkCall[];
  /** Dynamic or hidden AWS use: when non-empty, the handler's permission needs are not fully known. */
  unknown: UnknownUse[];
  /** False when a module could not be parsed cleanly (syntax errors hide calls). */
  complete: boolean;
  /** Actions libraries the modules import call for the handler (data/implied-actions.ts `SDK_HELPERS`). */
  helperActions: string[];
  /** The handler export was found (else `reachable` is every call of the handler file). */
  exportFound: boolean;
  files: string[];
}

/** A parsed file as the analysis needs it (a `CodeContext` satisfies this). */
export interface LoadedCode {
  path: string;
  text: string;
  parsed: ParsedCode;
}

export interface AnalyzeOptions {
  project: Project;
  /** Parsed code of a project file (undefined when it does not exist or cannot be parsed). */
  load(path: string): LoadedCode | undefined;
  /** Folders Python absolute imports are resolved from (besides the importing file's own folder). */
  pythonRoots?: string[];
  /** How many import levels to follow (default 4). */
  maxDepth?: number;
  /** How many modules one handler's import closure holds at most (default 32). */
  maxModules?: number;
}

