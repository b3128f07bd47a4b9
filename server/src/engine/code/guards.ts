/**
 * Guard recognition: the facts a condition establishes about the values it tests (allowlists,
 * regex tests, type checks, prefix and containment checks, validators, user-written guard
 * functions whose body constrains their parameter, assertion calls). The interpreter (engine.ts)
 * applies the facts on the branch where the condition holds.
 */
import type { Const, Ex } from './ir';
import type { Engine, Frame } from './engine';
import { OBJECT_ID_CHECKS, PY_COMMONPATH } from './sanitizers';
import { applySchema, jsonSchemaOf, regexMask } from './schema';
import { ALL, BIT, type AV, CLEAN, type Fact, clearKinds, constAV, flowsOf, isTainted, join } from './values';
import type { ArgV } from './models';
import { hostSuffixFacts, urlPartFacts } from './url-allow';
import { absentFacts, basenameEqFacts, indexAbsentFacts } from './path-segment';

/** Facts that hold when `test` evaluates to `truth`. */
export function facts(E: Engine, test: Ex, truth: boolean, fr: Frame): Fact[] {
  switch (test.k) {
    case 'unary':
      if (test.op === '!' || test.op === 'not') return facts(E, test.x, !truth, fr);
      return [];
    case 'await': return facts(E, test.x, truth, fr);
    case 'logic':
      if (test.op === 'and' && truth) return [...facts(E, test.l, true, fr), ...facts(E, test.r, true, fr)];
      if (test.op === 'or' && !truth) return [...facts(E, test.l, false, fr), ...facts(E, test.r, false, fr)];
      if ((test.op === 'or' && truth) || (test.op === 'and' && !truth)) {
        // a || b (and !(a && b), i.e. !a || !b): a refinement holds when both sides refine the same
        // keys (x === 'a' || x === 'b'; `if t != base and base not in t.parents: raise`)
        const lf = facts(E, test.l, truth, fr);
        const rf = facts(E, test.r, truth, fr);
        if (!lf.length || !rf.length) return [];
        const out: Fact[] = [];
        for (const f of lf) {
          const g = rf.filter((x) => x.key === f.key);
          if (!g.length) continue;
          out.push({ key: f.key, av: g.reduce((acc, x) => join(acc, x.av), f.av) });
        }
        return out;
      }
      return [];
    case 'name': {
      if (!truth) return [];
      const v = E.lookup(test.id, fr);
      return v.g ?? [];
    }
    case 'member': {
      // `if (result.success)` after safeParse: nothing to refine; stored guard results
      if (!truth) return [];
      const v = E.ev(test, fr);
      return v.g ?? [];
    }
    case 'bin': return binFacts(E, test, truth, fr);
    case 'call': {
      if (truth) return callFacts(E, test, fr);
      // !x.includes('..'): the substring is absent (path-segment.ts)
      const af = absentFacts(E, test, fr);
      if (af) return af;
      // !x.startsWith('//')
      const c = test.callee;
      if (c.k === 'member' && (c.prop === 'startsWith' || c.prop === 'startswith') && test.args[0]) {
        const v = E.ev(test.args[0].v, fr);
        const k = E.keyOf(c.obj);
        if (k && v.hasC && typeof v.c === 'string') return [{ key: k, av: CLEAN, mark: 'nsw:' + v.c }];
      }
      return [];
    }
  }
  return [];
}

