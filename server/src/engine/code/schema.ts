/**
 * What validators constrain: regex character analysis, schema builders (zod, joi, yup), JSON
 * Schema literals (ajv, middy validator, Powertools, jsonschema), and applying a schema to a
 * value so that only unconstrained (free-form) fields stay tainted.
 *
 * "Constrained" is per sink kind: a string limited to `[a-z0-9-]` cannot break out of an SQL
 * literal, a shell word or a path segment, but it can still be a hostname.
 */
import { ALL, BIT, type AV, CLEAN, FREE_SCHEMA, SAFE_SCHEMA, type Schema, clearKinds, flowsOf, unionFlows } from './values';

// ---------------------------------------------------------------------------------------------
// Character sets of regex patterns

interface CharSet {
  any: boolean;
  letters: boolean;
  digits: boolean;
  chars: Set<string>;
}

function emptySet(): CharSet {
  return { any: false, letters: false, digits: false, chars: new Set() };
}

const WS = [' ', '\t', '\n', '\r', '\f', '\v'];

function addRange(cs: CharSet, a: number, b: number): void {
  if (b < a) return;
  if (b - a > 300) { cs.any = true; return; }
  for (let c = a; c <= b; c++) {
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) cs.letters = true;
    else if (c >= 48 && c <= 57) cs.digits = true;
    else cs.chars.add(String.fromCharCode(c));
  }
}

function addChar(cs: CharSet, ch: string): void {
  const c = ch.charCodeAt(0);
  addRange(cs, c, c);
}

function addEscape(cs: CharSet, e: string): void {
  switch (e) {
    case 'd': cs.digits = true; return;
    case 'w': cs.letters = true; cs.digits = true; cs.chars.add('_'); return;
    case 's': for (const w of WS) cs.chars.add(w); return;
    case 'D': case 'W': case 'S': case 'p': case 'P': cs.any = true; return;
    case 'n': cs.chars.add('\n'); return;
    case 't': cs.chars.add('\t'); return;
    case 'r': cs.chars.add('\r'); return;
    case 'b': case 'B': case 'A': case 'Z': case 'z': case 'G': return;
    default: addChar(cs, e);
  }
}

interface PatternInfo {
  allowed: CharSet;
  startAnchored: boolean;
  endAnchored: boolean;
  topAlt: boolean;
}

