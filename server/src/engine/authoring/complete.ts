/**
 * Completion for authoring, as plain data: secure snippets where they belong (YAML path / code
 * position) and IAM action names in policy documents.
 */
import { codeKindOf } from '../engine';
import { isServerlessFileName } from '../model/kind';
import type { ConfigKind } from '../model/types';
import type { FileKind } from '../types';
import { asList, get, getPath, isMap, isSeq, stringValue, type ParsedDocument, type YNode } from '../yaml/ast';
import { detectFormat, parseYaml } from '../yaml/parse';
import { detectKind } from '../model/kind';
import { codeIndentUnit, jsCodeContext, pythonCodeContext } from './code-context';
import { actionCompletions, actionTokenAt } from './iam-complete';
import { insertIntoMap, joinInsertsAt, topKeys } from './insert';
import { escapeSnippetText, expandSnippet, indentBody, renderSnippetSyntax } from './snippet-syntax';
import { contextsFor, snippetById, snippetsForKind } from './snippets';
import type { AuthoringCompletion, SnippetDef, SnippetFile } from './types';
import { indentUnitOf, pathMatches, yamlKeyContext, type KeyContext } from './yaml-context';

export interface CompletionInput {
  /** Project path of the file (decides the format). */
  path: string;
  text: string;
  offset: number;
  /** The file's kind when the engine knows it; otherwise detected from the name and content. */
  kind?: FileKind;
  /** Link for a rule id (its docs page) when the rule is registered. */
  ruleLink?: (ruleId: string) => string | undefined;
  /**
   * Parses config text (default: a full parse). The language server passes the engine's cached,
   * incremental parser: completion parses the document as it was before the prefix was typed,
   * which differs from the last analysed text by one line.
   */
  parse?: (text: string) => ParsedDocument;
}

/** Kind of a file for authoring: the engine's kind, else a guess that survives half-typed text. */
export function authoringKind(path: string, text: string, known?: FileKind): FileKind | undefined {
  if (known) return known;
  const code = codeKindOf(path);
  if (code) return code;
  if (isServerlessFileName(path)) return 'serverless';
  const lower = path.toLowerCase();
  if (!(lower.endsWith('.yml') || lower.endsWith('.yaml') || lower.endsWith('.json') || lower.endsWith('.template'))) return undefined;
  const head = text.slice(0, 8192);
  if (head.includes('AWS::Serverless-2016-10-31')) return 'sam';
  if (head.includes('AWSTemplateFormatVersion') || head.includes('AWS::')) {
    const parsed = parseYaml(text, { format: detectFormat(path, text) });
    return detectKind(path, parsed.root) ?? 'cfn';
  }
  return undefined;
}

export function authoringCompletions(input: CompletionInput): AuthoringCompletion[] {
  const kind = authoringKind(input.path, input.text, input.kind);
  if (!kind || kind === 'chalice') return []; // nothing to complete in Chalice's config.json
  if (kind === 'serverless' || kind === 'sam' || kind === 'cfn') {
    const tok = actionTokenAt(input.text, input.offset);
    if (tok) return actionCompletions(tok, input.offset);
    if (detectFormat(input.path, input.text) === 'json') return [];
    return configSnippetCompletions(input, kind);
  }
  return codeSnippetCompletions(input, kind);
}

// ---------------------------------------------------------------------------------------------
// Config snippets

/** Which per-function IAM style a serverless.yml uses (see the `when` of function snippets). */
export function slsIamStyle(root: YNode | null | undefined): 'native' | 'plugin' {
  const plugins = get(root, 'plugins');
  const list = isMap(plugins) ? asList(get(plugins, 'modules')) : asList(plugins);
  if (list.some((p) => stringValue(p) === 'serverless-iam-roles-per-function')) return 'plugin';
  const fns = get(root, 'functions');
  for (const m of isSeq(fns) ? fns.items : [fns]) {
    if (!isMap(m)) continue;
    for (const e of m.entries) {
      if (get(e.value, 'iamRoleStatements') != null) return 'plugin';
      if (isMap(getPath(e.value, 'iam.role'))) return 'native';
    }
  }
  const fv = stringValue(get(root, 'frameworkVersion')) ?? String((get(root, 'frameworkVersion') as { value?: unknown } | undefined)?.value ?? '');
  const digits = fv.split('').filter((c) => c >= '0' && c <= '9');
  if (digits.length && (digits[0] === '1' || digits[0] === '2' || digits[0] === '3') && !fv.includes('4')) return 'plugin';
  return 'native';
}