function binFacts(E: Engine, t: Extract<Ex, { k: 'bin' }>, truth: boolean, fr: Frame): Fact[] {
  const op = t.op;
  const eq = op === '===' || op === '==' || op === 'is';
  const ne = op === '!==' || op === '!=' || op === 'is not';
  if (eq || ne) {
    const positive = (eq && truth) || (ne && !truth);
    // typeof x === 'number'
    if (t.l.k === 'unary' && t.l.op === 'typeof') {
      const r = E.ev(t.r, fr);
      const k = E.keyOf(t.l.x);
      if (positive && k && r.hasC && (r.c === 'number' || r.c === 'boolean' || r.c === 'bigint')) return [{ key: k, av: CLEAN }];
      return [];
    }
    // os.path.commonpath([p, BASE]) == BASE  (containment of a normalised path)
    const cp = commonpathFacts(E, t, positive, fr);
    if (cp) return cp;
    // x.indexOf('/') === 0  (prefix test)
    const pf = prefixFacts(E, t, eq ? truth : !truth, fr);
    if (pf) return pf;
    // x.indexOf(v) !== -1
    const io = indexOfFacts(E, t, fr, truth);
    if (io) return io;
    if (!positive) return [];
    // path.basename(x) === x: one path segment (path-segment.ts)
    const be = basenameEqFacts(E, t.l, t.r, fr);
    if (be) return be;
    const l = E.ev(t.l, fr);
    const r = E.ev(t.r, fr);
    // urlparse(x).hostname == 'api.example.com' / u.hostname === 'api.example.com': the part is that
    // constant, and the URL it was read from is safe for SSRF (url-allow.ts)
    const up = urlPartFacts(E, t.l, r, fr) ?? urlPartFacts(E, t.r, l, fr) ?? [];
    if (r.hasC && r.c !== null && !isTainted(r)) { const k = E.keyOf(t.l); if (k) return [{ key: k, av: constAV(r.c as Const) }, ...up]; }
    if (l.hasC && l.c !== null && !isTainted(l)) { const k = E.keyOf(t.r); if (k) return [{ key: k, av: constAV(l.c as Const) }, ...up]; }
    // a canonical path equal to an untainted path (`target == base` after resolve()) is that path
    if (isResolvedPath(l) && !isTainted(r) && !r.src) { const k = E.keyOf(t.l); if (k) return [{ key: k, av: { ...clearKinds(l, BIT['path-traversal']), inst: l.inst } }]; }
    if (isResolvedPath(r) && !isTainted(l) && !l.src) { const k = E.keyOf(t.r); if (k) return [{ key: k, av: { ...clearKinds(r, BIT['path-traversal']), inst: r.inst } }]; }
    return up;
  }
  if (op === '>' || op === '>=' || op === '<' || op === '<=') {
    const io = indexOfFacts(E, t, fr, truth);
    return io ?? [];
  }
  if (op === 'in' || op === 'not in') {
    const positive = (op === 'in' && truth) || (op === 'not in' && !truth);
    // '..' not in name: the substring is absent (path-segment.ts)
    if (!positive) return absentFacts(E, { ...t, op: 'in' }, fr) ?? [];
    // base in target.parents (pathlib, target resolved): target is under base
    if (t.r.k === 'member' && t.r.prop === 'parents') {
      const target = E.ev(t.r.obj, fr);
      const base = E.ev(t.l, fr);
      const k = E.keyOf(t.r.obj);
      if (k && isResolvedPath(target) && !isTainted(base)) return [{ key: k, av: { ...clearKinds(target, BIT['path-traversal']), inst: target.inst } }];
    }
    const coll = E.ev(t.r, fr);
    if (isTainted(coll)) return [];
    const k = E.keyOf(t.l);
    const members = coll.cs ?? (coll.f && !coll.t && !coll.fb ? [...coll.f.keys()] : undefined);
    const facts: Fact[] = [];
    if (k) facts.push({ key: k, av: members ? { cs: members } : CLEAN });
    const up = urlPartFacts(E, t.l, coll, fr, true);
    if (up) facts.push(...up);
    return facts;
  }
  return [];
}

/** `os.path.commonpath([p, BASE]) == BASE` holds: `p` (realpath/abspath/normpath of it) is under BASE. */
function commonpathFacts(E: Engine, t: Extract<Ex, { k: 'bin' }>, positive: boolean, fr: Frame): Fact[] | undefined {
  const call = t.l.k === 'call' ? t.l : t.r.k === 'call' ? t.r : undefined;
  if (!call || !call.args[0]) return undefined;
  const q = E.ev(call.callee, fr).q ?? '';
  if (!PY_COMMONPATH.has(q)) return undefined;
  if (!positive) return [];
  const base = E.ev(call === t.l ? t.r : t.l, fr);
  const list = call.args[0].v;
  if (isTainted(base) || list.k !== 'arr') return [];
  const facts: Fact[] = [];
  for (const it of list.items) {
    const k = E.keyOf(it.v);
    const av = E.ev(it.v, fr);
    if (k && (av.inst === 'path.normalized' || (av.inst === 'pathlib' && av.x?.resolvedPath))) facts.push({ key: k, av: { ...clearKinds(av, BIT['path-traversal']), inst: av.inst } });
  }
  return facts;
}

