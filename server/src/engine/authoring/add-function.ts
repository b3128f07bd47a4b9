/**
 * "Add Secure Function…": one edit that inserts a function into serverless.yml or a SAM template
 * (from the config snippet for the chosen trigger, with everything it requires) and creates its
 * handler file (from the handler snippet for the trigger and language). Pure: the caller gives the
 * config text and says which files exist.
 */
import { buildModel } from '../model/build';
import type { ConfigKind } from '../model/types';
import { dirname, joinPath } from '../project';
import { parseYaml } from '../yaml/parse';
import { fieldDefault, planRequirements, slsIamStyle, tablesOf } from './complete';
import { applyEdits, insertIntoMap, joinInsertsAt } from './insert';
import { expandSnippet, indentBody } from './snippet-syntax';
import { snippetFile } from './snippets';
import { planFunction, type FunctionPlan } from './function-plan';
import { readOrDeleteHandler, storeStatement } from './handler-ops';
import { type AuthoringEdit, type HandlerLanguage, type SnippetDef, type Trigger } from './types';
import { indentUnitOf } from './yaml-context';

export interface AddFunctionRequest {
  /** Project path of serverless.yml / the SAM template. */
  configPath: string;
  configText: string;
  name: string;
  trigger: Trigger;
  language: HandlerLanguage;
  /** Does a file exist (open buffer or disk)? */
  exists(path: string): boolean;
  /** Logical id of the DynamoDB table to use (one of `tablesOf`); default: the name's table, added if missing. */
  table?: string;
}

export interface AddFunctionResult {
  edit?: AuthoringEdit;
  /** Project path of the handler file it creates. */
  handlerFile?: string;
  /** What the name was read as (method, route, action). */
  plan?: FunctionPlan;
  /** The table the function uses. */
  table?: string;
  /** DynamoDB tables the config already declares (what a client can offer instead of a new one). */
  tables?: string[];
  error?: string;
}

export const RUNTIMES: Record<HandlerLanguage, string> = { typescript: 'nodejs20.x', javascript: 'nodejs20.x', python: 'python3.12' };
const EXT: Record<HandlerLanguage, string> = { typescript: '.ts', javascript: '.mjs', python: '.py' };

export function isValidFunctionName(name: string): boolean {
  if (name.length < 1 || name.length > 64) return false;
  const c0 = name.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** `createOrder` → `create_order` (Python module names). */
export function snakeCase(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const lower = c.toLowerCase();
    if (c !== lower && i > 0) out += '_';
    out += lower;
  }
  return out;
}

