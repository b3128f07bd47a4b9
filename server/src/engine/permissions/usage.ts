/**
 * Glue between the config model, the handler links and the SDK call analysis: the calls each
 * function's handler makes (memoised per run), the config model of a config file read from a
 * code file's rule, and small message helpers. Pure (reads only through the Project / links).
 */
import type { CodeContext } from '../code-context';
import { caseFoldedDir, type HandlerRef } from '../handlers';
import { buildModel } from '../model/build';
import type { ConfigModel, FunctionModel } from '../model/types';
import { dirname, joinPath, type Project } from '../project';
import { getPath, stringValue } from '../yaml/ast';
import { detectFormat, parseYaml } from '../yaml/parse';
import { ModuleGraph, analyzeHandlerCalls } from './handler-calls';
import type { HandlerCalls, LoadedCode } from './sdk-types';
import { ownedByPath } from '../lru';

/** Another file's parsed code, by path (`ctx.links`). */
export interface Links {
  code(path: string): unknown;
}

function asLoaded(x: unknown): LoadedCode | undefined {
  const c = x as CodeContext | undefined;
  if (!c || typeof c !== 'object' || !c.parsed || !c.parsed.root || c.parsed.skipped) return undefined;
  return { path: c.path, text: c.text, parsed: c.parsed };
}

interface MemoEntry {
  result: HandlerCalls | undefined;
  /** Every module the result read, with the text it had (the result is stale when one changed). */
  deps: { path: string; text: string | undefined }[];
}

/** Per handler parse, per export and roots (for code contexts without `memoText`). */
const callsMemo = new WeakMap<object, Map<string, MemoEntry>>();

function parsedOf(x: unknown): unknown {
  const c = x as CodeContext | undefined;
  return c && typeof c === 'object' ? c.parsed : undefined;
}

/** The text a module was analysed from (undefined when it could not be loaded). */
function textOf(x: unknown): string | undefined {
  return asLoaded(x)?.text;
}

/**
 * Folders Python absolute imports resolve from: the config's folder and the function's CodeUri,
 * read without regard to case when it does not exist as written (as the handler lookup reads it).
 */
function pythonRoots(model: ConfigModel, fn: FunctionModel, configFile: string, project: Project): string[] {
  const dir = dirname(configFile);
  const out = [dir];
  const codeUri = fn.codeUri ?? stringValue(getPath(model.root, 'Globals.Function.CodeUri'));
  if (codeUri && !codeUri.startsWith('s3://')) {
    const base = joinPath(dir, codeUri);
    out.push(base === dir ? base : caseFoldedDir(project, dir, base) ?? base);
  }
  return out;
}

/** Modules analysed in one run (one `links` object), shared by the handlers of that run. */
const graphs = new WeakMap<object, Map<string, ModuleGraph>>();

/**
 * The SDK calls of a function's handler, or undefined when its file cannot be parsed (no code
 * support, too large). Memoised per handler parse (stable while its text is unchanged) and
 * checked against the parses of every module it read; within one run the modules are analysed
 * once for all handlers.
 */
export function handlerCalls(ref: HandlerRef, model: ConfigModel, fn: FunctionModel, links: Links, project: Project): HandlerCalls | undefined {
  const load = (p: string) => links.code(p);
  const main = load(ref.file);
  const mainParsed = parsedOf(main);
  if (!main || !mainParsed || typeof mainParsed !== 'object') return undefined;
  // Per handler text (kept for its last two texts: a config re-analysed while the handler is
  // unchanged, or the keystroke undoing the last one, computes nothing again), checked against the
  // texts of every module the result read.
  const code = main as CodeContext;
  let m: Map<string, MemoEntry> | undefined;
  if (code.memoText) m = code.memoText('handler-calls', () => new Map<string, MemoEntry>());
  else {
    m = callsMemo.get(mainParsed);
    if (!m) callsMemo.set(mainParsed, (m = new Map()));
  }
  const roots = pythonRoots(model, fn, ref.configFile, project);
  const key = `${ref.exportName}|${roots.join(',')}`;
  const hit = m.get(key);
  if (hit && hit.deps.every((d) => textOf(load(d.path)) === d.text)) return hit.result;
  let byRoots = graphs.get(links);
  if (!byRoots) graphs.set(links, (byRoots = new Map()));
  const rootsKey = roots.join(',');
  let graph = byRoots.get(rootsKey);
  const opts = { project, load: (p: string) => asLoaded(load(p)), pythonRoots: roots };
  if (!graph) byRoots.set(rootsKey, (graph = new ModuleGraph(opts)));
  const result = analyzeHandlerCalls(ref.file, ref.exportName, opts, graph);
  const deps = (result?.files ?? [ref.file]).map((p) => ({ path: p, text: textOf(load(p)) }));
  m.set(key, { result, deps });
  return result;
}

const modelCache = ownedByPath(new Map<string, { text: string; model: ConfigModel | undefined }>());
const MODEL_CACHE_MAX = 32;

/** The model of a config file (for rules running on code files), cached per path + text. */
export function configModel(project: Project, path: string): ConfigModel | undefined {
  const text = project.readFile(path);
  if (text === undefined) return undefined;
  const hit = modelCache.get(path);
  if (hit && hit.text === text) return hit.model;
  const parsed = parseYaml(text, { format: detectFormat(path, text) });
  const model = buildModel(path, parsed);
  if (modelCache.size >= MODEL_CACHE_MAX) modelCache.delete(modelCache.keys().next().value!);
  modelCache.set(path, { text, model });
  return model;
}

/**
 * The engine parsed this config text already (incrementally, while it was edited): code rules that
 * need its model (the cross-function app of a handler's config) use it instead of parsing again.
 */
export function rememberConfigModel(path: string, text: string, model: ConfigModel | undefined): void {
  if (modelCache.get(path)?.text === text) return;
  if (modelCache.size >= MODEL_CACHE_MAX) modelCache.delete(modelCache.keys().next().value!);
  modelCache.set(path, { text, model });
}

/** `file` relative to folder `from` (`src/create.ts`, `../lib/db.py`). */
export { relativeTo as relativePath } from '../project';

/** 1-based line of an offset in a text. */
export function lineOf(text: string | undefined, offset: number): number {
  if (text === undefined) return 0;
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