/** `x.indexOf(C) === 0` (isEq: the comparison holds). */
function prefixFacts(E: Engine, t: Extract<Ex, { k: 'bin' }>, isEq: boolean, fr: Frame): Fact[] | undefined {
  const call = t.l.k === 'call' ? t.l : t.r.k === 'call' ? t.r : undefined;
  const other = call === t.l ? t.r : t.l;
  if (!call || call.callee.k !== 'member' || call.callee.prop !== 'indexOf' || !call.args[0]) return undefined;
  const o = E.ev(other, fr);
  if (!o.hasC || o.c !== 0) return undefined;
  const c = E.ev(call.args[0].v, fr);
  const k = E.keyOf(call.callee.obj);
  if (!k || !c.hasC || typeof c.c !== 'string') return undefined;
  return [{ key: k, av: CLEAN, mark: (isEq ? 'sw:' : 'nsw:') + c.c }];
}

function callFacts(E: Engine, c: Extract<Ex, { k: 'call' }>, fr: Frame): Fact[] {
  const callee = c.callee;
  const args = c.args;
  const argKey = (i: number) => (args[i] && !args[i].spread ? E.keyOf(args[i].v) : null);
  if (callee.k === 'member' && callee.prop) {
    const m = callee.prop;
    const recv = E.ev(callee.obj, fr);
    // allowlist: SET.has(x), LIST.includes(x), Object.keys(O).includes(x), O.hasOwnProperty(x)
    if ((m === 'has' || m === 'includes' || m === 'hasOwnProperty' || m === '__contains__') && !isTainted(recv) && !recv.src) {
      const k = argKey(0);
      if (k) {
        const members = recv.cs ?? (recv.f && m === 'hasOwnProperty' ? [...recv.f.keys()] : undefined);
        const facts: Fact[] = [{ key: k, av: members ? { cs: members } : CLEAN }];
        const up = args[0] ? urlPartFacts(E, args[0].v, recv, fr, true) : undefined;
        if (up) facts.push(...up);
        return facts;
      }
      if (args[0]) { const up = urlPartFacts(E, args[0].v, recv, fr, true); if (up) return up; }
    }
    // regex guards
    if (m === 'test' && recv.re) {
      const k = argKey(0);
      const mask = regexMask(recv.re.pattern, recv.re.flags, 'search');
      if (k && mask) return [{ key: k, av: clearKinds(E.evKey(k, fr), mask) }];
    }
    if ((m === 'match' || m === 'fullmatch' || m === 'search') && recv.re) {
      const k = argKey(0);
      const mask = regexMask(recv.re.pattern, recv.re.flags, m === 'fullmatch' ? 'full' : m === 'match' && fr.file.lang === 'py' ? 'match' : 'search', fr.file.lang);
      if (k && mask) return [{ key: k, av: clearKinds(E.evKey(k, fr), mask) }];
    }
    if (m === 'match' && fr.file.lang === 'js' && args[0]) {
      // x.match(/^...$/)
      const r = E.ev(args[0].v, fr);
      const k = E.keyOf(callee.obj);
      if (r.re && k) { const mask = regexMask(r.re.pattern, r.re.flags, 'search'); if (mask) return [{ key: k, av: clearKinds(recv, mask) }]; }
    }
    // Python str predicates
    if (fr.file.lang === 'py' && ['isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier', 'isascii_alnum'].includes(m)) {
      const k = E.keyOf(callee.obj);
      if (k) return [{ key: k, av: m === 'isidentifier' ? clearKinds(recv, ALL & ~BIT.ssrf) : CLEAN }];
    }
    // u.hostname.endsWith('.example.com'): subdomains of one domain (url-allow.ts)
    if ((m === 'endsWith' || m === 'endswith') && args[0]) {
      const hf = hostSuffixFacts(E, callee.obj, E.ev(args[0].v, fr), fr);
      if (hf) return hf;
    }
    // prefix tests: x.startsWith('/') (relative URLs), x.startsWith('https://app.example/')
    if ((m === 'startsWith' || m === 'startswith') && !isResolvedPath(recv) && args[0]) {
      const c = E.ev(args[0].v, fr);
      const k = E.keyOf(callee.obj);
      if (k && c.hasC && typeof c.c === 'string') return [{ key: k, av: CLEAN, mark: 'sw:' + c.c }];
    }
    // path containment: resolved.startsWith(BASE) / is_relative_to
    if ((m === 'startsWith' || m === 'startswith' || m === 'is_relative_to') && isResolvedPath(recv)) {
      const base = args[0] ? E.ev(args[0].v, fr) : CLEAN;
      const k = E.keyOf(callee.obj);
      if (k && !isTainted(base)) return [{ key: k, av: { ...clearKinds(recv, BIT['path-traversal']), inst: recv.inst } }];
    }
  }
  const calleeAV = callee.k === 'member' ? E.ev(callee, fr) : E.ev(callee, fr);
  const q = calleeAV.q ?? '';
  // re.fullmatch(P, x) / re.match / re.search
  if (q === 're.fullmatch' || q === 're.match' || q === 're.search' || q === 'regex.fullmatch' || q === 'regex.match') {
    const p = args[0] ? E.ev(args[0].v, fr) : CLEAN;
    const pattern = p.re?.pattern ?? (p.hasC && typeof p.c === 'string' ? p.c : undefined);
    const k = argKey(1);
    if (pattern !== undefined && k) {
      const mode = q.endsWith('fullmatch') ? 'full' : q.endsWith('.match') ? 'match' : 'search';
      const flags = args[2] ? E.ev(args[2].v, fr) : undefined;
      const fq = flags?.q ?? '';
      if (fq.endsWith('.M') || fq.endsWith('MULTILINE')) return [];
      const mask = regexMask(pattern, fq.endsWith('.X') || fq.endsWith('VERBOSE') ? 'x' : '', mode, 'py');
      if (mask) return [{ key: k, av: clearKinds(E.evKey(k, fr), mask) }];
    }
    return [];
  }
  // type / format validators
  if (VALIDATOR_GUARDS.has(q) || VALIDATOR_GUARDS.has(q.split('.').slice(-1)[0]) && (q.startsWith('validator') || q.startsWith('uuid'))) {
    const k = argKey(0);
    const mask = VALIDATOR_GUARDS.get(q) ?? VALIDATOR_GUARDS.get(q.split('.').slice(-1)[0]) ?? 0;
    if (k) return [{ key: k, av: mask === ALL ? CLEAN : clearKinds(E.evKey(k, fr), mask) }];
  }
  if (q === 'isinstance' && args[1]) {
    const t = E.ev(args[1].v, fr);
    const names = (t.it ?? [t]).map((x) => x.q ?? '');
    const k = argKey(0);
    if (k && names.length && names.every((n) => ['int', 'float', 'bool', 'decimal.Decimal', 'uuid.UUID', 'datetime.datetime', 'datetime.date'].includes(n))) return [{ key: k, av: CLEAN }];
  }
  if (q === 'Array.isArray' || q === 'isNaN') return [];
  // ajv compiled validator / ajv.validate(schema, data) / cerberus / jsonschema is_valid
  if (calleeAV.inst === 'ajv.validator' || calleeAV.x?.validatorGuard) {
    const k = argKey(0);
    if (k) return [{ key: k, av: applySchema(E.evKey(k, fr), calleeAV.sch) }];
  }
  if (callee.k === 'member' && callee.prop === 'validate') {
    const recv = E.ev(callee.obj, fr);
    if (recv.inst === 'ajv') {
      const k = argKey(1);
      const sch = args[0] ? jsonSchemaOf(E.ev(args[0].v, fr)) : undefined;
      if (k) return [{ key: k, av: applySchema(E.evKey(k, fr), sch) }];
    }
    if (recv.inst === 'cerberus') {
      const k = argKey(0);
      if (k) return [{ key: k, av: applySchema(E.evKey(k, fr), recv.sch) }];
    }
  }
  if (callee.k === 'member' && (callee.prop === 'is_valid' || callee.prop === 'isValid' || callee.prop === 'isValidSync')) {
    const recv = E.ev(callee.obj, fr);
    if (recv.inst === 'jsonschema.validator' || recv.sch) {
      const k = argKey(0);
      if (k) return [{ key: k, av: applySchema(E.evKey(k, fr), recv.sch) }];
    }
  }
  // local guard functions: analyse the body
  if (calleeAV.fn) {
    const facts: Fact[] = [];
    for (const ref of calleeAV.fn.slice(0, 1)) {
      const argVs: ArgV[] = args.map((a) => ({ av: E.ev(a.v, fr), ex: a.v, name: a.name, spread: a.spread }));
      const cf = E.callFunctionFrame(ref, argVs, c.n, fr, ref.self, false, undefined, true);
      if (!cf || !cf.truthySeen || !cf.paramTruthy) continue;
      ref.f.params.forEach((p, i) => {
        const a = argVs[i];
        if (!a || a.spread || a.name || !p.name || cf.reassigned.has(p.name)) return;
        const k = E.keyOf(a.ex);
        if (!k) return;
        const tv = cf.paramTruthy!.get(p.name);
        if (!tv) return;
        const before = flowsOf(a.av);
        if (!before.length) return;
        const after = flowsOf(tv);
        const bm = before.reduce((m, f) => m & f.cl, ALL);
        const am = after.length ? after.reduce((m, f) => m & f.cl, ALL) : ALL;
        if ((am & ~bm) !== 0) facts.push({ key: k, av: after.length ? clearKinds(a.av, am) : (tv.cs ? { cs: tv.cs } : CLEAN) });
      });
    }
    return facts;
  }
  return [];
}

