/**
 * Finds the (key, value) pairs of a serverless.yml / SAM / CloudFormation document that the secret
 * rules hand to `classifyValue`, with the context each one needs: the key name, the location class
 * (`env`, `property`, `custom`, `parameter`, `other`), sibling entries (AWS id/secret pairing), the
 * function or resource it belongs to, and whether it sits inside an intrinsic function.
 *
 * Every scalar of the document is visited once (alias-expanded nodes too: the first path wins),
 * except:
 *  - top-level `Parameters` of SAM/CloudFormation (the `secret-parameter-default` rule's job);
 *  - values of `Ref`, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::FindInMap`, `Condition`, … (logical ids
 *    and names, never secrets); `Fn::Sub` templates, `Fn::If` branches, `Fn::Select` / `Fn::Base64`
 *    arguments are visited, and a `Fn::Join` of literals is classified as the joined string;
 *  - API Gateway API key *names* (`apiKeys: [free-tier, {name: partner, value: …}]`): only `value`
 *    is a secret (classified under the key name `apiKeys.value`);
 *  - Lambda inline code (`Code.ZipFile`, `InlineCode`), returned separately as `inline`.
 * `{Name: X, Value: Y}` / `{Key: X, Value: Y}` maps (ECS/CodeBuild environments, tags) classify Y
 * under the key name X.
 */
import type { ConfigModel } from '../model/types';
import { findVariables } from '../model/variables';
import type { SecretLocation, SecretNeighbour } from '../secrets';
import { get, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YMap, type YNode, type YPair, type YScalar } from '../yaml/ast';
import { scalarMap, type ScalarMap } from './scalar-map';

export type ConfigArea = 'env' | 'custom' | 'resource' | 'api-key' | 'other';

export interface ConfigCandidate {
  /** The node reported when a hit cannot be placed more precisely (the scalar, or a `Fn::Join`). */
  node: YNode;
  /** The string scalar holding the value (absent for a joined `Fn::Join`). */
  scalar?: YScalar;
  /** Where `value` starts inside the scalar's value (a variable's fallback); 0 otherwise. */
  offset: number;
  value: string;
  keyName?: string;
  location: SecretLocation;
  area: ConfigArea;
  /** Key path from the root, sequence items as `[i]`. */
  path: string[];
  /** The map and pair whose value this is, when it is a pair's own value. */
  parent?: YMap;
  pair?: YPair;
  neighbours: SecretNeighbour[];
  /** The inherited environment block (provider / Globals) that is part of `neighbours`, if any. */
  inheritedEnv?: YNode;
  /** `env`: whose environment (`provider`, a `function` of serverless.yml, SAM `globals`, a `resource`). */
  envOwner?: 'provider' | 'function' | 'globals' | 'resource';
  /** Function (serverless key / logical id) of an `env` value. */
  fnId?: string;
  /** Resource logical id and type for values under `Resources`. */
  resourceId?: string;
  resourceType?: string;
  /** Top-level property name under `Properties` (`MasterUserPassword`, `Environment`…). */
  propertyName?: string;
  /** Inside an intrinsic function (`!Sub`, `!If`…): replacing the scalar alone is not a clean fix. */
  inIntrinsic: boolean;
  /**
   * The literal fallback of a Serverless variable (`${ssm:/x, 'literal'}`): `value` is the literal,
   * `withoutFallback` the scalar's text with that fallback dropped (the fix).
   */
  variableFallback?: { withoutFallback: string };
}

export interface InlineCodeCandidate {
  scalar: YScalar;
  map: ScalarMap;
  value: string;
  runtime?: string;
  fnId: string;
  path: string[];
}

export interface ConfigScan {
  values: ConfigCandidate[];
  inline: InlineCodeCandidate[];
}

