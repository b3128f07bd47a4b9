/**
 * Where a function's handler code lives, from the config alone: serverless `handler:
 * src/orders/create.main` → `src/orders/create.{ts,js,mjs,cjs,…}` / `.py`; SAM `CodeUri` + `Handler`
 * (Python dotted module paths); CloudFormation/SAM inline code. Existence is checked through the
 * project's read-only file source (never executed, never required).
 */
import type { FunctionModel } from '../model/types';
import { dirname, joinPath, type Project } from '../project';

export interface HandlerLocation {
  /** Handler as written (`src/create.handler`). */
  handler?: string;
  /** Exported function name (`handler`). */
  exportName?: string;
  /** Candidate files, most likely first (project paths). */
  candidates: string[];
  /** The first candidate that exists, when one does. */
  found?: string;
  inline?: boolean;
}

const NODE_EXTS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.tsx'];

export function isPythonRuntime(runtime: string | undefined): boolean {
  return !!runtime && runtime.startsWith('python');
}

/** Resolves a function's handler to candidate files relative to the config file's directory. */
export function locateHandler(configPath: string, fn: FunctionModel, project?: Project): HandlerLocation {
  if (fn.inlineCode) return { inline: true, candidates: [] };
  const handler = fn.handler?.kind === 'literal' ? fn.handler.text : undefined;
  if (!handler) return { candidates: [] };
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return { handler, candidates: [] };
  const exportName = handler.slice(dot + 1);
  let modulePath = handler.slice(0, dot);
  const base = dirname(configPath);
  const codeDir = fn.codeUri && !fn.codeUri.startsWith('s3://') ? joinPath(base, fn.codeUri) : base;
  const py = isPythonRuntime(fn.runtime);
  const candidates: string[] = [];
  if (py || !fn.runtime) {
    // Python modules: `pkg.mod.func` → pkg/mod.py
    const pyPath = modulePath.includes('/') ? modulePath : modulePath.split('.').join('/');
    candidates.push(joinPath(codeDir, pyPath + '.py'));
  }
  if (!py) {
    if (modulePath.startsWith('./')) modulePath = modulePath.slice(2);
    for (const ext of NODE_EXTS) candidates.push(joinPath(codeDir, modulePath + ext));
  }
  if (!fn.runtime) {
    // Unknown runtime: try Node first, Python after.
    candidates.push(candidates.shift()!);
  }
  let found: string | undefined;
  if (project) {
    const listed = new Map<string, string[] | undefined>();
    for (const c of candidates) {
      const d = dirname(c);
      if (!listed.has(d)) listed.set(d, project.listDir(d));
      const names = listed.get(d);
      const exists = names ? names.includes(c.slice(d.length + 1)) : project.readFile(c) !== undefined;
      if (exists) {
        found = c;
        break;
      }
    }
  }
  return { handler, exportName, candidates, found };
}

/** `a/b/c` relative to the directory of `from` (for display). */
export function relativeTo(from: string, p: string): string {
  const base = dirname(from);
  if (p.startsWith(base + '/')) return p.slice(base.length + 1);
  return p;
}