/** Assertions by call: `jsonschema.validate(body, S)`, Powertools `validate(...)`, schema `.assert(x)`. */
export function assertionCallFacts(E: Engine, call: Extract<Ex, { k: 'call' }>, fr: Frame): Fact[] {
  const calleeAV = E.ev(call.callee, fr);
  const q = calleeAV.q ?? '';
  const keyArg = (i: number, name?: string) => {
    const a = (name ? call.args.find((x) => x.name === name) : undefined) ?? call.args.filter((x) => !x.name)[i];
    return a ? { key: E.keyOf(a.v), ex: a.v } : undefined;
  };
  if (q === 'jsonschema.validate' || q === 'jsonschema.validators.validate' || q === 'aws_lambda_powertools.utilities.validation.validate' || q === 'fastjsonschema.validate') {
    const pt = q.startsWith('aws_lambda_powertools');
    const inst = pt ? keyArg(0, 'event') : keyArg(0, 'instance');
    const schA = pt ? keyArg(1, 'schema') : keyArg(1, 'schema');
    const sch = schA ? jsonSchemaOf(E.ev(schA.ex, fr)) : undefined;
    if (inst?.key) return [{ key: inst.key, av: applySchema(E.evKey(inst.key, fr), sch) }];
  }
  if (q === '@aws-lambda-powertools/validation.validate') {
    const opts = call.args[0] ? call.args[0].v : undefined;
    if (opts && opts.k === 'obj') {
      const payload = opts.props.find((p) => p.key === 'payload');
      const schema = opts.props.find((p) => p.key === 'schema');
      const k = payload ? E.keyOf(payload.v) : null;
      if (k) return [{ key: k, av: applySchema(E.evKey(k, fr), schema ? jsonSchemaOf(E.ev(schema.v, fr)) : undefined) }];
    }
  }
  if (q === 'class-validator.validate' || q === 'class-validator.validateOrReject' || q === 'class-validator.validateSync' || q === 'superstruct.assert') {
    const a = keyArg(0);
    if (a?.key) {
      const v = E.evKey(a.key, fr);
      const sch = q === 'superstruct.assert' ? undefined : v.sch;
      return [{ key: a.key, av: applySchema(v, sch) }];
    }
  }
  if (call.callee.k === 'member' && call.callee.prop) {
    const recv = E.ev(call.callee.obj, fr);
    const m = call.callee.prop;
    if ((recv.inst === 'jsonschema.validator' && (m === 'validate' || m === 'check_schema' && false)) || (recv.sch && (m === 'assert' || (m === 'validate' && recv.x?.lib === 'jsonschema')))) {
      const a = keyArg(0);
      if (a?.key) return [{ key: a.key, av: applySchema(E.evKey(a.key, fr), recv.sch) }];
    }
  }
  return [];
}