function pascalCase(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

function configSnippet(kind: ConfigKind, trigger: Trigger, style: 'native' | 'plugin'): SnippetDef | undefined {
  const file = snippetFile(kind === 'sam' ? 'sam' : 'serverless');
  return file.snippets.find((s) => s.triggers?.includes(trigger) && (!s.when?.slsIamStyle || s.when.slsIamStyle === style));
}

function handlerSnippet(language: HandlerLanguage, trigger: Trigger): SnippetDef | undefined {
  return snippetFile(language).snippets.find((s) => s.triggers?.includes(trigger));
}

export function buildAddSecureFunction(req: AddFunctionRequest): AddFunctionResult {
  if (!isValidFunctionName(req.name)) return { error: 'Use letters and digits only, starting with a letter (e.g. createOrder).' };
  const parsed = parseYaml(req.configText);
  if (parsed.problems.some((p) => p.severity === 'error')) return { error: 'The config file has syntax errors; fix them first.' };
  const model = buildModel(req.configPath, parsed);
  if (!model || (model.kind !== 'serverless' && model.kind !== 'sam')) return { error: 'Open a serverless.yml or an AWS SAM template first.' };
  const kind = model.kind;
  const root = parsed.root;
  const style = kind === 'serverless' ? slsIamStyle(root) : 'native';
  const cfg = configSnippet(kind, req.trigger, style);
  const handler = handlerSnippet(req.language, req.trigger);
  if (!cfg || !handler) return { error: `No secure template for a ${req.trigger} function in ${req.language}.` };

  const sam = kind === 'sam';
  const fnKey = sam ? `${pascalCase(req.name)}Function` : req.name;
  if (model.functions.some((f) => f.id === fnKey) || (sam && model.resources.some((r) => r.id === fnKey))) return { error: `A function named ${fnKey} already exists.` };
  const base = req.language === 'python' ? snakeCase(req.name) : req.name;
  const relDir = 'src/handlers';
  const handlerFile = joinPath(dirname(req.configPath), `${relDir}/${base}${EXT[req.language]}`);
  if (req.exists(handlerFile)) return { error: `${handlerFile} already exists.` };
  const exportName = 'handler';

  const plan = planFunction(req.name, req.trigger);
  const table = req.table ?? plan.table;
  const f = cfg.fields ?? {};
  const overrides: Record<number, string> = {};
  const set = (field: string, value: string) => {
    if (f[field] !== undefined) overrides[f[field]] = value;
  };
  set('name', fnKey);
  set('runtime', RUNTIMES[req.language]);
  if (sam) {
    set('codeUri', `${relDir}/`);
    set('handler', `${base}.${exportName}`);
    set('event', pascalCase(req.name));
  } else set('handler', `${relDir}/${base}.${exportName}`);
  set('action', plan.action);
  set('table', table);
  set('scope', plan.scope);
  // Keep each format's spelling: REST events in serverless.yml write `post` and `orders`.
  const methodDefault = f.method !== undefined ? fieldDefault(cfg, f.method) : undefined;
  set('method', methodDefault && methodDefault === methodDefault.toLowerCase() ? plan.method.toLowerCase() : plan.method);
  const pathDefault = f.path !== undefined ? fieldDefault(cfg, f.path) : undefined;
  set('path', pathDefault && !pathDefault.startsWith('/') ? plan.path.slice(1) : plan.path);

  const unit = indentUnitOf(req.configText);
  const mainPath = sam ? ['Resources'] : ['functions'];
  const requirements = planRequirements(cfg, kind, req.configText, root, unit, mainPath, { table });
  Object.assign(overrides, requirements.overrides);
  let lines = indentBody(expandSnippet(cfg.body.join('\n'), { overrides }).split('\n'), '', snippetFile(sam ? 'sam' : 'serverless').indent, ' '.repeat(unit)).split('\n');
  // No body to validate (get, list, delete): no request model.
  if (!plan.hasBody) lines = withoutBlock(lines, sam ? 'RequestModel:' : 'request:');
  const main = insertIntoMap(req.configText, root, mainPath, [...lines, ...requirements.appendLines], unit);
  if (!main.edit) return { error: main.unsupported ? `Cannot insert the function: ${main.unsupported}.` : `A function named ${fnKey} already exists.` };
  const configEdits = [...requirements.edits];
  // Two inserts at the same offset (e.g. both at the end of the file): keep the function first.
  const sameAt = configEdits.find((e) => e.range.start === main.edit!.range.start);
  if (sameAt) sameAt.newText = joinInsertsAt(main.edit.newText, sameAt.newText);
  else configEdits.push(main.edit);

  let handlerText: string;
  if (plan.hasBody || req.trigger === 'sqs') {
    const hOverrides: Record<number, string> = {};
    if (handler.fields?.handler !== undefined) hOverrides[handler.fields.handler] = exportName;
    // The role grants exactly the action this statement calls, on the table TABLE_NAME names.
    const store = storeStatement(plan, req.language, req.trigger === 'sqs');
    hOverrides[0] = store.statement;
    handlerText =
      addPrelude(
        expandSnippet(handler.body.join('\n'), { overrides: hOverrides })
          .split('\n')
          .map((l) => l.trimEnd())
          .join('\n'),
        store.imports,
        store.setup,
      ).replace('    pass\n    TABLE.put_item', '    TABLE.put_item') + '\n';
  } else handlerText = readOrDeleteHandler(plan, req.language, exportName);

  const route = req.trigger === 'sqs' ? 'from the queue' : req.trigger === 'function-url' ? 'behind an IAM-authenticated function URL' : `${plan.method} ${plan.path}`;
  return {
    handlerFile,
    plan,
    table,
    tables: tablesOf(root, kind),
    edit: {
      title: `Add secure ${req.trigger} function ${fnKey} (${route}, ${plan.action} on ${table})`,
      changes: [
        { file: req.configPath, edits: configEdits },
        { file: handlerFile, create: true, edits: [{ range: { start: 0, end: 0 }, newText: handlerText }] },
      ],
    },
  };
}

/** Lines without the block that starts with `key` (the key's line and everything indented under it). */
function withoutBlock(lines: string[], key: string): string[] {
  const at = lines.findIndex((l) => l.trimStart() === key);
  if (at < 0) return lines;
  const indent = lines[at].length - lines[at].trimStart().length;
  let end = at + 1;
  while (end < lines.length && (lines[end].trim() === '' || lines[end].length - lines[end].trimStart().length > indent)) end++;
  return [...lines.slice(0, at), ...lines.slice(end)];
}

/** Puts import lines before the snippet's first line and set-up lines after its import block. */
function addPrelude(text: string, imports: string[], setup: string[]): string {
  const lines = text.split('\n');
  let lastImport = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('import ') || l.startsWith('from ')) lastImport = i;
    else if (l.trim() !== '' && lastImport >= 0) break;
  }
  const head = lines.slice(0, lastImport + 1);
  const rest = lines.slice(lastImport + 1);
  return [...imports, ...head, '', ...setup, ...rest].join('\n');
}

/** The config text after the edit (tests, previews). */
export function applyAddFunction(req: AddFunctionRequest, res: AddFunctionResult): string {
  const change = res.edit?.changes.find((c) => c.file === req.configPath);
  return change ? applyEdits(req.configText, change.edits) : req.configText;
}

