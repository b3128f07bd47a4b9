/**
 * What validators constrain: regex character analysis, schema builders (zod, joi, yup), JSON
 * Schema literals (ajv, middy validator, Powertools, jsonschema), and applying a schema to a
 * value so that only unconstrained (free-form) fields stay tainted.
 *
 * "Constrained" is per sink kind: a string limited to `[a-z0-9-]` cannot break out of an SQL
 * literal, a shell word or a path segment, but it can still be a hostname.
 */
import { regexSafeMask, stripClassSafeMask } from './regex-class';
import { ALL, type AV, CLEAN, FREE_SCHEMA, SAFE_SCHEMA, type Schema, clearKinds, flowsOf, unionFlows } from './values';

// ---------------------------------------------------------------------------------------------
// Regex patterns (regex-class.ts parses them)

/**
 * Kinds cleared by a successful match of `pattern`. `full`: the API matches the whole string
 * (`re.fullmatch`); `match`: anchored at the start by the API (`re.match`).
 */
export function regexMask(pattern: string, flags = '', mode: 'search' | 'match' | 'full' = 'search', dialect: 'js' | 'py' = 'js'): number {
  return regexSafeMask(pattern, flags, mode, dialect);
}

/**
 * `x.replace(/[^a-z0-9]/g, '')` / `re.sub(r'[^\w-]', '', x)`: a negated character class removed
 * globally leaves only the class members. Returns the kinds cleared, or 0.
 */
export function stripClassMask(pattern: string, flags: string, replacement: string | undefined, global: boolean): number {
  void flags;
  return stripClassSafeMask(pattern, replacement, global);
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
  if (depth === 0 && schemaObserver) schemaObserver(av);
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

/**
 * Told of every value a schema is applied to (a validator call, a guard on one): set by the engine
 * around a call or a guard when its options ask for validation sites (`EngineOptions.onValidate`).
 */
let schemaObserver: ((input: AV) => void) | undefined;
export function observeSchemas<T>(obs: (input: AV) => void, run: () => T): T {
  const prev = schemaObserver;
  schemaObserver = obs;
  try {
    return run();
  } finally {
    schemaObserver = prev;
  }
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
  if (lib === 'joi' && ['guid', 'uuid', 'isoDate', 'isoDuration', 'alphanum', 'token', 'hex', 'base64', 'creditCard', 'ip', 'valid', 'only', 'equal', 'integer'].includes(name)) return { sch: name === 'ip' || name === 'base64' ? { k: 'str', mask: regexSafeMask('^[A-Za-z0-9.:/+=]*$') } : SAFE_SCHEMA };
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