/** Scan a regex pattern (the literal's body) for anchors and the characters it can match. */
export function scanPattern(p: string): PatternInfo {
  const cs = emptySet();
  let i = 0;
  let depth = 0;
  let startAnchored = false;
  let endAnchored = false;
  let topAlt = false;
  if (p.startsWith('^')) { startAnchored = true; i = 1; }
  else if (p.startsWith('\\A')) { startAnchored = true; i = 2; }
  while (i < p.length) {
    const ch = p[i];
    if (ch === '\\') {
      const e = p[i + 1] ?? '';
      if ((e === 'Z' || e === 'z') && i + 2 === p.length) endAnchored = true;
      else if (e === 'x' || e === 'u') { cs.any = true; i += 2; continue; }
      else addEscape(cs, e);
      i += 2;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      const negated = p[j] === '^';
      if (negated) j++;
      const cls = emptySet();
      let first = true;
      while (j < p.length && (p[j] !== ']' || first)) {
        first = false;
        let c = p[j];
        let code: number;
        if (c === '\\') {
          const e = p[j + 1] ?? '';
          j += 2;
          if ('dwsDWSpP'.includes(e)) { addEscape(cls, e); continue; }
          c = e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          code = c.charCodeAt(0);
        } else { code = c.charCodeAt(0); j++; }
        if (p[j] === '-' && p[j + 1] !== undefined && p[j + 1] !== ']') {
          let hi = p[j + 1];
          j += 2;
          if (hi === '\\') { hi = p[j] ?? hi; j++; }
          addRange(cls, code, hi.charCodeAt(0));
        } else addRange(cls, code, code);
      }
      i = j + 1;
      if (negated) cs.any = true;
      else {
        if (cls.any) cs.any = true;
        if (cls.letters) cs.letters = true;
        if (cls.digits) cs.digits = true;
        for (const c of cls.chars) cs.chars.add(c);
      }
      continue;
    }
    if (ch === '(') {
      depth++;
      if (p[i + 1] === '?') {
        // (?: (?= (?! (?<name> (?P<name>
        let j = i + 2;
        if (p[j] === 'P' && p[j + 1] === '<') j++;
        if (p[j] === '<' && p[j + 1] !== '=' && p[j + 1] !== '!') { const close = p.indexOf('>', j); j = close > 0 ? close + 1 : j + 1; }
        else j++;
        i = j;
        continue;
      }
      i++;
      continue;
    }
    if (ch === ')') { depth--; i++; continue; }
    if (ch === '|') { if (depth === 0) topAlt = true; i++; continue; }
    if (ch === '{') {
      const close = p.indexOf('}', i);
      if (close > i && /^\{\d*,?\d*\}$/.test(p.slice(i, close + 1))) { i = close + 1; continue; }
      addChar(cs, ch);
      i++;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?') { i++; continue; }
    if (ch === '$') { if (i === p.length - 1) endAnchored = true; i++; continue; }
    if (ch === '^') { i++; continue; }
    if (ch === '.') { cs.any = true; i++; continue; }
    addChar(cs, ch);
    i++;
  }
  return { allowed: cs, startAnchored, endAnchored, topAlt };
}

const DANGER: Readonly<Record<keyof typeof BIT, { chars: string; letters?: boolean; digitsOk?: boolean; onlyWord?: boolean }>> = {
  sql: { chars: '\'"\\; \t\n\r()=#*/' },
  nosql: { chars: '$\'"(){};' },
  command: { chars: ';|&$`\'"<>()\n\r\\*?[]{}~!# \t' },
  'code-eval': { chars: '', onlyWord: true },
  'path-traversal': { chars: '/\\' },
  ssrf: { chars: ':/@.\\', letters: true },
  deserialization: { chars: '', onlyWord: true },
  xss: { chars: '<>"\'`' },
  'open-redirect': { chars: '/\\:' },
  'dynamic-require': { chars: '/.\\' },
  xxe: { chars: '<&%' },
};

/** Sink kinds for which a value made only of `cs` characters is harmless. */
export function maskFromCharSet(cs: CharSet): number {
  if (cs.any) return 0;
  let m = 0;
  for (const k of Object.keys(DANGER) as (keyof typeof BIT)[]) {
    const d = DANGER[k];
    if (d.letters && cs.letters) continue;
    if (d.onlyWord) {
      let ok = true;
      for (const c of cs.chars) if (c !== '_' && c !== '-' && c !== '.') { ok = false; break; }
      if (!ok) continue;
    } else {
      let bad = false;
      for (const c of d.chars) if (cs.chars.has(c)) { bad = true; break; }
      if (bad) continue;
    }
    m |= BIT[k];
  }
  return m;
}

/**
 * Kinds cleared by a successful match of `pattern`. `full`: the API matches the whole string
 * (`re.fullmatch`); `startOnly`: anchored at the start by the API (`re.match`).
 */
export function regexMask(pattern: string, flags = '', mode: 'search' | 'match' | 'full' = 'search'): number {
  if (flags.includes('m') || flags.includes('M')) return 0;
  const info = scanPattern(pattern);
  if (info.topAlt && mode !== 'full') return 0;
  const start = mode !== 'search' || info.startAnchored;
  const end = mode === 'full' || info.endAnchored;
  if (!start || !end) return 0;
  return maskFromCharSet(info.allowed);
}

/**
 * `x.replace(/[^a-z0-9]/g, '')` / `re.sub(r'[^\w-]', '', x)`: a negated character class removed
 * globally leaves only the class members. Returns the kinds cleared, or 0.
 */
export function stripClassMask(pattern: string, flags: string, replacement: string | undefined, global: boolean): number {
  if (!global || replacement === undefined) return 0;
  if (!pattern.startsWith('[^')) return 0;
  // the pattern must be exactly one negated class, optionally followed by + or *
  let j = 2;
  while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
  const rest = pattern.slice(j + 1);
  if (rest !== '' && rest !== '+' && rest !== '*') return 0;
  const inner = pattern.slice(2, j);
  const info = scanPattern(`^[${inner}]+$`);
  const cs = info.allowed;
  for (const ch of replacement) addChar(cs, ch);
  void flags;
  return maskFromCharSet(cs);
}

// ---------------------------------------------------------------------------------------------
// Schemas

export function weaker(a: Schema, b: Schema): Schema {
  if (a.k === 'unknown' || b.k === 'unknown') return { k: 'unknown' };
  if (a.k === 'str' && b.k === 'str') return { k: 'str', mask: a.mask & b.mask };
  if (a.k === 'arr' && b.k === 'arr') return { k: 'arr', el: weaker(a.el, b.el) };
  if (a.k === 'obj' && b.k === 'obj') {
    const props = new Map<string, Schema>();
    for (const [k, v] of a.props) props.set(k, b.props.has(k) ? weaker(v, b.props.get(k)!) : (b.strict ? v : FREE_SCHEMA));
    for (const [k, v] of b.props) if (!props.has(k)) props.set(k, a.strict ? v : FREE_SCHEMA);
    return { k: 'obj', props, strict: a.strict && b.strict };
  }
  return FREE_SCHEMA;
}

export function mergeObj(a: Schema, b: Schema): Schema {
  if (a.k !== 'obj') return b;
  if (b.k !== 'obj') return a;
  const props = new Map(a.props);
  for (const [k, v] of b.props) props.set(k, v);
  return { k: 'obj', props, strict: a.strict && b.strict };
}

function constOf(av: AV | undefined): unknown {
  return av && av.hasC ? av.c : undefined;
}

const SAFE_FORMATS = new Set(['uuid', 'date', 'date-time', 'time', 'ipv4', 'ipv6', 'duration', 'int32', 'int64', 'float', 'double']);

/** Read a JSON Schema object literal. */
export function jsonSchemaOf(av: AV | undefined, depth = 0): Schema {
  if (!av || !av.f || depth > 8) return av && av.sch ? av.sch : { k: 'unknown' };
  const f = av.f;
  if (f.has('enum') || f.has('const')) return SAFE_SCHEMA;
  const typeAv = f.get('type');
  let types: unknown[] = [];
  if (typeAv?.hasC) types = [typeAv.c];
  else if (typeAv?.cs) types = typeAv.cs;
  else if (typeAv?.it) types = typeAv.it.map((x) => constOf(x));
  const only = (xs: string[]) => types.length > 0 && types.every((t) => xs.includes(String(t)));
  if (only(['integer', 'number', 'boolean', 'null'])) return SAFE_SCHEMA;
  for (const comb of ['anyOf', 'oneOf']) {
    const c = f.get(comb);
    if (c && c.it && c.it.length) return c.it.map((x) => jsonSchemaOf(x, depth + 1)).reduce(weaker);
  }
  const allOf = f.get('allOf');
  if (allOf && allOf.it && allOf.it.length) return allOf.it.map((x) => jsonSchemaOf(x, depth + 1)).reduce(mergeObj);
  if (only(['string']) || (!types.length && (f.has('pattern') || f.has('format')))) {
    const fmt = constOf(f.get('format'));
    if (typeof fmt === 'string' && SAFE_FORMATS.has(fmt)) return SAFE_SCHEMA;
    const pat = constOf(f.get('pattern'));
    if (typeof pat === 'string') return { k: 'str', mask: regexMask(pat, '', 'search') };
    return FREE_SCHEMA;
  }
  if (only(['array']) || f.has('items')) {
    const items = f.get('items');
    return { k: 'arr', el: items ? jsonSchemaOf(items, depth + 1) : FREE_SCHEMA };
  }
  if (only(['object']) || f.has('properties')) {
    const props = new Map<string, Schema>();
    const pf = f.get('properties')?.f;
    if (pf) for (const [k, v] of pf) props.set(k, jsonSchemaOf(v, depth + 1));
    const ap = f.get('additionalProperties');
    const strict = !!ap && ap.hasC === true && ap.c === false;
    return { k: 'obj', props, strict };
  }
  return FREE_SCHEMA;
}

/** The value after validation against `sch`: only free-form parts keep their taint. */
export function applySchema(av: AV, sch: Schema | undefined, depth = 0): AV {
  if (!sch || sch.k === 'unknown') return clearKinds(av, ALL);
  if (depth > 8) return clearKinds(av, ALL);
  if (sch.k === 'str') {
    if (sch.mask === ALL) return CLEAN;
    return clearKinds(stripStructure(av), sch.mask);
  }
  if (sch.k === 'arr') {
    const el = av.el ?? (av.it ? av.it.reduce<AV | undefined>((acc, x) => (acc ? { ...acc, t: unionFlows(acc.t, flowsOf(x)) } : x), undefined) : undefined) ?? elementish(av);
    return { el: applySchema(el, sch.el, depth + 1) };
  }
  const f = new Map<string, AV>();
  for (const [k, s] of sch.props) f.set(k, applySchema(fieldOf(av, k), s, depth + 1));
  const out: AV = { f };
  if (!sch.strict) out.fb = av;
  return out;
}

function stripStructure(av: AV): AV {
  const fl = flowsOf(av);
  return fl.length ? { t: fl } : CLEAN;
}

/** Minimal field read used by schema application (engine-independent). */
export let fieldOf: (av: AV, k: string) => AV = (av, k) => av.f?.get(k) ?? (av.t ? { t: av.t } : CLEAN);
export let elementish: (av: AV) => AV = (av) => (av.el ?? (av.t ? { t: av.t } : CLEAN));
export function setSchemaFieldReaders(f: (av: AV, k: string) => AV, e: (av: AV) => AV): void {
  fieldOf = f;
  elementish = e;
}

// ---------------------------------------------------------------------------------------------
// Builders: zod, joi, yup

export type SchemaLib = 'zod' | 'joi' | 'yup';

export type ParseMode = 'value' | 'safe' | 'joi' | 'assert' | 'guard';

export interface BuilderResult {
  sch?: Schema;
  parse?: ParseMode;
}

function shapeSchema(shape: AV | undefined, strict: boolean): Schema {
  const props = new Map<string, Schema>();
  for (const [k, v] of shape?.f ?? []) props.set(k, v.sch ?? FREE_SCHEMA);
  return { k: 'obj', props, strict };
}

function regexArgMask(a: AV | undefined): number {
  if (!a) return 0;
  if (a.re) return regexMask(a.re.pattern, a.re.flags, 'search');
  if (a.hasC && typeof a.c === 'string') return regexMask(a.c, '', 'search');
  return 0;
}

const ZOD_SAFE_TYPES = new Set(['number', 'bigint', 'boolean', 'date', 'nan', 'null', 'undefined', 'void', 'never', 'enum', 'nativeEnum', 'literal', 'int', 'symbol']);
const ZOD_SAFE_STRING = new Set(['uuid', 'cuid', 'cuid2', 'ulid', 'datetime', 'date', 'time', 'duration', 'ip', 'ipv4', 'ipv6', 'cidr', 'nanoid', 'int', 'positive', 'negative', 'nonnegative', 'nonpositive', 'finite', 'safe', 'multipleOf', 'step', 'base64', 'base64url', 'jwt', 'emoji']);
const SAME = new Set(['optional', 'nullable', 'nullish', 'default', 'describe', 'refine', 'superRefine', 'transform', 'catch', 'brand', 'readonly', 'pipe', 'min', 'max', 'length', 'nonempty', 'trim', 'toLowerCase', 'toUpperCase', 'includes', 'startsWith', 'endsWith', 'required', 'label', 'meta', 'example', 'examples', 'description', 'strict', 'lowercase', 'uppercase', 'allow', 'empty', 'messages', 'message', 'error', 'id', 'tag', 'note', 'unit', 'default', 'test', 'defined', 'notRequired', 'typeError', 'pick', 'omit', 'partial', 'deepPartial', 'keyof', 'email', 'url', 'uri', 'domain', 'hostname', 'dataUri', 'ensure', 'concat', 'when', 'with', 'without', 'xor', 'and', 'nand', 'or', 'oxor', 'rename', 'insensitive', 'truncate', 'case', 'normalize', 'replace', 'precision', 'integer', 'positive', 'greater', 'less', 'port', 'sign', 'iso', 'raw', 'cast', 'strip', 'preferences', 'prefs']);

/** A call on a schema library namespace (`z.object(...)`, `Joi.string()`, `yup.number()`). */
export function builderNamespaceCall(lib: SchemaLib, name: string, args: AV[]): BuilderResult | undefined {
  if (lib === 'zod') {
    if (name === 'object' || name === 'strictObject') return { sch: shapeSchema(args[0], true) };
    if (name === 'looseObject') return { sch: shapeSchema(args[0], false) };
    if (name === 'string' || name === 'any' || name === 'unknown' || name === 'custom') return { sch: FREE_SCHEMA };
    if (ZOD_SAFE_TYPES.has(name) || name.startsWith('coerce.')) return { sch: name === 'coerce.string' ? FREE_SCHEMA : SAFE_SCHEMA };
    if (name === 'uuid' || name === 'email' || name === 'url' || name === 'iso.datetime' || name === 'cuid') return { sch: name === 'uuid' || name === 'cuid' || name === 'iso.datetime' ? SAFE_SCHEMA : FREE_SCHEMA };
    if (name === 'array' || name === 'set') return { sch: { k: 'arr', el: args[0]?.sch ?? FREE_SCHEMA } };
    if (name === 'union' || name === 'discriminatedUnion') {
      const list = name === 'union' ? args[0] : args[1];
      const items = list?.it?.map((x) => x.sch ?? FREE_SCHEMA) ?? [];
      return { sch: items.length ? items.reduce(weaker) : FREE_SCHEMA };
    }
    if (name === 'intersection') return { sch: mergeObj(args[0]?.sch ?? FREE_SCHEMA, args[1]?.sch ?? FREE_SCHEMA) };
    if (name === 'record' || name === 'map') return { sch: { k: 'obj', props: new Map(), strict: false } };
    if (name === 'tuple') { const items = args[0]?.it?.map((x) => x.sch ?? FREE_SCHEMA) ?? []; return { sch: { k: 'arr', el: items.length ? items.reduce(weaker) : FREE_SCHEMA } }; }
    if (name === 'optional' || name === 'nullable') return { sch: args[0]?.sch ?? FREE_SCHEMA };
    if (name === 'preprocess') return { sch: args[1]?.sch ?? FREE_SCHEMA };
    if (name === 'lazy') return { sch: { k: 'unknown' } };
    return undefined;
  }
  if (lib === 'joi') {
    if (name === 'object') return { sch: args[0] ? shapeSchema(args[0], true) : { k: 'obj', props: new Map(), strict: true } };
    if (name === 'string' || name === 'any') return { sch: FREE_SCHEMA };
    if (name === 'number' || name === 'boolean' || name === 'bool' || name === 'date' || name === 'binary') return { sch: SAFE_SCHEMA };
    if (name === 'array') return { sch: { k: 'arr', el: FREE_SCHEMA } };
    if (name === 'alternatives' || name === 'alt') return { sch: FREE_SCHEMA };
    if (name === 'attempt') return { parse: 'value', sch: args[1]?.sch };
    if (name === 'assert') return { parse: 'assert', sch: args[1]?.sch };
    return undefined;
  }
  // yup
  if (name === 'object') return { sch: args[0] ? shapeSchema(args[0], false) : { k: 'obj', props: new Map(), strict: false } };
  if (name === 'string' || name === 'mixed') return { sch: FREE_SCHEMA };
  if (name === 'number' || name === 'boolean' || name === 'bool' || name === 'date') return { sch: SAFE_SCHEMA };
  if (name === 'array') return { sch: { k: 'arr', el: args[0]?.sch ?? FREE_SCHEMA } };
  return undefined;
}

/** A method call on a schema value. */
export function builderMethodCall(lib: SchemaLib, sch: Schema, name: string, args: AV[]): BuilderResult | undefined {
  // parsing
  if (lib === 'zod') {
    if (name === 'parse' || name === 'parseAsync') return { parse: 'value', sch };
    if (name === 'safeParse' || name === 'safeParseAsync' || name === 'spa') return { parse: 'safe', sch };
  } else if (lib === 'joi') {
    if (name === 'validate') return { parse: 'joi', sch };
    if (name === 'validateAsync') return { parse: 'value', sch };
  } else {
    if (name === 'validate' || name === 'validateSync' || name === 'cast') return { parse: 'value', sch };
    if (name === 'isValid' || name === 'isValidSync') return { parse: 'guard', sch };
  }
  // building
  if (lib === 'zod' && (ZOD_SAFE_STRING.has(name))) return { sch: SAFE_SCHEMA };
  if (lib === 'joi' && ['guid', 'uuid', 'isoDate', 'isoDuration', 'alphanum', 'token', 'hex', 'base64', 'creditCard', 'ip', 'valid', 'only', 'equal', 'integer'].includes(name)) return { sch: name === 'ip' || name === 'base64' ? { k: 'str', mask: maskFromCharSet({ any: false, letters: true, digits: true, chars: new Set(['.', ':', '/', '+', '=']) }) } : SAFE_SCHEMA };
  if (lib === 'yup' && ['uuid', 'oneOf', 'integer', 'positive', 'negative'].includes(name)) return { sch: SAFE_SCHEMA };
  if (name === 'regex' || name === 'matches' || name === 'pattern') {
    if (lib === 'joi' && sch.k === 'obj') return { sch: { ...sch, strict: false } };
    const m = regexArgMask(args[0]);
    return { sch: sch.k === 'str' ? { k: 'str', mask: sch.mask | m } : { k: 'str', mask: m } };
  }
  if (name === 'email' || name === 'url' || name === 'uri') return { sch: sch.k === 'str' ? sch : FREE_SCHEMA };
  if (sch.k === 'obj') {
    if (name === 'strict' && lib === 'zod') return { sch: { ...sch, strict: true } };
    if (name === 'strip' && lib === 'zod') return { sch: { ...sch, strict: true } };
    if (name === 'passthrough' || name === 'catchall' || name === 'loose') return { sch: { ...sch, strict: false } };
    if (name === 'noUnknown' && lib === 'yup') return { sch: { ...sch, strict: true } };
    if (name === 'unknown' && lib === 'joi') { const a = args[0]; return { sch: { ...sch, strict: !!(a && a.hasC && a.c === false) } }; }
    if ((name === 'options' || name === 'prefs' || name === 'preferences') && lib === 'joi') {
      const au = args[0]?.f?.get('allowUnknown');
      return { sch: au && au.hasC && au.c === true ? { ...sch, strict: false } : sch };
    }
    if (name === 'extend' || name === 'keys' || name === 'shape' || name === 'append' || name === 'augment') return { sch: mergeObj(sch, shapeSchema(args[0], sch.strict)) };
    if (name === 'merge' || name === 'and') return { sch: mergeObj(sch, args[0]?.sch ?? FREE_SCHEMA) };
  }
  if (sch.k === 'arr' && (name === 'items' || name === 'of' || name === 'element')) return { sch: { k: 'arr', el: args[0]?.sch ?? FREE_SCHEMA } };
  if (name === 'or' || name === 'try') return { sch: weaker(sch, args[0]?.sch ?? FREE_SCHEMA) };
  if (name === 'array' && lib === 'zod') return { sch: { k: 'arr', el: sch } };
  if (SAME.has(name)) return { sch };
  return { sch };
}

export { SAFE_SCHEMA, FREE_SCHEMA };