const SKIP_INTRINSICS = new Set([
  'Ref', 'Condition', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Equals', 'Fn::And',
  'Fn::Or', 'Fn::Not', 'Fn::Length', 'Fn::ForEach', 'Fn::Split',
]);
const PASS_THROUGH_INTRINSICS = new Set(['Fn::Select', 'Fn::Base64', 'Fn::ToJsonString', 'Fn::Transform']);
const LAMBDA_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
const MAX_DEPTH = 100;
export const MAX_NEIGHBOURS = 60;
const NO_NEIGHBOURS: SecretNeighbour[] = [];

/** Value offset → document offset for a candidate (computed only for candidates with hits). */
export function candidateMap(text: string, c: ConfigCandidate): ScalarMap | undefined {
  if (!c.scalar) return undefined;
  const base = scalarMap(text, c.scalar);
  if (!base || c.offset === 0) return base;
  const off = c.offset;
  return { value: c.value, exact: base.exact, toSource: (i) => base.toSource(off + i), span: (s, e) => base.span(off + s, off + e) };
}

/** Display form of a key path: `provider.environment.DB_PASSWORD`, `Resources.Fn.Properties.X[0]`. */
export function pathText(path: readonly string[]): string {
  let out = '';
  for (const p of path) out += p.startsWith('[') ? p : out ? `.${p}` : p;
  return out;
}

function keyOf(p: YPair): string {
  return String(p.key.value);
}

/**
 * Quoted literal fallbacks of top-level Serverless variables: `${ssm:/db/pw, 'Devpass#1'}` →
 * `Devpass#1` (offsets into the value) and the value without the fallback.
 */
export function variableFallbacks(value: string): { text: string; start: number; withoutFallback: string }[] {
  const out: { text: string; start: number; withoutFallback: string }[] = [];
  for (const v of findVariables(value)) {
    const literal = v.fallbacks.filter((f) => f.length >= 2 && (f[0] === "'" || f[0] === '"') && f[f.length - 1] === f[0]);
    if (!literal.length) continue;
    const body = value.slice(v.start + 2, v.end - 1);
    const comma = body.indexOf(',');
    const withoutFallback = value.slice(0, v.start) + '${' + body.slice(0, comma).trim() + '}' + value.slice(v.end);
    let from = comma;
    // A handful per variable is plenty (`${ssm:/a, ${ssm:/b}, 'x'}`); a long list is not a config.
    for (const f of literal.slice(0, 4)) {
      const at = body.indexOf(f, from);
      if (at < 0) continue;
      from = at + f.length;
      out.push({ text: f.slice(1, -1), start: v.start + 2 + at + 1, withoutFallback });
    }
    if (out.length >= 16) break;
  }
  return out;
}

/**
 * The block entries a scan may skip: a function under `functions:`, a resource under `Resources:`
 * or `resources.Resources`. Everything a candidate inside one depends on is the entry's own text
 * plus the inherited environment block (see `entryContext`).
 */
export function isEntryPath(serverless: boolean, path: readonly string[]): boolean {
  if (serverless) return (path.length === 2 && path[0] === 'functions' && !path[1].startsWith('[')) || (path.length === 3 && path[0] === 'resources' && path[1] === 'Resources');
  return path.length === 2 && path[0] === 'Resources';
}

/** Text outside an entry that its candidates depend on: the inherited environment block. */
export function entryContext(model: ConfigModel): string {
  const env =
    model.kind === 'serverless'
      ? get(get(model.root, 'provider'), 'environment')
      : get(get(get(get(model.root, 'Globals'), 'Function'), 'Environment'), 'Variables');
  return env ? model.parsed.text.slice(env.range.start, env.range.end) : '';
}

/**
 * @param skipEntry asked once per block entry (see `isEntryPath`); returning true leaves the
 * entry out of the scan (the caller knows it holds nothing); returning `'references'` scans the
 * entry for its Serverless variable references only: the candidates whose value starts with `${`
 * (without their fallback literals and without neighbours; inline code is still returned) — the
 * caller already has the entry's own findings and only follows where its references lead. Never asked when the
 * document uses anchors (an alias can carry values across entries).
 */
