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
import { planRequirements, slsIamStyle } from './complete';
import { applyEdits, insertIntoMap } from './insert';
import { expandSnippet, indentBody } from './snippet-syntax';
import { snippetFile } from './snippets';
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
}

export interface AddFunctionResult {
  edit?: AuthoringEdit;
  /** Project path of the handler file it creates. */
  handlerFile?: string;
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

  const f = cfg.fields ?? {};
  const overrides: Record<number, string> = {};
  if (f.name !== undefined) overrides[f.name] = fnKey;
  if (f.runtime !== undefined) overrides[f.runtime] = RUNTIMES[req.language];
  if (sam) {
    if (f.codeUri !== undefined) overrides[f.codeUri] = `${relDir}/`;
    if (f.handler !== undefined) overrides[f.handler] = `${base}.${exportName}`;
  } else if (f.handler !== undefined) overrides[f.handler] = `${relDir}/${base}.${exportName}`;

  const unit = indentUnitOf(req.configText);
  const mainPath = sam ? ['Resources'] : ['functions'];
  const plan = planRequirements(cfg, kind, req.configText, root, unit, mainPath);
  Object.assign(overrides, plan.overrides);
  const lines = indentBody(expandSnippet(cfg.body.join('\n'), { overrides }).split('\n'), '', snippetFile(sam ? 'sam' : 'serverless').indent, ' '.repeat(unit)).split('\n');
  const main = insertIntoMap(req.configText, root, mainPath, [...lines, ...plan.appendLines], unit);
  if (!main.edit) return { error: main.unsupported ? `Cannot insert the function: ${main.unsupported}.` : `A function named ${fnKey} already exists.` };
  const configEdits = [...plan.edits];
  // Two inserts at the same offset (e.g. both at the end of the file): keep the function first.
  const sameAt = configEdits.find((e) => e.range.start === main.edit!.range.start);
  if (sameAt) sameAt.newText = main.edit.newText + sameAt.newText.replace(/^\r?\n/, '');
  else configEdits.push(main.edit);

  const hOverrides: Record<number, string> = {};
  if (handler.fields?.handler !== undefined) hOverrides[handler.fields.handler] = exportName;
  // The function's role grants dynamodb:PutItem on the table the config adds (TABLE_NAME): the
  // generated handler stores the validated input there, so the grant is used (least privilege).
  const store = storeValidated(req.language, req.trigger, cfg.body.join('\n').includes('DynamoDBReadPolicy'));
  hOverrides[0] = store.statement;
  const handlerText =
    addPrelude(
      expandSnippet(handler.body.join('\n'), { overrides: hOverrides })
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n'),
      store.imports,
      store.setup,
    ).replace('    pass\n    TABLE.put_item', '    TABLE.put_item') + '\n';

  return {
    handlerFile,
    edit: {
      title: `Add secure ${req.trigger} function ${fnKey}`,
      changes: [
        { file: req.configPath, edits: configEdits },
        { file: handlerFile, create: true, edits: [{ range: { start: 0, end: 0 }, newText: handlerText }] },
      ],
    },
  };
}

/** Code that writes the validated value to the function's table, per language and trigger. */
function storeValidated(language: HandlerLanguage, trigger: Trigger, readOnly: boolean): { imports: string[]; setup: string[]; statement: string } {
  const queue = trigger === 'sqs';
  if (language === 'python') {
    return {
      imports: readOnly ? ['import os', '', 'import boto3'] : ['import os', 'import uuid', '', 'import boto3'],
      setup: ['TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])'],
      statement: readOnly
        ? 'TABLE.get_item(Key={"id": order.product_id})'
        : queue
          ? '\n    TABLE.put_item(Item=message.model_dump())'
          : 'TABLE.put_item(Item={"id": str(uuid.uuid4()), **order.model_dump()})',
    };
  }
  if (readOnly) {
    return {
      imports: ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';"],
      setup: ['const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));'],
      statement: 'await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: order.productId } }));',
    };
  }
  return {
    imports: ["import { randomUUID } from 'node:crypto';", "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';"],
    setup: ['const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));'],
    statement: queue
      ? 'await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: randomUUID(), ...message } }));'
      : 'await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: randomUUID(), ...order } }));',
  };
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