interface DocContext {
  kind: ConfigKind;
  /** Text with the typed prefix removed, and its parse. */
  text: string;
  root: YNode | null;
  unit: number;
  kctx: KeyContext;
  /** Length of the removed prefix (offsets after `kctx.prefixStart` shift by it). */
  removed: number;
  cursorLineEnd: number;
}

function configSnippetCompletions(input: CompletionInput, kind: ConfigKind): AuthoringCompletion[] {
  const kctx = yamlKeyContext(input.text, input.offset);
  if (!kctx || kctx.inSequenceItem) return [];
  // Cheap filter first: parsing is only needed when some snippet belongs at this path.
  const candidates = snippetsForKind(kind).filter(({ contexts }) => contexts.some((c) => pathMatches(kctx.path, c)));
  if (!candidates.length) return [];
  const text = input.text.slice(0, kctx.prefixStart) + input.text.slice(input.offset);
  const parsed = input.parse ? input.parse(text) : parseYaml(text);
  let lineEnd = input.offset;
  while (lineEnd < input.text.length && input.text.charCodeAt(lineEnd) !== 10 && input.text.charCodeAt(lineEnd) !== 13) lineEnd++;
  const doc: DocContext = { kind, text, root: parsed.root, unit: indentUnitOf(input.text), kctx, removed: input.offset - kctx.prefixStart, cursorLineEnd: lineEnd };
  const style = kind === 'serverless' ? slsIamStyle(parsed.root) : undefined;
  const target = getPath(parsed.root, kctx.path);
  const out: AuthoringCompletion[] = [];
  for (const { def, file } of candidates) {
    if (def.when?.slsIamStyle && def.when.slsIamStyle !== style) continue;
    // Literal top-level keys that already exist here would make the map invalid.
    const literalKeys = topKeys(def.body).filter((k) => !k.includes('$'));
    if (isMap(target) && literalKeys.some((k) => target.entries.some((e) => e.key.value === k))) continue;
    const item = configSnippetItem(def, file, doc, input);
    if (item) out.push(item);
  }
  return out;
}

/** Current defaults of a snippet's fields that depend on the file (runtime). */
function fileDefaults(def: SnippetDef, doc: { kind: ConfigKind; root: YNode | null }, at: readonly string[]): Record<number, string> {
  const o: Record<number, string> = {};
  // The snippet's first key is a tab stop (`${1:createOrder}:`) whose default is already a key of
  // the map it goes into: a duplicate key. Number it (`createOrder2`).
  const key = keyTabStop(def);
  if (key) {
    const siblings = at.length ? getPath(doc.root, [...at]) : doc.root;
    const taken = new Set(isMap(siblings) ? siblings.entries.map((e) => String(e.key.value)) : []);
    if (taken.has(key.value)) o[key.index] = uniqueName(key.value, taken);
  }
  const rt = def.fields?.runtime;
  if (rt !== undefined) {
    const runtime = doc.kind === 'serverless' ? stringValue(getPath(doc.root, 'provider.runtime')) : stringValue(getPath(doc.root, 'Globals.Function.Runtime'));
    if (runtime) o[rt] = runtime;
  }
  return o;
}

export interface RequirementPlan {
  /** Tab-stop overrides for the main snippet (bound to existing resources). */
  overrides: Record<number, string>;
  /** Plain-text edits elsewhere in the document (offsets into `doc.text`). */
  edits: { range: { start: number; end: number }; newText: string }[];
  /** Lines (plain, relative indentation in the document's unit) to add after the main snippet. */
  appendLines: string[];
}

type Resolver = (root: YNode | null, main: SnippetDef, values: Record<string, string>) => { present: boolean; bind?: Record<string, string>; extra?: { snippet: string; path: string[] }[] } | undefined;