export function scanConfig(model: ConfigModel, skipEntry?: (node: YMap, path: readonly string[]) => boolean | 'references'): ConfigScan {
  const text = model.parsed.text;
  const serverless = model.kind === 'serverless';
  const resourceTypes = new Map<string, string>();
  for (const r of model.resources) if (!resourceTypes.has(r.id)) resourceTypes.set(r.id, r.type);
  const inlineNodes = new Map<YScalar, { runtime?: string; fnId: string }>();
  for (const f of model.functions) if (f.inlineCode) inlineNodes.set(f.inlineCode, { runtime: f.runtime, fnId: f.id });

  const out: ConfigScan = { values: [], inline: [] };

  /** Where a path is, in the document's terms. */
  const describe = (fullPath: readonly string[]) => {
    // Inside an intrinsic (`DB_URL: !Sub '…'`), the value still belongs to the key holding it.
    let fn = -1;
    for (let i = 0; i < fullPath.length; i++) if (fullPath[i].startsWith('Fn::')) { fn = i; break; }
    const path = fn >= 0 ? fullPath.slice(0, fn) : fullPath;
    const info: Pick<ConfigCandidate, 'location' | 'area' | 'envOwner' | 'fnId' | 'resourceId' | 'resourceType' | 'propertyName'> = { location: 'other', area: 'other' };
    let resIdx = -1;
    if (!serverless && path[0] === 'Resources') resIdx = 1;
    if (serverless && path[0] === 'resources') {
      const j = path[1] === 'Resources' ? 1 : path[2] === 'Resources' ? 2 : -1;
      if (j > 0) resIdx = j + 1;
    }
    if (resIdx > 0 && path.length > resIdx) {
      info.resourceId = path[resIdx];
      info.resourceType = resourceTypes.get(path[resIdx]);
      info.area = 'resource';
      if (path[resIdx + 1] === 'Properties' && path.length > resIdx + 2) {
        info.location = 'property';
        info.propertyName = path[resIdx + 2];
        if (
          LAMBDA_TYPES.has(info.resourceType ?? '') &&
          path.length === resIdx + 5 &&
          path[resIdx + 2] === 'Environment' &&
          path[resIdx + 3] === 'Variables'
        ) {
          info.location = 'env';
          info.area = 'env';
          info.envOwner = 'resource';
          info.fnId = info.resourceId;
        }
      }
      return info;
    }
    if (serverless) {
      if (path[0] === 'custom' || path[0] === 'params' || path[0] === 'stages') {
        info.location = 'custom';
        info.area = 'custom';
      } else if (path[0] === 'provider' && path[1] === 'environment' && path.length === 3) {
        info.location = 'env';
        info.area = 'env';
        info.envOwner = 'provider';
      } else if (path[0] === 'provider' && (path[1] === 'apiKeys' || (path[1] === 'apiGateway' && path[2] === 'apiKeys'))) {
        info.area = 'api-key';
      } else if (path[0] === 'functions') {
        const f = path[1]?.startsWith('[') ? 2 : 1;
        if (path[f + 1] === 'environment' && path.length === f + 3) {
          info.location = 'env';
          info.area = 'env';
          info.envOwner = 'function';
          info.fnId = path[f];
        }
      }
    } else if (path[0] === 'Globals') {
      info.location = 'property';
      if (path[1] === 'Function' && path[2] === 'Environment' && path[3] === 'Variables' && path.length === 5) {
        info.location = 'env';
        info.area = 'env';
        info.envOwner = 'globals';
      }
    }
    return info;
  };

  const neighboursOf = (map: YMap | undefined, extra?: YNode | null): SecretNeighbour[] => {
    const list: SecretNeighbour[] = [];
    const add = (m: YNode | null | undefined) => {
      if (!isMap(m)) return;
      for (const e of m.entries) {
        if (list.length >= MAX_NEIGHBOURS) return;
        const v = stringValue(e.value);
        if (v !== undefined && v.length <= 4096) list.push({ keyName: keyOf(e), value: v });
      }
    };
    add(map);
    add(extra);
    return list;
  };

  /** For env maps of functions, the inherited block (provider / Globals) is part of the neighbourhood. */
  const inheritedEnv = (path: readonly string[]): YNode | null | undefined => {
    if (serverless && path[0] === 'functions') return get(get(model.root, 'provider'), 'environment');
    if (!serverless && path[0] === 'Resources') return get(get(get(get(model.root, 'Globals'), 'Function'), 'Environment'), 'Variables');
    return undefined;
  };

  /** Inside an entry scanned for its references only (see `skipEntry`). */
  let referencesOnly = false;

  const emit = (node: YNode, value: string, path: readonly string[], keyName: string | undefined, inIntrinsic: boolean, parent?: YMap, pair?: YPair, neighbours: SecretNeighbour[] = NO_NEIGHBOURS, scalar?: YScalar, inherited?: YNode) => {
    if (referencesOnly && !(scalar && value.startsWith('${'))) return;
    // Step Functions (Amazon States Language): a key ending in `.$` holds a JSONPath / intrinsic
    // (`task_token.$: $$.Task.Token`), never a literal.
    if (keyName !== undefined && keyName.endsWith('.$')) return;
    // Secrets Manager `GenerateSecretString.SecretStringTemplate`: the generated value replaces the
    // key named by `GenerateStringKey`; the template's text is a placeholder structure.
    if (path.includes('GenerateSecretString') && path.includes('SecretStringTemplate')) return;
    const info = describe(path);
    const cand: ConfigCandidate = { node, value, keyName, path: path.slice(), inIntrinsic, neighbours, offset: 0, ...info };
    if (inherited) cand.inheritedEnv = inherited;
    if (scalar) cand.scalar = scalar;
    if (parent) cand.parent = parent;
    if (pair) cand.pair = pair;
    out.values.push(cand);
    if (serverless && scalar && value.includes('${') && !referencesOnly) {
      for (const fb of variableFallbacks(value)) {
        out.values.push({ ...cand, value: fb.text, offset: fb.start, variableFallback: { withoutFallback: fb.withoutFallback } });
      }
    }
  };

  // Aliases are the only way to meet a node twice, and they need an anchor (`&`).
  const seen = text.includes('&') ? new Set<YNode>() : undefined;
  /** The key path of the node being visited (pushed / popped around each child). */
  const path: string[] = [];

  const rec = (node: YNode | null | undefined, keyName: string | undefined, inIntrinsic: boolean, depth: number, parent?: YMap, pair?: YPair, neighbours?: SecretNeighbour[], inherited?: YNode): void => {
    if (!node || depth > MAX_DEPTH) return;
    if (seen) {
      if (seen.has(node)) return;
      seen.add(node);
    }
    const child = (key: string, n: YNode | null | undefined, k: string | undefined, intr: boolean, par?: YMap, pr?: YPair, nb?: SecretNeighbour[], inh?: YNode) => {
      path.push(key);
      rec(n, k, intr, depth + 1, par, pr, nb, inh);
      path.pop();
    };
    if (isScalar(node)) {
      if (typeof node.value !== 'string' || node.value.length === 0) return;
      const inline = inlineNodes.get(node);
      if (inline) {
        const map = scalarMap(text, node);
        if (map) out.inline.push({ scalar: node, map, value: node.value, runtime: inline.runtime, fnId: inline.fnId, path: path.slice() });
        return;
      }
      emit(node, node.value, path, keyName, inIntrinsic, parent, pair, neighbours, node, inherited);
      return;
    }
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) child(`[${i}]`, node.items[i], keyName, inIntrinsic);
      return;
    }
    const fn = intrinsicName(node);
    if (fn) {
      if (SKIP_INTRINSICS.has(fn)) return;
      const arg = intrinsicArg(node);
      if (fn === 'Fn::Join') {
        const v = model.value(node);
        if (v?.kind === 'literal' && typeof v.text === 'string') {
          seen?.add(arg as YNode);
          emit(node, v.text, path, keyName, true, parent, pair, neighbours);
          return;
        }
        child(fn, arg, undefined, true);
        return;
      }
      path.push(fn);
      if (fn === 'Fn::Sub') {
        if (isSeq(arg)) {
          child('[0]', arg.items[0], keyName, true);
          const vars = arg.items[1];
          if (isMap(vars)) {
            path.push('[1]');
            const nb = neighboursOf(vars);
            for (const e of vars.entries) child(keyOf(e), e.value, keyOf(e), true, vars, e, nb);
            path.pop();
          }
        } else rec(arg, keyName, true, depth + 1);
      } else if (fn === 'Fn::If') {
        if (isSeq(arg)) for (let i = 1; i < arg.items.length; i++) child(`[${i}]`, arg.items[i], keyName, true);
      } else if (PASS_THROUGH_INTRINSICS.has(fn)) rec(arg, keyName, true, depth + 1);
      path.pop();
      return;
    }
    // A plain map.
    if (skipEntry && !seen && !referencesOnly && isEntryPath(serverless, path)) {
      const skip = skipEntry(node, path);
      if (skip === 'references') {
        referencesOnly = true;
        try {
          mapEntries(node, keyName, inIntrinsic, depth);
        } finally {
          referencesOnly = false;
        }
        return;
      }
      if (skip) return;
    }
    mapEntries(node, keyName, inIntrinsic, depth);
  };

  /** The entries of a plain map (not an intrinsic function). */
  const mapEntries = (node: YMap, keyName: string | undefined, inIntrinsic: boolean, depth: number): void => {
    const child = (key: string, n: YNode | null | undefined, k: string | undefined, intr: boolean, par?: YMap, pr?: YPair, nb?: SecretNeighbour[], inh?: YNode) => {
      path.push(key);
      rec(n, k, intr, depth + 1, par, pr, nb, inh);
      path.pop();
    };
    if (serverless && path[0] === 'provider' && (path[1] === 'apiKeys' || (path[1] === 'apiGateway' && path[2] === 'apiKeys'))) {
      // `apiKeys: [name, {name, value, description}, {usagePlanName: [...]}]`: only `value` is secret.
      for (const e of node.entries) {
        const k = keyOf(e);
        if (k === 'value') child(k, e.value, 'apiKeys.value', inIntrinsic, node, e);
        else if (k !== 'name' && k !== 'description' && k !== 'customerId' && k !== 'enabled') child(k, e.value, undefined, inIntrinsic);
      }
      return;
    }
    // {Name: X, Value: Y} / {Key: X, Value: Y}: Y is classified under the key name X.
    let valuePair: YPair | undefined;
    let nameNode: YNode | null | undefined;
    let strings = false;
    // CodeBuild `{Name, Type: PARAMETER_STORE | SECRETS_MANAGER, Value}`: Value names the parameter / secret.
    let referenceTyped = false;
    for (const e of node.entries) {
      const k = e.key.value;
      if (k === 'Value' || k === 'value') valuePair = e;
      else if (k === 'Name' || k === 'name' || k === 'Key' || k === 'key') nameNode = e.value;
      else if (k === 'Type') {
        const t = stringValue(e.value);
        if (t === 'PARAMETER_STORE' || t === 'SECRETS_MANAGER') referenceTyped = true;
      }
      if (!strings && isScalar(e.value) && typeof e.value.value === 'string') strings = true;
    }
    const pairedName = valuePair && node.entries.length <= 6 ? stringValue(nameNode) : undefined;
    let siblings = NO_NEIGHBOURS;
    let inh: YNode | undefined;
    if (strings && !referencesOnly) {
      path.push('_');
      const envLike = describe(path).area === 'env';
      path.pop();
      inh = envLike ? inheritedEnv(path) ?? undefined : undefined;
      siblings = neighboursOf(node, inh);
    }
    for (const e of node.entries) {
      const k = keyOf(e);
      if (depth === 0 && !serverless && k === 'Parameters') continue;
      if (referenceTyped && e === valuePair) continue;
      // The detection core skips a neighbour equal to the value itself.
      child(k, e.value, pairedName && e === valuePair ? pairedName : k, inIntrinsic, node, e, siblings, inh);
    }
  };

  rec(model.root, undefined, false, 0);
  return out;
}