/** A path in canonical form (`path.resolve`, `fs.realpathSync`, `os.path.realpath`, `Path.resolve()`): a prefix check of it is containment. */
function isResolvedPath(av: AV): boolean {
  // pathlib: only after .resolve() (`is_relative_to` of `base / name` is lexical: '..' passes)
  return av.inst === 'path.resolved' || av.inst === 'path.normalized' || (av.inst === 'pathlib' && !!av.x?.resolvedPath);
}

const VALIDATOR_GUARDS = new Map<string, number>([
  ['uuid.validate', ALL], ['validate', 0], ['isUUID', ALL], ['validator.isUUID', ALL], ['validator.isInt', ALL], ['validator.isNumeric', ALL],
  ['validator.isAlphanumeric', ALL], ['validator.isAlpha', ALL], ['validator.isBoolean', ALL], ['validator.isIn', ALL], ['validator.isHexadecimal', ALL],
  ['validator.isMongoId', ALL], ['validator.isISO8601', ALL], ['validator.isDate', ALL], ['validator.isFloat', ALL], ['validator.isDecimal', ALL],
  ['validator.isPort', ALL], ['validator.isEmail', BIT['path-traversal'] | BIT['dynamic-require']], ['validator.isJWT', ALL & ~BIT.ssrf],
  ['Number.isInteger', ALL], ['Number.isSafeInteger', ALL], ['Number.isFinite', ALL], ['isInt', ALL], ['isNumeric', ALL], ['isAlphanumeric', ALL],
  ['uuidValidate', ALL],
  ...OBJECT_ID_CHECKS.map((q) => [q, ALL] as [string, number]),
]);