function firstResource(root: YNode | null, type: string): { id: string; props: YNode | null | undefined } | undefined {
  const res = get(root, 'Resources');
  if (!isMap(res)) return undefined;
  for (const e of res.entries) if (stringValue(get(e.value, 'Type')) === type) return { id: String(e.key.value), props: get(e.value, 'Properties') };
  return undefined;
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable']);

/** Logical ids of the DynamoDB tables a config declares (SAM/CloudFormation `Resources`, serverless `resources.Resources`). */
export function tablesOf(root: YNode | null, kind: ConfigKind): string[] {
  const res = kind === 'serverless' ? getPath(root, 'resources.Resources') : get(root, 'Resources');
  if (!isMap(res)) return [];
  return res.entries.filter((e) => TABLE_TYPES.has(stringValue(get(e.value, 'Type')) ?? '')).map((e) => String(e.key.value));
}

/** Requirements that may already be satisfied by something with another name. */
const RESOLVERS: Record<string, Resolver> = {
  // A table the caller named, or else the file's table: bind the function to it rather than add one.
  'cfn.dynamodb-table': (root, main, values) => {
    const kind: ConfigKind = main.id.startsWith('sls.') ? 'serverless' : 'sam';
    const tables = tablesOf(root, kind);
    const chosen = values.table !== undefined ? tables.find((t) => t === values.table) : tables[0];
    if (chosen === undefined) return undefined;
    return { present: true, bind: { table: chosen } };
  },
  'sls.provider.httpapi-jwt': (root) => {
    const auths = getPath(root, 'provider.httpApi.authorizers');
    if (!isMap(auths) || !auths.entries.length) return undefined;
    return { present: true, bind: { authorizer: String(auths.entries[0].key.value) } };
  },
  'sam.httpapi-jwt': (root) => {
    const api = firstResource(root, 'AWS::Serverless::HttpApi');
    if (!api) return undefined;
    const auth = get(api.props, 'Auth');
    const authorizers = get(auth, 'Authorizers');
    const name = stringValue(get(auth, 'DefaultAuthorizer')) ?? (isMap(authorizers) && authorizers.entries.length ? String(authorizers.entries[0].key.value) : undefined);
    return { present: true, bind: { api: api.id, ...(name ? { authorizer: name } : {}) } };
  },
  'sam.api-cognito': (root, main) => {
    const res = get(root, 'Resources');
    if (!isMap(res)) return undefined;
    for (const e of res.entries) {
      if (stringValue(get(e.value, 'Type')) !== 'AWS::Serverless::Api') continue;
      const authorizers = getPath(e.value, 'Properties.Auth.Authorizers');
      if (!isMap(authorizers)) continue;
      const cognito = authorizers.entries.find((a) => get(a.value, 'UserPoolArn') != null);
      if (!cognito) continue;
      const id = String(e.key.value);
      const modelField = main.fields?.model;
      const modelName = modelField !== undefined ? fieldDefault(main, modelField) : undefined;
      const models = getPath(e.value, 'Properties.Models');
      const extra = modelName && !(isMap(models) && models.entries.some((m) => m.key.value === modelName)) ? [{ snippet: 'sam.api-model', path: ['Resources', id, 'Properties', 'Models'] }] : [];
      return { present: true, bind: { api: id, authorizer: String(cognito.key.value) }, extra };
    }
    return undefined;
  },
};

/** The tab stop that names the snippet's first key, `${1:createOrder}:`. */
function keyTabStop(def: SnippetDef): { index: number; value: string } | undefined {
  const first = def.body[0] ?? '';
  if (!first.startsWith('${') || !first.endsWith('}:')) return undefined;
  const colon = first.indexOf(':');
  const index = Number(first.slice(2, colon));
  const value = first.slice(colon + 1, -2);
  return Number.isInteger(index) && value && !value.includes('$') ? { index, value } : undefined;
}

/** `createOrder` → `createOrder2` (`CreateOrderFunction` → `CreateOrder2Function`), the first one not taken. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  const suffix = name.endsWith('Function') ? 'Function' : '';
  const stem = name.slice(0, name.length - suffix.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}${n}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The default text of tab stop `index` in a snippet body (`${3:createOrder}` → `createOrder`). */
export function fieldDefault(def: SnippetDef, index: number): string | undefined {
  const marker = `\${${index}:`;
  for (const l of def.body) {
    const i = l.indexOf(marker);
    if (i >= 0) {
      const end = l.indexOf('}', i);
      if (end > 0) return l.slice(i + marker.length, end);
    }
  }
  return undefined;
}

/** Expanded companion lines in the document's indentation unit (relative, column 0). */
function companionLines(def: SnippetDef, file: SnippetFile, unit: number, values: Record<string, string> = {}): string[] {
  const overrides: Record<number, string> = {};
  for (const [field, value] of Object.entries(values)) {
    const idx = def.fields?.[field];
    if (idx !== undefined) overrides[idx] = value;
  }
  const plain = expandSnippet(def.body.join('\n'), { overrides }).split('\n');
  return indentBody(plain, '', file.indent, ' '.repeat(unit)).split('\n');
}

/**
 * Works out what a snippet's `requires` add to the document (or bind to existing resources).
 * `values` names the companions' fields by meaning (`table: 'CustomersTable'`) when the caller
 * chose them; a requirement already in the file binds the main snippet's field instead.
 */
export function planRequirements(def: SnippetDef, kind: ConfigKind, text: string, root: YNode | null, unit: number, mainPath: readonly string[], values: Record<string, string> = {}): RequirementPlan {
  const plan: RequirementPlan = { overrides: {}, edits: [], appendLines: [] };
  const seen = new Set<string>();
  const visit = (d: SnippetDef, depth: number) => {
    for (const reqId of d.requires ?? []) {
      if (seen.has(reqId) || depth > 4) continue;
      seen.add(reqId);
      const req = snippetById(reqId);
      if (!req) continue;
      const resolved = RESOLVERS[reqId]?.(root, def, values);
      if (resolved?.present) {
        for (const [field, value] of Object.entries(resolved.bind ?? {})) {
          const idx = def.fields?.[field];
          if (idx !== undefined) plan.overrides[idx] = value;
        }
        for (const x of resolved.extra ?? []) {
          const s = snippetById(x.snippet);
          if (!s) continue;
          const r = insertIntoMap(text, root, x.path, companionLines(s.def, s.file, unit), unit);
          if (r.edit) plan.edits.push(r.edit);
        }
        continue;
      }
      const ctx = contextsFor(req.def, kind)[0];
      if (ctx === undefined) continue;
      const path = ctx === '' ? [] : ctx.split('.');
      const lines = companionLines(req.def, req.file, unit, values);
      if (path.length === mainPath.length && path.every((p, i) => p === mainPath[i])) {
        const existing = getPath(root, path);
        const first = topKeys(lines)[0];
        if (!(isMap(existing) && existing.entries.some((e) => e.key.value === first)) && !plan.appendLines.includes(lines[0])) plan.appendLines.push(...lines);
      } else if (insertIntoMap(text, root, path, lines, unit).edit) {
        // Companions for the same map are inserted together (one `resources:` block, not two).
        const key = path.join('\u0000');
        const group = pending.get(key);
        if (group) group.lines.push(...lines);
        else pending.set(key, { path, lines: [...lines] });
      }
      visit(req.def, depth + 1);
    }
  };
  const pending = new Map<string, { path: string[]; lines: string[] }>();
  visit(def, 0);
  for (const { path, lines } of pending.values()) {
    const r = insertIntoMap(text, root, path, lines, unit);
    if (!r.edit) continue;
    // Two maps whose inserts land at the same place (e.g. both at the end of the file): concatenate.
    const same = plan.edits.find((e) => e.range.start === r.edit!.range.start);
    if (same) same.newText = joinInsertsAt(same.newText, r.edit.newText);
    else plan.edits.push(r.edit);
  }
  return plan;
}

function configSnippetItem(def: SnippetDef, file: SnippetFile, doc: DocContext, input: CompletionInput): AuthoringCompletion | undefined {
  const unitStr = ' '.repeat(doc.unit);
  const plan = planRequirements(def, doc.kind, doc.text, doc.root, doc.unit, doc.kctx.path);
  const overrides = { ...fileDefaults(def, doc, doc.kctx.path), ...plan.overrides };
  const additional: { range: { start: number; end: number }; newText: string }[] = [];
  const trailing: string[] = [];
  for (const e of plan.edits) {
    // Offsets are in the text without the typed prefix: map them back.
    const at = e.range.start >= doc.kctx.prefixStart ? e.range.start + doc.removed : e.range.start;
    if (at >= doc.kctx.prefixStart && at <= doc.cursorLineEnd + 1) {
      // Would touch the line being completed: put it into the main text instead.
      trailing.push(e.newText.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
      continue;
    }
    additional.push({ range: { start: at, end: at }, newText: e.newText });
  }
  const bodyLines = [...def.body, ...plan.appendLines.map(escapeSnippetText)];
  const indent = ' '.repeat(doc.kctx.indent);
  let snippetBody = indentBody(bodyLines, indent, file.indent, unitStr);
  let plainBody = expandSnippet(snippetBody, { overrides });
  snippetBody = renderSnippetSyntax(snippetBody, { overrides });
  if (trailing.length) {
    // Absolute lines after the snippet: they start at column 0.
    const t = trailing.join('\n');
    snippetBody += '\n' + escapeSnippetText(t);
    plainBody += '\n' + t;
  }
  const range = { start: doc.kctx.prefixStart, end: input.offset };
  return {
    label: def.prefix,
    kind: 'snippet',
    detail: def.name,
    documentation: snippetDocs(def, plainBody, 'yaml', input.ruleLink, doc.kctx.indent, additional.length > 0 || trailing.length > 0),
    newText: snippetBody,
    plainText: plainBody,
    snippet: true,
    range,
    filterText: def.prefix,
    sortText: `0${def.prefix}`,
    ...(additional.length ? { additionalEdits: additional } : {}),
    snippetId: def.id,
  };
}

function snippetDocs(def: SnippetDef, preview: string, lang: string, ruleLink: CompletionInput['ruleLink'], indent: number, addsElsewhere = false): string {
  const parts = [def.description];
  if (def.prevents.length) {
    parts.push(
      'Prevents: ' +
        def.prevents
          .map((id) => {
            const href = ruleLink?.(id);
            return href ? `[${id}](${href})` : `\`${id}\``;
          })
          .join(', '),
    );
  }
  if (addsElsewhere) parts.push('Also adds what it needs elsewhere in this file (see the description).');
  // The preview without the cursor's indentation (lines after the first carry it).
  const shown = preview.split('\n').map((l, i) => (i > 0 ? l.slice(Math.min(indent, l.length - l.trimStart().length)) : l));
  parts.push('```' + lang + '\n' + shown.slice(0, 40).join('\n') + (shown.length > 40 ? '\n…' : '') + '\n```');
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Code snippets

function codeSnippetCompletions(input: CompletionInput, kind: FileKind): AuthoringCompletion[] {
  const ctx =
    kind === 'python'
      ? pythonCodeContext(input.text, input.offset)
      : jsCodeContext(input.text, input.offset, kind === 'javascript' ? 'javascript' : input.path.toLowerCase().endsWith('.tsx') ? 'tsx' : 'typescript');
  if (!ctx) return [];
  const out: AuthoringCompletion[] = [];
  let ls = ctx.prefixStart;
  while (ls > 0 && input.text.charCodeAt(ls - 1) !== 10) ls--;
  const indent = input.text.slice(ls, ctx.prefixStart);
  for (const { def, file } of snippetsForKind(kind)) {
    if (!def.contexts.includes(ctx.position)) continue;
    const unit = codeIndentUnit(input.text, ' '.repeat(file.indent));
    const snippetBody = indentBody(def.body, indent, file.indent, unit);
    const plainBody = expandSnippet(snippetBody);
    out.push({
      label: def.prefix,
      kind: 'snippet',
      detail: def.name,
      documentation: snippetDocs(def, plainBody, kind === 'python' ? 'python' : kind === 'typescript' ? 'ts' : 'js', input.ruleLink, indent.length),
      newText: renderSnippetSyntax(snippetBody),
      plainText: plainBody,
      snippet: true,
      range: { start: ctx.prefixStart, end: input.offset },
      filterText: def.prefix,
      sortText: `0${def.prefix}`,
      snippetId: def.id,
    });
  }
  return out;
}
