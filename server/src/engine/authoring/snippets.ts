/**
 * The secure-snippet catalogue: the JSON files in `snippets/` (one per format), bundled into the
 * server by esbuild (JSON imports), plus the lookups the completion provider and the "Add Secure
 * Function" command use, and the generator of the VS Code `contributes.snippets` files.
 */
import cloudformation from '../../../../snippets/cloudformation.json';
import javascript from '../../../../snippets/javascript.json';
import python from '../../../../snippets/python.json';
import sam from '../../../../snippets/sam.json';
import serverless from '../../../../snippets/serverless.json';
import typescript from '../../../../snippets/typescript.json';
import type { FileKind } from '../types';
import { SNIPPET_FORMATS, type SnippetDef, type SnippetFile, type SnippetFormat } from './types';

const FILES: Record<SnippetFormat, SnippetFile> = {
  serverless: serverless as SnippetFile,
  sam: sam as SnippetFile,
  cloudformation: cloudformation as SnippetFile,
  javascript: javascript as SnippetFile,
  typescript: typescript as SnippetFile,
  python: python as SnippetFile,
};

export function snippetFile(format: SnippetFormat): SnippetFile {
  return FILES[format];
}

export function allSnippetFiles(): SnippetFile[] {
  return SNIPPET_FORMATS.map((f) => FILES[f]);
}

let byId: Map<string, { def: SnippetDef; file: SnippetFile }> | undefined;

export function snippetById(id: string): { def: SnippetDef; file: SnippetFile } | undefined {
  if (!byId) {
    byId = new Map();
    for (const file of allSnippetFiles()) for (const def of file.snippets) byId.set(def.id, { def, file });
  }
  return byId.get(id);
}

/**
 * The snippet files whose snippets can appear in a file of this kind, with the context patterns
 * that apply to it. `cloudformation` snippets are shared by CloudFormation, SAM and serverless.yml
 * (`resources.Resources`); their contexts say which kind they are for (`sam:Resources`).
 */
export function snippetsForKind(kind: FileKind): { def: SnippetDef; file: SnippetFile; contexts: string[] }[] {
  const out: { def: SnippetDef; file: SnippetFile; contexts: string[] }[] = [];
  const add = (format: SnippetFormat) => {
    const file = FILES[format];
    for (const def of file.snippets) {
      const contexts = contextsFor(def, kind);
      if (contexts.length) out.push({ def, file, contexts });
    }
  };
  switch (kind) {
    case 'serverless':
      add('serverless');
      add('cloudformation');
      break;
    case 'sam':
      add('sam');
      add('cloudformation');
      break;
    case 'cfn':
      add('cloudformation');
      break;
    case 'chalice':
      break; // no snippets for Chalice's config.json
    default:
      add(kind);
  }
  return out;
}

/** The context patterns of a snippet that apply to a file kind (kind qualifiers removed). */
export function contextsFor(def: SnippetDef, kind: FileKind): string[] {
  const out: string[] = [];
  for (const c of def.contexts) {
    const colon = c.indexOf(':');
    if (colon < 0) {
      if (kindOfFormat(formatOf(def)) === kind) out.push(c);
      continue;
    }
    if (c.slice(0, colon) === kind) out.push(c.slice(colon + 1));
  }
  return out;
}

function formatOf(def: SnippetDef): SnippetFormat {
  for (const f of SNIPPET_FORMATS) if (FILES[f].snippets.includes(def)) return f;
  return 'serverless';
}

export function kindOfFormat(format: SnippetFormat): FileKind | undefined {
  switch (format) {
    case 'serverless':
      return 'serverless';
    case 'sam':
      return 'sam';
    case 'cloudformation':
      return undefined; // contexts are always kind-qualified
    default:
      return format;
  }
}

/** The VS Code snippet file generated from one format's data (see `contributes.snippets`). */
export function vscodeSnippetFile(file: SnippetFile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of file.snippets) {
    const entry: Record<string, unknown> = {
      // No `prefix`: in VS Code the language server offers these as completions where they belong
      // (by YAML path / code position); the contributed copies are for "Insert Snippet" only, so
      // they never show up twice in the suggestion list.
      body: def.body,
      description: `${plainDescription(def.description)} (Serverless Guard · in completions as \`${def.prefix}\`)`,
    };
    if (file.include) entry.include = file.include;
    out[`Serverless Guard: ${def.name}`] = entry;
  }
  return out;
}

function plainDescription(md: string): string {
  return md.split('`').join('');
}
