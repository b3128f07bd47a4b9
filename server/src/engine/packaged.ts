/**
 * Generated copies of a template: the output of `sam package` / `aws cloudformation package`
 * (function code uploaded to S3, `CodeUri: s3://bucket/<hash>`) committed next to the template it
 * was generated from. Its findings are the source template's findings again, at lines the
 * developer does not edit (the next `sam package` overwrites them), so the engine reports them once,
 * in the source, and says so in the copy.
 *
 * A packaged template with no source nearby (a template published only in packaged form) is
 * analysed as any other template.
 */
import { dirname, joinPath, type Project } from './project';
import { get, isMap, stringValue } from './yaml/ast';
import type { ConfigModel, FunctionModel, Span } from './model/types';

/** Folders listed when looking for the source: the copy's own, its parent, and the parent's sub-folders. */
const MAX_SIBLING_DIRS = 40;
/** Candidate templates read and parsed at most. */
const MAX_CANDIDATES = 20;
const TEMPLATE_EXT = ['.yaml', '.yml', '.json', '.template'];

/** Where a function's code lives when the template is packaged: the `s3://` CodeUri or `Code.S3Bucket`. */
function packagedCode(fn: FunctionModel): Span | undefined {
  const props = get(fn.node, 'Properties');
  const uri = get(props, 'CodeUri') ?? get(props, 'ContentUri');
  const s = stringValue(uri);
  if (uri && s?.startsWith('s3://')) return uri.range;
  if (!uri && fn.codeUri?.startsWith('s3://')) return fn.keyNode.range; // from Globals
  if (isMap(uri) && stringValue(get(uri, 'Bucket')) !== undefined && stringValue(get(uri, 'Key')) !== undefined) return uri.range;
  const code = get(props, 'Code');
  if (isMap(code) && stringValue(get(code, 'S3Bucket')) !== undefined && stringValue(get(code, 'S3Key')) !== undefined && !get(code, 'ZipFile')) return code.range;
  return undefined;
}

/** The range of the first function's S3 code location when every function's code is in S3; else undefined. */
export function packagedAt(model: ConfigModel): Span | undefined {
  if (model.kind === 'serverless' || !model.functions.length) return undefined;
  let first: Span | undefined;
  for (const fn of model.functions) {
    const at = packagedCode(fn);
    if (!at) return undefined;
    if (!first || at.start < first.start) first = at;
  }
  return first;
}

/**
 * The source template of a packaged one: a template in the same folder, the parent folder or a
 * sibling folder that is not packaged and defines at least half of the packaged template's
 * functions under the same logical ids. `modelOf` parses a candidate (the engine's cache).
 */
export function packagedSource(model: ConfigModel, path: string, project: Project, modelOf: (path: string, text: string) => ConfigModel | undefined): string | undefined {
  const ids = new Set(model.functions.map((f) => f.id));
  const dir = dirname(path);
  const parent = dirname(dir);
  const dirs = [dir];
  if (parent !== dir) {
    dirs.push(parent);
    for (const name of (project.listDir(parent) ?? []).slice(0, MAX_SIBLING_DIRS)) {
      const sub = joinPath(parent, name);
      if (sub !== dir && !name.startsWith('.') && name !== 'node_modules' && project.listDir(sub)) dirs.push(sub);
    }
  }
  let read = 0;
  for (const d of dirs) {
    for (const name of project.listDir(d) ?? []) {
      if (!TEMPLATE_EXT.some((e) => name.endsWith(e))) continue;
      const candidate = joinPath(d, name);
      if (candidate === path) continue;
      const text = project.readFile(candidate);
      if (text === undefined || !text.includes('Function')) continue;
      if (++read > MAX_CANDIDATES) return undefined;
      const other = modelOf(candidate, text);
      if (!other || other.kind === 'serverless' || packagedAt(other)) continue;
      let shared = 0;
      for (const f of other.functions) if (ids.has(f.id)) shared++;
      if (shared * 2 >= ids.size) return candidate;
    }
  }
  return undefined;
}