function indexOfFacts(E: Engine, t: Extract<Ex, { k: 'bin' }>, fr: Frame, truth: boolean): Fact[] | undefined {
  // C.indexOf(x) !== -1 | >= 0 | > -1  (true means member)
  const isIdx = (e: Ex) => e.k === 'call' && e.callee.k === 'member' && (e.callee.prop === 'indexOf' || e.callee.prop === 'find');
  let call: Ex | undefined;
  let other: Ex | undefined;
  let flipped = false;
  if (isIdx(t.l)) { call = t.l; other = t.r; }
  else if (isIdx(t.r)) { call = t.r; other = t.l; flipped = true; }
  if (!call || call.k !== 'call' || call.callee.k !== 'member') return undefined;
  const o = E.ev(other!, fr);
  if (!o.hasC || typeof o.c !== 'number') return undefined;
  const n = o.c;
  let op = t.op;
  if (flipped) op = op === '>' ? '<' : op === '<' ? '>' : op === '>=' ? '<=' : op === '<=' ? '>=' : op;
  let member: boolean | undefined;
  if ((op === '!==' || op === '!=') && n === -1) member = true;
  else if ((op === '===' || op === '==') && n === -1) member = false;
  else if (op === '>=' && n === 0) member = true;
  else if (op === '>' && n === -1) member = true;
  else if (op === '<' && n === 0) member = false;
  if (member === undefined) return [];
  // name.indexOf('..') === -1 holds: a substring test of the value (path-segment.ts)
  if (member !== truth) return indexAbsentFacts(E, call, fr) ?? [];
  const recv = E.ev(call.callee.obj, fr);
  if (isTainted(recv)) return [];
  const k = call.args[0] ? E.keyOf(call.args[0].v) : null;
  return k ? [{ key: k, av: recv.cs ? { cs: recv.cs } : CLEAN }] : [];
}
