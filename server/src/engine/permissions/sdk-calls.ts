/**
 * AWS SDK calls in handler code, found by walking the syntax tree (`SNode`s from tree-sitter; no
 * regular expressions over source): JavaScript/TypeScript SDK v3 (commands, aggregated clients,
 * lib-dynamodb, paginators, lib-storage `Upload`), SDK v2 (`new AWS.S3().getObject()`,
 * `DocumentClient`), and Python boto3 (clients, resources and their sub-resources such as
 * `Table(...)`), each mapped to the IAM actions it needs.
 *
 * A small flow-insensitive value analysis per module binds names (per function scope) to what they
 * hold: an SDK module or class, a client of some service, a boto3 resource, a local function, an
 * environment variable, a string. Calls in helper functions, in relatively imported files (and, for
 * Python, sibling modules) are followed up to a bounded depth. Client values passed to local
 * functions flow into their parameters; returned clients flow to callers.
 *
 * Two views per handler: `reachable` — calls reachable from the handler export (its body, the
 * functions and classes it refers to, module initialisation code), for "the handler needs this";
 * `all` — every call of every module involved, for "nothing uses this". `unknown` lists what cannot
 * be resolved statically (`client[op]()`, `boto3.client(name)`, a client handed to a library,
 * a library known to call AWS itself, an import that cannot be read): then nothing can be called
 * unused.
 *
 * This file holds the per-module analysis (`Mod`: scopes, bindings, value evaluation, the JS v2/v3
 * and boto3 call forms). Split by concern: `sdk-types.ts` (public types), `sdk-values.ts` (the
 * values), `sdk-syntax.ts` (tree helpers), `sdk-clients.ts` (which SDK a module member is: JS
 * v2/v3 client detection, boto3 factories), `services.ts` + `data/operation-actions.ts` (operation →
 * IAM action), `handler-calls.ts` (module graph, binding to a fixpoint, reachability, entry point).
 */
import { MAX_STATEMENT_CACHE_DEPTH, child, isStatementLike, walk, type SNode } from '../code/syntax';
import type { ParsedCode } from '../code/parser';
import type { Span } from '../types';
import {
  CLIENT_WRAPPERS,
  DOC_CLIENT_METHODS,
  PARTIQL_ACTIONS,
  REQUEST_DEPENDENT,
  RESOURCE_PARAMS,
  TRANSACT_ITEM_ACTIONS,
  actionsForOperation,
  iamServiceFor,
  isOpaquePackage,
  operationFromCamel,
  operationFromSnake,
} from './services';
import type { ModuleGraph } from './handler-calls';
import { parameterActionsFor } from './data/operation-actions';
import { BOTO3_COLLECTION_CHAIN, boto3Collection, boto3CollectionItem, boto3ResourceOperation, boto3Returns, boto3SubResource } from './data/boto3-resources';
import { boto3Factory, classifyExt, isSdkSpec, powertoolsPy } from './sdk-clients';
import { JS_FUNCS, JS_SCOPES, PY_FUNCS, PY_SCOPES, isPascal, jsStringValue, named, pyStringValue } from './sdk-syntax';
import type { ResourceRef, SdkCall, UnknownUse } from './sdk-types';
import { MAX_EVAL_DEPTH, addVals, isClientLike, normExt, type Val } from './sdk-values';


// ---------------------------------------------------------------------------------------------
// Module analysis

interface Scope {
  node: SNode;
  vars: Map<string, Val[]>;
  /** Python `global x` names (assignments bind in the module scope). */
  globals?: Set<string>;
}

interface Unit {
  /** Region of the unit (declaration, declarator, statement). */
  node: SNode;
  /** Runs when the module loads (init code). */
  init: boolean;
}

export class Mod {
  readonly lang: 'js' | 'py';
  readonly root: SNode;
  readonly scopes = new Map<SNode, Scope>();
  /** `this.x` / `self.x` / class fields, module-wide. */
  readonly props = new Map<string, Val[]>();
  /** Top-level names → their regions. */
  readonly units = new Map<string, Unit[]>();
  /** Init regions (top-level code that runs on import). */
  readonly init: SNode[] = [];
  /** JS export name → local name, a node holding the value, or a re-export. */
  readonly exportsMap = new Map<string, { local?: string; node?: SNode; reexport?: { spec: string; name: string } }>();
  /** `module.exports = X` (not an object literal). */
  moduleExportsNode?: SNode;
  /** `export * from './x'`. */
  readonly starReexports: string[] = [];
  /** Python: names used in decorators → the decorated definitions (routes registered on an app object). */
  readonly decorated = new Map<string, SNode[]>();
  readonly calls: SdkCall[] = [];
  readonly unknown: UnknownUse[] = [];
  /** Per service: clients built here with explicit credentials / with the default (execution-role) chain. */
  readonly clientCreds = new Map<string, { explicit: boolean; role: boolean }>();
  /** Local module imports (resolved path) and whether each resolved. */
  readonly localImports: { spec: string; path?: string; range: Span }[] = [];
  readonly complete: boolean;
  readonly parsed: ParsedCode;
  private readonly returnCache = new Map<SNode, Val[]>();
  private readonly returnBusy = new Set<SNode>();

  constructor(
    readonly path: string,
    readonly text: string,
    parsed: ParsedCode,
    readonly graph: ModuleGraph,
  ) {
    this.lang = parsed.lang === 'python' ? 'py' : 'js';
    this.parsed = parsed;
    this.root = parsed.root!;
    this.complete = !this.root.err;
    const ix = indexOf(this.root, this.lang);
    this.bindNodes = ix.bindNodes;
    this.callNodes = ix.callNodes;
    this.idents = ix.idents;
  }

  /** Nodes that bind names (declarations, assignments, imports, functions, calls passing arguments). */
  readonly bindNodes: readonly SNode[];
  /** Calls, `new` expressions and imports, in document order. */
  readonly callNodes: readonly SNode[];
  /** Identifier-like nodes in document order (for reachability). */
  readonly idents: readonly SNode[];
  private readonly scopeCache = new Map<SNode, Scope>();

  // --- scopes ---------------------------------------------------------------------------------

  private isScopeNode(n: SNode): boolean {
    return (this.lang === 'js' ? JS_SCOPES : PY_SCOPES).has(n.type);
  }

  scopeOf(n: SNode): Scope {
    const hit = this.scopeCache.get(n);
    if (hit) return hit;
    let cur: SNode | null = n.parent;
    while (cur && !this.isScopeNode(cur)) cur = cur.parent;
    const node = cur ?? this.root;
    let s = this.scopes.get(node);
    if (!s) this.scopes.set(node, (s = { node, vars: new Map() }));
    this.scopeCache.set(n, s);
    return s;
  }

  private parentScope(s: Scope): Scope | undefined {
    if (s.node === this.root) return undefined;
    return this.scopeOf(s.node);
  }

  lookup(name: string, at: SNode): Val[] | undefined {
    let s: Scope | undefined = this.scopeOf(at);
    while (s) {
      const v = s.vars.get(name);
      if (v) return v;
      s = this.parentScope(s);
    }
    return undefined;
  }

  /** Binds `name` (declared at `at`) in its scope; Python honours `global`. */
  bind(name: string, at: SNode, vals: readonly Val[], declare = true): boolean {
    let s = this.scopeOf(at);
    if (this.lang === 'py' && s.globals?.has(name)) s = this.rootScope();
    if (!declare) {
      // JS assignment: bind where the name is declared (else module scope).
      let cur: Scope | undefined = s;
      while (cur && !cur.vars.has(name)) cur = this.parentScope(cur);
      s = cur ?? this.rootScope();
    }
    let list = s.vars.get(name);
    if (!list) s.vars.set(name, (list = []));
    return addVals(list, vals);
  }

  rootScope(): Scope {
    let s = this.scopes.get(this.root);
    if (!s) this.scopes.set(this.root, (s = { node: this.root, vars: new Map() }));
    return s;
  }

  bindProp(name: string, vals: readonly Val[]): boolean {
    let list = this.props.get(name);
    if (!list) this.props.set(name, (list = []));
    return addVals(list, vals);
  }

  t(n: SNode): string {
    return this.text.slice(n.start, n.end);
  }

  str(n: SNode): string | undefined {
    return this.lang === 'js' ? jsStringValue(n, this.text) : pyStringValue(n, this.text);
  }

  // --- evaluation -----------------------------------------------------------------------------

  ev(n: SNode | undefined, depth = 0): Val[] {
    if (!n || depth > MAX_EVAL_DEPTH) return [];
    return this.lang === 'js' ? this.evJs(n, depth) : this.evPy(n, depth);
  }

  private evIdent(name: string, at: SNode): Val[] {
    const v = this.lookup(name, at);
    if (v) return v;
    if (this.lang === 'js' && name === 'process') return [{ k: 'ext', spec: 'process', path: [] }];
    if (this.lang === 'py' && (name === 'self' || name === 'cls')) return [{ k: 'this' }];
    return [];
  }

  private evJs(n: SNode, depth: number): Val[] {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.evIdent(this.t(n), n);
      case 'this':
        return [{ k: 'this' }];
      case 'string':
      case 'template_string': {
        const s = this.str(n);
        return s === undefined ? [] : [{ k: 'str', value: s }];
      }
      case 'member_expression': {
        const obj = child(n, 'object');
        const prop = child(n, 'property');
        if (!obj || !prop) return [];
        return this.members(this.ev(obj, depth + 1), this.t(prop), depth);
      }
      case 'subscript_expression': {
        const obj = child(n, 'object');
        const idx = child(n, 'index');
        const key = idx ? this.str(idx) : undefined;
        if (!obj || key === undefined) return [];
        return this.members(this.ev(obj, depth + 1), key, depth);
      }
      case 'call_expression': {
        const fn = child(n, 'function');
        const args = child(n, 'arguments');
        if (!fn) return [];
        if (fn.type === 'identifier' && this.t(fn) === 'require' && args) {
          const a0 = named(args)[0];
          const spec = a0 ? this.str(a0) : undefined;
          return spec !== undefined ? [this.importVal(spec, undefined, n)] : [];
        }
        if (fn.type === 'import') {
          const a0 = args ? named(args)[0] : undefined;
          const spec = a0 ? this.str(a0) : undefined;
          return spec !== undefined ? [this.importVal(spec, undefined, n)] : [];
        }
        return this.callResult(this.ev(fn, depth + 1), args ? named(args) : [], depth);
      }
      case 'new_expression': {
        return this.newResult(this.ev(child(n, 'constructor'), depth + 1));
      }
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion': {
        const inner = named(n).find((c) => !c.type.includes('type'));
        return this.ev(inner, depth + 1);
      }
      case 'binary_expression': {
        const op = n.children.find((c) => !c.named)?.type;
        if (op !== '||' && op !== '??' && op !== '&&') return [];
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'left'), depth + 1));
        addVals(out, this.ev(child(n, 'right'), depth + 1));
        return out;
      }
      case 'ternary_expression': {
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'consequence'), depth + 1));
        addVals(out, this.ev(child(n, 'alternative'), depth + 1));
        return out;
      }
      case 'assignment_expression':
        return this.ev(child(n, 'right'), depth + 1);
      case 'sequence_expression': {
        const ns = named(n);
        return this.ev(ns[ns.length - 1], depth + 1);
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return [{ k: 'fn', node: n, mod: this }];
      case 'class':
        return [{ k: 'cls', node: n, mod: this }];
      case 'object':
        return [{ k: 'obj', node: n, mod: this }];
      default:
        return [];
    }
  }

  private evPy(n: SNode, depth: number): Val[] {
    switch (n.type) {
      case 'identifier':
        return this.evIdent(this.t(n), n);
      case 'string':
      case 'concatenated_string': {
        const s = this.str(n);
        return s === undefined ? [] : [{ k: 'str', value: s }];
      }
      case 'attribute': {
        const obj = child(n, 'object');
        const attr = child(n, 'attribute');
        if (!obj || !attr) return [];
        return this.members(this.ev(obj, depth + 1), this.t(attr), depth);
      }
      case 'subscript': {
        const obj = child(n, 'value');
        const idx = child(n, 'subscript');
        const key = idx ? this.str(idx) : undefined;
        if (!obj || key === undefined) return [];
        const out: Val[] = [];
        for (const v of this.ev(obj, depth + 1)) addVals(out, v.k === 'envobj' ? [{ k: 'env', name: key }] : this.members([v], key, depth));
        return out;
      }
      case 'call': {
        const fn = child(n, 'function');
        const args = child(n, 'arguments');
        if (!fn) return [];
        if (fn.type === 'identifier' && this.t(fn) === 'getattr' && args) {
          const [o, name] = named(args);
          const key = name ? this.str(name) : undefined;
          if (o && key !== undefined) return this.members(this.ev(o, depth + 1), key, depth);
          return [];
        }
        return this.callResult(this.ev(fn, depth + 1), args ? named(args) : [], depth);
      }
      case 'await':
      case 'parenthesized_expression':
        return this.ev(named(n)[0], depth + 1);
      case 'boolean_operator': {
        const out: Val[] = [];
        addVals(out, this.ev(child(n, 'left'), depth + 1));
        addVals(out, this.ev(child(n, 'right'), depth + 1));
        return out;
      }
      case 'conditional_expression': {
        const ns = named(n);
        const out: Val[] = [];
        addVals(out, this.ev(ns[0], depth + 1));
        addVals(out, this.ev(ns[2], depth + 1));
        return out;
      }
      case 'lambda':
        return [{ k: 'fn', node: n, mod: this }];
      case 'dictionary':
        return [{ k: 'obj', node: n, mod: this }];
      case 'named_expression':
        return this.ev(child(n, 'value'), depth + 1);
      default:
        return [];
    }
  }

  importVal(spec: string, name: string | undefined, at: SNode): Val {
    if (this.isLocalSpec(spec)) {
      const path = this.graph.resolve(this, spec);
      if (path) return { k: 'local', path, name, from: this };
      return { k: 'dyn', why: `unresolved import ${spec}` };
    }
    void at;
    return normExt({ k: 'ext', spec, path: name === undefined ? [] : [name] });
  }

  isLocalSpec(spec: string): boolean {
    if (this.lang === 'js') return spec.startsWith('./') || spec.startsWith('../');
    if (spec.startsWith('.')) return true;
    return this.graph.resolvePyAbsolute(this, spec) !== undefined;
  }

  /** Reading `prop` from each value. */
  members(objs: readonly Val[], prop: string, depth: number): Val[] {
    const out: Val[] = [];
    for (const o of objs) addVals(out, this.member(o, prop, depth));
    return out;
  }

  private member(o: Val, prop: string, depth: number): Val[] {
    switch (o.k) {
      case 'ext': {
        if (o.spec === 'process' && o.path.length === 0 && prop === 'env') return [{ k: 'envobj' }];
        if (o.spec === 'os' && o.path.length === 0 && prop === 'environ') return [{ k: 'envobj' }];
        if (o.path.length >= 4) return [];
        return [normExt({ k: 'ext', spec: o.spec, path: [...o.path, prop] })];
      }
      case 'envobj':
        if (this.lang === 'py') return [{ k: 'method', recv: o, name: prop }];
        return [{ k: 'env', name: prop }];
      case 'this':
        return this.props.get(prop) ?? [];
      case 'inst':
        return [...(o.mod.props.get(prop) ?? []), ...o.mod.classMethod(o.cls, prop)];
      case 'client':
        return [{ k: 'method', recv: o, name: prop }];
      case 'res':
        if (prop === 'meta') return [{ k: 'method', recv: o, name: 'meta' }];
        return [{ k: 'method', recv: o, name: prop }];
      case 'session':
        return [{ k: 'method', recv: o, name: prop }];
      case 'method': {
        // `resource.meta.client`, `bucket.objects.all`
        if (o.name === 'meta' && o.recv.k === 'res' && prop === 'client') return [{ k: 'client', svc: o.recv.svc, style: 'boto3' }];
        if (o.recv.k === 'res' && !isPascal(o.name) && boto3Collection(o.recv.svc, o.name)) {
          return [{ k: 'method', recv: { k: 'res', svc: o.recv.svc, type: `coll:${o.name}`, resource: o.recv.resource }, name: prop }];
        }
        if (o.recv.k === 'ext') return [{ k: 'ext', spec: o.recv.spec, path: [...o.recv.path, o.name, prop] }];
        return [];
      }
      case 'local':
        return this.graph.exportValue(o, prop, depth + 1);
      case 'obj':
        return o.mod.objProp(o.node, prop, depth + 1);
      case 'cls':
        return [...(o.mod.props.get(prop) ?? []), ...o.mod.classMethod(o.node, prop)];
      default:
        return [];
    }
  }

  /** A method of a local class, as a function value. */
  classMethod(cls: SNode, name: string): Val[] {
    const body = child(cls, 'body');
    if (!body) return [];
    for (let m of named(body)) {
      if (m.type === 'decorated_definition') m = child(m, 'definition') ?? m;
      if (m.type !== 'method_definition' && m.type !== 'function_definition') continue;
      const nm = child(m, 'name');
      if (nm && this.t(nm) === name) return [{ k: 'fn', node: m, mod: this }];
    }
    return [];
  }

  objProp(node: SNode, prop: string, depth: number): Val[] {
    for (const p of named(node)) {
      if (this.lang === 'js') {
        if (p.type === 'pair') {
          const k = child(p, 'key');
          const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
          if (key === prop) return this.ev(child(p, 'value'), depth + 1);
        } else if (p.type === 'shorthand_property_identifier' && this.t(p) === prop) {
          return this.evIdent(prop, p);
        }
      } else if (p.type === 'pair') {
        const k = child(p, 'key');
        if (k && this.str(k) === prop) return this.ev(child(p, 'value'), depth + 1);
      }
    }
    return [];
  }

  /** The property value node of an object literal / dict (`TableName: x`), if written literally. */
  objPropNode(node: SNode, prop: string): SNode | undefined {
    for (const p of named(node)) {
      if (this.lang === 'js') {
        if (p.type === 'pair') {
          const k = child(p, 'key');
          const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
          if (key === prop) return child(p, 'value');
        } else if (p.type === 'shorthand_property_identifier' && this.t(p) === prop) return p;
      } else if (p.type === 'pair') {
        const k = child(p, 'key');
        if (k && this.str(k) === prop) return child(p, 'value');
      }
    }
    return undefined;
  }

  private newResult(ctors: readonly Val[]): Val[] {
    const out: Val[] = [];
    for (const c of ctors) {
      if (c.k === 'ext') {
        const cls = classifyExt(c);
        if (cls?.kind === 'v2class') addVals(out, [{ k: 'client', svc: cls.svc, style: cls.doc ? 'v2doc' : 'v2' }]);
        else if (cls?.kind === 'v3client') addVals(out, [{ k: 'client', svc: cls.svc, style: cls.agg ? (cls.doc ? 'v3doc' : 'v3agg') : 'v3' }]);
        else if (cls?.kind === 'dyn') addVals(out, [{ k: 'dyn', why: cls.why }]);
      } else if (c.k === 'cls') {
        addVals(out, [{ k: 'inst', cls: c.node, mod: c.mod }]);
      } else if (c.k === 'dyn') addVals(out, [c]);
    }
    return out;
  }

  private callResult(callees: readonly Val[], args: SNode[], depth: number): Val[] {
    const out: Val[] = [];
    for (const c of callees) {
      switch (c.k) {
        case 'fn':
          addVals(out, c.mod.returnValues(c.node, depth + 1));
          break;
        case 'cls':
          if (this.lang === 'py') addVals(out, [{ k: 'inst', cls: c.node, mod: c.mod }]);
          break;
        case 'ext': {
          const last = c.path[c.path.length - 1];
          if (last && CLIENT_WRAPPERS.has(last)) {
            // A wrapper returns what it is given: a client, or the whole SDK (`AWSXRay.captureAWS(require('aws-sdk'))`).
            for (const a of args) addVals(out, this.ev(this.argValueNode(a), depth + 1).filter((v) => isClientLike(v) || (v.k === 'ext' && isSdkSpec(v.spec))));
            break;
          }
          if (this.lang === 'py') {
            if (c.spec === 'os' && c.path.length === 1 && c.path[0] === 'getenv') {
              const s = args[0] ? this.str(args[0]) : undefined;
              if (s !== undefined) addVals(out, [{ k: 'env', name: s }]);
              break;
            }
            const b = boto3Factory(c);
            if (b) addVals(out, this.boto3Make(b, args, depth, false));
          } else {
            // `DynamoDBDocumentClient.from(client)` / `DynamoDBDocument.from(client)`
            const cls = classifyExt({ ...c, path: c.path.slice(0, -1) });
            if (last === 'from' && cls?.kind === 'v3client' && cls.doc) addVals(out, [{ k: 'client', svc: 'dynamodb', style: cls.agg ? 'v3doc' : 'v3' }]);
          }
          break;
        }
        case 'method': {
          const r = c.recv;
          if (r.k === 'session' && (c.name === 'client' || c.name === 'resource')) addVals(out, this.boto3Make(c.name, args, depth, !!r.creds));
          else if (r.k === 'envobj' && c.name === 'get') {
            const s = args[0] ? this.str(args[0]) : undefined;
            if (s !== undefined) addVals(out, [{ k: 'env', name: s }]);
          } else if (r.k === 'res' && isPascal(c.name)) {
            // sub-resource constructor: `s3.Bucket(name)`, `bucket.Notification()` (type BucketNotification)
            addVals(out, [{ k: 'res', svc: r.svc, type: boto3SubResource(r.svc, r.type, c.name) ?? c.name, resource: r.resource ?? this.firstResourceArg(args, depth) }]);
          } else if (r.k === 'res' && c.name === 'get_queue_by_name') {
            addVals(out, [{ k: 'res', svc: 'sqs', type: 'Queue', resource: this.kwResource(args, 'QueueName', depth) }]);
          } else if (r.k === 'res' && !r.type?.startsWith('coll:') && boto3Returns(r.svc, r.type, c.name)) {
            // a method returning a resource: `sqs.create_queue(...)` → Queue, `s3.create_bucket(...)` → Bucket
            addVals(out, [{ k: 'res', svc: r.svc, type: boto3Returns(r.svc, r.type, c.name) }]);
          } else if (r.k === 'res' && r.type?.startsWith('coll:') && BOTO3_COLLECTION_CHAIN.has(c.name)) {
            addVals(out, [r]);
          } else if (r.k === 'ext') {
            addVals(out, this.callResult([{ k: 'ext', spec: r.spec, path: [...r.path, c.name] }], args, depth));
          }
          break;
        }
        case 'local': {
          addVals(out, this.callResult(this.graph.localValue(c, depth + 1), args, depth + 1));
          break;
        }
        case 'dyn':
          addVals(out, [c]);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** Python: `x` or `name=x` → x; JS: the node. */
  argValueNode(a: SNode): SNode {
    if (this.lang === 'py' && a.type === 'keyword_argument') return child(a, 'value') ?? a;
    return a;
  }

  private boto3Make(kind: 'client' | 'resource' | 'session', args: SNode[], depth: number, sessionCreds: boolean): Val[] {
    const creds = sessionCreds || this.pyHasCredentialArgs(args);
    if (kind === 'session') return [creds ? { k: 'session', creds } : { k: 'session' }];
    let nameNode: SNode | undefined = args.find((a) => a.type !== 'keyword_argument');
    if (!nameNode) {
      const kw = args.find((a) => a.type === 'keyword_argument' && child(a, 'name') && this.t(child(a, 'name')!) === 'service_name');
      nameNode = kw ? child(kw, 'value') : undefined;
    }
    if (!nameNode) return [{ k: 'dyn', why: `boto3.${kind}() without a service name` }];
    const names = this.ev(nameNode, depth + 1).filter((v): v is { k: 'str'; value: string } => v.k === 'str');
    if (names.length === 0) return [{ k: 'dyn', why: `boto3.${kind}() with a computed service name` }];
    const out: Val[] = [];
    for (const n of names) {
      const svc = iamServiceFor(n.value);
      if (!svc) {
        // A service we cannot name in IAM terms: its calls are unknown, not absent.
        addVals(out, [{ k: 'dyn', why: `boto3 service '${n.value}' has no known IAM prefix` }]);
        continue;
      }
      this.noteClient(svc, creds);
      addVals(out, [kind === 'client' ? { k: 'client', svc, style: 'boto3' } : { k: 'res', svc }]);
    }
    return out;
  }

  /**
   * `const db = require('./db')` binds the module itself: what it assigns to `module.exports`
   * (a client, an object of helpers) is the receiver of `db.put(…)`.
   */
  private requiredModules(vals: Val[]): Val[] {
    if (!vals.some((v) => v.k === 'local' && v.name === undefined)) return vals;
    const out: Val[] = [];
    for (const v of vals) {
      if (v.k === 'local' && v.name === undefined) addVals(out, this.graph.localValue(v, 1));
      else addVals(out, [v]);
    }
    return out;
  }

  /** Record a client of `svc` built here, with explicit credentials or the default chain. */
  noteClient(svc: string, explicit: boolean): void {
    const e = this.clientCreds.get(svc) ?? { explicit: false, role: false };
    if (explicit) e.explicit = true;
    else e.role = true;
    this.clientCreds.set(svc, e);
  }

  /** boto3 `client(..., aws_access_key_id=…)` / `Session(aws_session_token=…)`. */
  private pyHasCredentialArgs(args: SNode[]): boolean {
    return args.some((a) => a.type === 'keyword_argument' && child(a, 'name') !== undefined && child(a, 'name') !== null && PY_CREDENTIAL_KWARGS.has(this.t(child(a, 'name')!)));
  }

  /** JS client options with credentials (`{ credentials }`, v2 `{ accessKeyId, secretAccessKey }`), literally or through a binding. */
  jsHasCredentialOptions(opts: SNode | undefined): boolean {
    if (!opts) return false;
    const has = (obj: SNode, mod: Mod) => JS_CREDENTIAL_OPTIONS.some((k) => mod.objPropNode(obj, k) !== undefined);
    if (opts.type === 'object') return has(opts, this);
    return this.ev(opts).some((v) => v.k === 'obj' && has(v.node, v.mod));
  }

  /** Resource name from the first positional argument (`Table(name)`, `Bucket(name)`). */
  private firstResourceArg(args: SNode[], depth: number): ResourceRef | undefined {
    const a = args.find((x) => x.type !== 'keyword_argument');
    return a ? this.resourceOf(a, depth) : undefined;
  }

  private kwResource(args: SNode[], name: string, depth: number): ResourceRef | undefined {
    const kw = args.find((a) => a.type === 'keyword_argument' && child(a, 'name') && this.t(child(a, 'name')!) === name);
    const v = kw ? child(kw, 'value') : undefined;
    return v ? this.resourceOf(v, depth) : undefined;
  }

  /** A literal or an environment variable, when the expression is one (through bindings). */
  resourceOf(n: SNode, depth = 0): ResourceRef | undefined {
    const vals = this.ev(n, depth + 1).filter((v) => v.k === 'str' || v.k === 'env');
    if (vals.length !== 1) return undefined;
    const v = vals[0];
    return v.k === 'str' ? { kind: 'literal', text: v.value } : v.k === 'env' ? { kind: 'env', name: v.name } : undefined;
  }

  /** Values a local function returns (cached; recursion returns nothing). */
  returnValues(fn: SNode, depth: number): Val[] {
    const hit = this.returnCache.get(fn);
    if (hit) return hit;
    if (this.returnBusy.has(fn) || depth > MAX_EVAL_DEPTH) return [];
    this.returnBusy.add(fn);
    const out: Val[] = [];
    const body = child(fn, 'body');
    if (body && this.lang === 'js' && fn.type === 'arrow_function' && body.type !== 'statement_block') addVals(out, this.ev(body, depth + 1));
    else if (body && this.lang === 'py' && fn.type === 'lambda') addVals(out, this.ev(body, depth + 1));
    else if (body) {
      const funcs = this.lang === 'js' ? JS_FUNCS : PY_FUNCS;
      walk(body, (x) => {
        if (x !== body && (funcs.has(x.type) || x.type === 'class_declaration' || x.type === 'class_definition')) return false;
        if (x.type === 'return_statement') {
          addVals(out, this.ev(named(x)[0], depth + 1));
          return false;
        }
        return undefined;
      });
    }
    this.returnBusy.delete(fn);
    this.returnCache.set(fn, out);
    return out;
  }

  clearReturnCache(): void {
    this.returnCache.clear();
  }

  // --- binding pass ---------------------------------------------------------------------------

  /** One pass over the module binding names to values; true when anything changed. */
  bindPass(): boolean {
    this.clearReturnCache();
    let changed = false;
    const mark = (c: boolean) => {
      if (c) changed = true;
    };
    for (const n of this.bindNodes) {
      if (this.lang === 'js') this.bindJs(n, mark);
      else this.bindPy(n, mark);
    }
    return changed;
  }

  private bindPattern(pat: SNode, vals: readonly Val[], mark: (c: boolean) => void, declare: boolean): void {
    switch (pat.type) {
      case 'identifier':
        mark(this.bind(this.t(pat), pat, vals, declare));
        break;
      case 'object_pattern':
        for (const p of named(pat)) {
          if (p.type === 'shorthand_property_identifier_pattern') mark(this.bind(this.t(p), p, this.members(vals, this.t(p), 0), declare));
          else if (p.type === 'pair_pattern') {
            const k = child(p, 'key');
            const v = child(p, 'value');
            const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
            if (key !== undefined && v) this.bindPattern(v.type === 'assignment_pattern' ? child(v, 'left') ?? v : v, this.members(vals, key, 0), mark, declare);
          } else if (p.type === 'object_assignment_pattern') {
            const l = child(p, 'left');
            if (l) {
              const vs = this.members(vals, this.t(l), 0);
              const r = child(p, 'right');
              mark(this.bind(this.t(l), l, [...vs, ...this.ev(r)], declare));
            }
          }
        }
        break;
      case 'assignment_pattern': {
        const l = child(pat, 'left');
        if (l) this.bindPattern(l, [...vals, ...this.ev(child(pat, 'right'))], mark, declare);
        break;
      }
      case 'member_expression': {
        const obj = child(pat, 'object');
        const prop = child(pat, 'property');
        if (obj && prop && (obj.type === 'this' || obj.type === 'identifier')) mark(this.bindProp(this.t(prop), vals));
        break;
      }
      default:
        break;
    }
  }

  private bindJs(n: SNode, mark: (c: boolean) => void): void {
    switch (n.type) {
      case 'import_statement': {
        const src = child(n, 'source');
        const spec = src ? this.str(src) : undefined;
        const req = n.children.find((c) => c.type === 'import_require_clause');
        if (req) {
          const id = named(req).find((c) => c.type === 'identifier');
          const s = child(req, 'source');
          const sp = s ? this.str(s) : undefined;
          if (id && sp !== undefined) mark(this.bind(this.t(id), id, [this.importVal(sp, undefined, n)]));
          break;
        }
        if (spec === undefined) break;
        const clause = n.children.find((c) => c.type === 'import_clause');
        if (!clause) break;
        for (const c of named(clause)) {
          if (c.type === 'identifier') mark(this.bind(this.t(c), c, [this.importVal(spec, 'default', n)]));
          else if (c.type === 'namespace_import') {
            const id = named(c)[0];
            if (id) mark(this.bind(this.t(id), id, [this.importVal(spec, undefined, n)]));
          } else if (c.type === 'named_imports') {
            for (const s of named(c)) {
              if (s.type !== 'import_specifier') continue;
              const nm = child(s, 'name');
              const alias = child(s, 'alias') ?? nm;
              const imported = nm ? (nm.type === 'string' ? this.str(nm) : this.t(nm)) : undefined;
              if (imported !== undefined && alias) mark(this.bind(this.t(alias), alias, [this.importVal(spec, imported, n)]));
            }
          }
        }
        break;
      }
      case 'variable_declarator': {
        const name = child(n, 'name');
        const value = child(n, 'value');
        if (name && value) this.bindPattern(name, this.ev(value), mark, true);
        break;
      }
      case 'assignment_expression': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (left && right) this.bindPattern(left, this.ev(right), mark, false);
        break;
      }
      case 'function_declaration':
      case 'generator_function_declaration': {
        const name = child(n, 'name');
        if (name) mark(this.bind(this.t(name), n, [{ k: 'fn', node: n, mod: this }]));
        this.bindParams(n, mark);
        break;
      }
      case 'class_declaration': {
        const name = child(n, 'name');
        if (name) mark(this.bind(this.t(name), n, [{ k: 'cls', node: n, mod: this }]));
        break;
      }
      case 'public_field_definition':
      case 'field_definition': {
        const name = child(n, 'name') ?? child(n, 'property');
        const value = child(n, 'value');
        if (name && value) mark(this.bindProp(this.t(name), this.ev(value)));
        break;
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'method_definition':
      case 'generator_function':
        this.bindParams(n, mark);
        break;
      case 'call_expression':
        this.bindCallArgs(n, mark);
        break;
      default:
        break;
    }
  }

  private bindPy(n: SNode, mark: (c: boolean) => void): void {
    switch (n.type) {
      case 'import_statement':
        for (const c of named(n)) {
          if (c.type === 'dotted_name') {
            const full = this.t(c);
            const first = full.split('.')[0];
            mark(this.bind(first, c, [this.importVal(first, undefined, n)]));
          } else if (c.type === 'aliased_import') {
            const nm = child(c, 'name');
            const alias = child(c, 'alias');
            if (nm && alias) mark(this.bind(this.t(alias), alias, [this.importVal(this.t(nm), undefined, n)]));
          }
        }
        break;
      case 'import_from_statement': {
        const modNode = child(n, 'module_name');
        if (!modNode) break;
        const spec = this.t(modNode);
        for (const c of n.children) {
          if (c.field !== 'name') continue;
          let nm: SNode | undefined = c;
          let alias: SNode | undefined = c;
          if (c.type === 'aliased_import') {
            nm = child(c, 'name');
            alias = child(c, 'alias');
          }
          if (!nm || !alias) continue;
          const imported = this.t(nm);
          // `from . import db` / `from pkg import mod`: a submodule when such a file exists.
          const sub = spec.endsWith('.') ? spec + imported : `${spec}.${imported}`;
          const subVal = this.graph.resolve(this, sub) ? this.importVal(sub, undefined, n) : undefined;
          mark(this.bind(this.t(alias), alias, [subVal && subVal.k === 'local' ? subVal : this.importVal(spec, imported, n)]));
        }
        break;
      }
      case 'assignment': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (!left || !right) break;
        const vals = this.ev(right);
        if (left.type === 'identifier') {
          mark(this.bind(this.t(left), left, vals));
          // class-level attribute: reachable as self.x / Cls.x
          const sc = this.scopeOf(left);
          let p: SNode | null = left.parent;
          while (p && p !== sc.node && p.type !== 'class_definition') p = p.parent;
          if (p && p.type === 'class_definition') mark(this.bindProp(this.t(left), vals));
        } else if (left.type === 'attribute') {
          const attr = child(left, 'attribute');
          if (attr) mark(this.bindProp(this.t(attr), vals));
        }
        break;
      }
      case 'for_statement': {
        // `for o in bucket.objects.all():` → o is an ObjectSummary
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (!left || left.type !== 'identifier' || !right) break;
        const items: Val[] = [];
        for (const v of this.ev(right)) if (v.k === 'res' && v.type?.startsWith('coll:')) items.push({ k: 'res', svc: v.svc, type: boto3CollectionItem(v.svc, v.type.slice(5)) ?? 'Item', resource: v.resource });
        if (items.length) mark(this.bind(this.t(left), left, items));
        break;
      }
      case 'global_statement': {
        const s = this.scopeOf(n);
        s.globals ??= new Set();
        for (const c of named(n)) if (c.type === 'identifier') s.globals.add(this.t(c));
        break;
      }
      case 'function_definition': {
        const name = child(n, 'name');
        if (name) mark(this.bind(this.t(name), n, [{ k: 'fn', node: n, mod: this }]));
        this.bindParams(n, mark);
        break;
      }
      case 'class_definition': {
        const name = child(n, 'name');
        if (name) mark(this.bind(this.t(name), n, [{ k: 'cls', node: n, mod: this }]));
        break;
      }
      case 'with_statement':
        walk(n, (x) => {
          if (x.type === 'as_pattern') {
            const target = child(x, 'alias');
            const id = target ? named(target)[0] : undefined;
            const value = named(x)[0];
            if (id && id.type === 'identifier' && value) mark(this.bind(this.t(id), id, this.ev(value)));
            return false;
          }
          return x.type === 'block' ? false : undefined;
        });
        break;
      case 'call':
        this.bindCallArgs(n, mark);
        break;
      default:
        break;
    }
  }

  /** Parameter nodes (name identifier + default value) of a function. */
  params(fn: SNode): { name: SNode; def?: SNode; pattern?: SNode }[] {
    const out: { name: SNode; def?: SNode; pattern?: SNode }[] = [];
    const single = child(fn, 'parameter');
    if (single && single.type === 'identifier') return [{ name: single }];
    const ps = child(fn, 'parameters');
    if (!ps) return out;
    for (const p of named(ps)) {
      if (this.lang === 'js') {
        if (p.type === 'identifier') out.push({ name: p });
        else if (p.type === 'assignment_pattern') {
          const l = child(p, 'left');
          if (l && l.type === 'identifier') out.push({ name: l, def: child(p, 'right') });
          else if (l) out.push({ name: l, pattern: l, def: child(p, 'right') });
        } else if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
          const pat = child(p, 'pattern');
          if (pat && pat.type === 'identifier') out.push({ name: pat, def: child(p, 'value') });
          else if (pat) out.push({ name: pat, pattern: pat, def: child(p, 'value') });
        } else out.push({ name: p, pattern: p });
      } else {
        if (p.type === 'identifier') out.push({ name: p });
        else if (p.type === 'typed_parameter') {
          const id = named(p).find((c) => c.type === 'identifier');
          if (id) out.push({ name: id });
        } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
          const nm = child(p, 'name');
          if (nm) out.push({ name: nm, def: child(p, 'value') });
        } else out.push({ name: p, pattern: p });
      }
    }
    return out;
  }

  private bindParams(fn: SNode, mark: (c: boolean) => void): void {
    for (const p of this.params(fn)) {
      if (!p.def) continue;
      const vals = this.ev(p.def);
      if (!vals.length) continue;
      // parameters live in the function's own scope
      if (p.name.type === 'identifier') mark(this.bindIn(fn, this.t(p.name), vals));
    }
    // TS parameter properties: `constructor(private c = new S3())`
    const ps = child(fn, 'parameters');
    if (ps && this.lang === 'js') {
      for (const p of named(ps)) {
        if (p.type !== 'required_parameter' && p.type !== 'optional_parameter') continue;
        if (!p.children.some((c) => c.type === 'accessibility_modifier' || c.type === 'readonly')) continue;
        const pat = child(p, 'pattern');
        const def = child(p, 'value');
        if (pat && pat.type === 'identifier' && def) mark(this.bindProp(this.t(pat), this.ev(def)));
      }
    }
  }

  /** Binds a name in the scope of function `fn`. */
  private bindIn(fn: SNode, name: string, vals: readonly Val[]): boolean {
    let s = this.scopes.get(fn);
    if (!s) this.scopes.set(fn, (s = { node: fn, vars: new Map() }));
    let list = s.vars.get(name);
    if (!list) s.vars.set(name, (list = []));
    return addVals(list, vals);
  }

  /** Client values passed to a local function flow into its parameters. */
  private bindCallArgs(call: SNode, mark: (c: boolean) => void): void {
    const fnNode = child(call, 'function');
    const argsNode = child(call, 'arguments');
    if (!fnNode || !argsNode) return;
    if (fnNode.type !== 'identifier' && fnNode.type !== 'member_expression' && fnNode.type !== 'attribute') return;
    const callees = this.ev(fnNode);
    const fns = callees.filter((v): v is { k: 'fn'; node: SNode; mod: Mod } => v.k === 'fn');
    const locals = callees.filter((v): v is Extract<Val, { k: 'local' }> => v.k === 'local');
    for (const l of locals) for (const v of this.graph.localValue(l, 1)) if (v.k === 'fn') fns.push(v);
    if (!fns.length) return;
    const args = named(argsNode);
    for (const f of fns) {
      const ps = f.mod.params(f.node);
      let pos = 0;
      const isMethod = f.mod.lang === 'py' && ps[0] && f.mod.t(ps[0].name) === 'self';
      for (const a of args) {
        let target: { name: SNode } | undefined;
        let valueNode: SNode = a;
        if (this.lang === 'py' && a.type === 'keyword_argument') {
          const nm = child(a, 'name');
          target = nm ? ps.find((p) => f.mod.t(p.name) === this.t(nm)) : undefined;
          valueNode = child(a, 'value') ?? a;
        } else if (a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'spread_element') {
          break;
        } else {
          target = ps[pos + (isMethod ? 1 : 0)];
          pos++;
        }
        if (!target || target.name.type !== 'identifier') continue;
        const vals = this.ev(valueNode).filter((v) => isClientLike(v) || v.k === 'str' || v.k === 'env' || v.k === 'obj');
        if (!vals.length) continue;
        const changed = f.mod.bindIn(f.node, f.mod.t(target.name), vals);
        if (changed) mark(true);
        if (changed && f.mod !== this) f.mod.graph.dirty.add(f.mod);
      }
    }
  }

  // --- units (reachability) -------------------------------------------------------------------

  collectUnits(): void {
    const addUnit = (name: string, node: SNode, init = false) => {
      let list = this.units.get(name);
      if (!list) this.units.set(name, (list = []));
      list.push({ node, init });
    };
    for (const st of named(this.root)) {
      if (this.lang === 'js') this.unitsJs(st, addUnit);
      else this.unitsPy(st, addUnit);
    }
  }

  private unitsJs(st: SNode, addUnit: (name: string, node: SNode) => void): void {
    switch (st.type) {
      case 'import_statement':
        return;
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration': {
        const name = child(st, 'name');
        if (name) addUnit(this.t(name), st);
        return;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of named(st)) {
          if (d.type !== 'variable_declarator') continue;
          const name = child(d, 'name');
          if (!name) continue;
          const names = name.type === 'identifier' ? [this.t(name)] : patternNames(name, this.text);
          for (const nm of names) addUnit(nm, d);
          if (this.hasDirectCall(child(d, 'value'))) this.init.push(d);
        }
        return;
      case 'export_statement': {
        const decl = child(st, 'declaration');
        const value = child(st, 'value');
        const clause = st.children.find((c) => c.type === 'export_clause');
        const src = child(st, 'source');
        const spec = src ? this.str(src) : undefined;
        if (decl) {
          this.unitsJs(decl, addUnit);
          const isDefault = st.children.some((c) => c.type === 'default');
          if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
            for (const d of named(decl)) {
              const nm = d.type === 'variable_declarator' ? child(d, 'name') : undefined;
              if (nm) for (const x of nm.type === 'identifier' ? [this.t(nm)] : patternNames(nm, this.text)) this.exportsMap.set(x, { local: x });
            }
          } else {
            const nm = child(decl, 'name');
            if (nm) this.exportsMap.set(isDefault ? 'default' : this.t(nm), { local: this.t(nm) });
          }
        } else if (value) {
          if (value.type === 'identifier') this.exportsMap.set('default', { local: this.t(value) });
          else {
            this.exportsMap.set('default', { node: value });
            addUnit('\0default', value);
          }
        } else if (clause) {
          for (const s of named(clause)) {
            if (s.type !== 'export_specifier') continue;
            const nm = child(s, 'name');
            const alias = child(s, 'alias') ?? nm;
            if (!nm || !alias) continue;
            if (spec !== undefined) this.exportsMap.set(this.t(alias), { reexport: { spec, name: this.t(nm) } });
            else this.exportsMap.set(this.t(alias), { local: this.t(nm) });
          }
        } else if (spec !== undefined) {
          this.starReexports.push(spec);
        }
        return;
      }
      case 'expression_statement': {
        const e = named(st)[0];
        if (e && e.type === 'assignment_expression') {
          const target = exportTarget(child(e, 'left'), this.text);
          const right = child(e, 'right');
          if (target && right) {
            if (target === '*') {
              if (right.type === 'object') {
                for (const p of named(right)) {
                  if (p.type === 'shorthand_property_identifier') this.exportsMap.set(this.t(p), { local: this.t(p) });
                  else if (p.type === 'pair') {
                    const k = child(p, 'key');
                    const v = child(p, 'value');
                    if (!k || !v) continue;
                    const key = k.type === 'property_identifier' ? this.t(k) : this.str(k);
                    if (key === undefined) continue;
                    if (v.type === 'identifier') this.exportsMap.set(key, { local: this.t(v) });
                    else {
                      this.exportsMap.set(key, { node: v });
                      addUnit(`\0exports.${key}`, v);
                    }
                  } else if (p.type === 'method_definition') {
                    const k = child(p, 'name');
                    if (k) {
                      this.exportsMap.set(this.t(k), { node: p });
                      addUnit(`\0exports.${this.t(k)}`, p);
                    }
                  }
                }
              } else {
                this.moduleExportsNode = right;
                if (right.type === 'identifier') this.exportsMap.set('default', { local: this.t(right) });
                else {
                  this.exportsMap.set('default', { node: right });
                  addUnit('\0default', right);
                }
              }
            } else {
              if (right.type === 'identifier') this.exportsMap.set(target, { local: this.t(right) });
              else {
                this.exportsMap.set(target, { node: right });
                addUnit(`\0exports.${target}`, right);
              }
            }
            if (this.hasDirectCall(right)) this.init.push(st);
            return;
          }
          // `x = …` at top level: a unit of x (init when it calls AWS directly)
          const left = child(e, 'left');
          if (left && left.type === 'identifier') {
            addUnit(this.t(left), st);
            if (this.hasDirectCall(right)) this.init.push(st);
            return;
          }
        }
        this.init.push(st);
        return;
      }
      case 'empty_statement':
        return;
      default:
        this.init.push(st);
    }
  }

  private unitsPy(st: SNode, addUnit: (name: string, node: SNode) => void): void {
    switch (st.type) {
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return;
      case 'function_definition':
      case 'class_definition': {
        const name = child(st, 'name');
        if (name) addUnit(this.t(name), st);
        return;
      }
      case 'decorated_definition': {
        const d = child(st, 'definition');
        const name = d ? child(d, 'name') : undefined;
        if (name) addUnit(this.t(name), st);
        // decorators run at import
        for (const c of named(st)) if (c.type === 'decorator' && this.hasDirectCall(c)) this.init.push(c);
        // `@app.get("/orders")`: the function is registered with `app` and runs when `app` does
        for (const c of named(st)) {
          if (c.type !== 'decorator') continue;
          walk(c, (x) => {
            if (x.type === 'identifier') {
              const nm = this.t(x);
              let list = this.decorated.get(nm);
              if (!list) this.decorated.set(nm, (list = []));
              if (!list.includes(st)) list.push(st);
            }
            return undefined;
          });
        }
        return;
      }
      case 'expression_statement': {
        const e = named(st)[0];
        if (e && e.type === 'assignment') {
          const left = child(e, 'left');
          if (left && left.type === 'identifier') {
            addUnit(this.t(left), st);
            if (this.hasDirectCall(child(e, 'right'))) this.init.push(st);
            return;
          }
        }
        this.init.push(st);
        return;
      }
      case 'if_statement': {
        const cond = child(st, 'condition');
        if (cond && this.t(cond).replace(/\s+/g, ' ').includes('__name__ == ') && this.t(cond).includes('__main__')) return;
        this.init.push(st);
        return;
      }
      default:
        this.init.push(st);
    }
  }

  /** Does the subtree contain an SDK call outside nested functions? (Calls are collected first.) */
  private hasDirectCall(n: SNode | undefined | null): boolean {
    if (!n) return false;
    const funcs = this.lang === 'js' ? JS_FUNCS : PY_FUNCS;
    for (const c of this.calls) {
      if (c.callRange.start < n.start || c.callRange.end > n.end) continue;
      // inside a nested function of n?
      let p: SNode | null = nodeAtRange(n, c.callRange);
      let nested = false;
      while (p) {
        if (funcs.has(p.type) || p.type === 'class_declaration' || p.type === 'class' || p.type === 'class_definition') {
          nested = true;
          break;
        }
        if (p === n) break;
        p = p.parent;
      }
      if (!nested) return true;
    }
    return false;
  }

  // --- calls ----------------------------------------------------------------------------------

  collectCalls(): void {
    for (const n of this.callNodes) {
      if (this.lang === 'js') {
        if (n.type === 'new_expression') this.jsNew(n);
        else if (n.type === 'call_expression') this.jsCall(n);
      } else {
        if (n.type === 'call') this.pyCall(n);
        else if (n.type === 'import_statement' || n.type === 'import_from_statement') this.importCheck(n);
      }
    }
  }

  private importCheck(n: SNode): void {
    const specs: string[] = [];
    if (this.lang === 'js') {
      const src = child(n, 'source');
      const s = src ? this.str(src) : undefined;
      if (s !== undefined) specs.push(s);
    } else if (n.type === 'import_from_statement') {
      const m = child(n, 'module_name');
      if (m) {
        const base = this.t(m);
        specs.push(base);
        for (const c of n.children) if (c.field === 'name') specs.push(`${base}.${this.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c)}`);
      }
    } else {
      for (const c of named(n)) specs.push(this.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c));
    }
    for (const s of specs) {
      if (isOpaquePackage(s, this.lang)) {
        this.unknown.push({ file: this.path, range: { start: n.start, end: n.end }, reason: `${s} calls AWS on the handler's behalf` });
        break;
      }
    }
  }

  private emit(
    nameNode: SNode,
    callNode: SNode,
    svc: string,
    operation: string,
    sdk: SdkCall['sdk'],
    input: { obj?: SNode; kwargs?: SNode[]; resource?: ResourceRef },
    name?: string,
  ): void {
    let actions: string[];
    if (REQUEST_DEPENDENT[svc]?.has(operation)) {
      const a = this.requestDependent(svc, operation, input);
      if (!a) {
        this.unknown.push({ file: this.path, range: { start: callNode.start, end: callNode.end }, reason: `${svc} ${operation} with actions that depend on the request` });
        return;
      }
      actions = a;
    } else actions = actionsForOperation(svc, operation);
    if (!actions.length) return;
    const byParam = this.parameterActions(svc, operation, input);
    for (const a of byParam.actions) if (!actions.includes(a)) actions = [...actions, a];
    let resource = input.resource;
    let resourceParam: string | undefined;
    let usesIndex = false;
    for (const p of RESOURCE_PARAMS[svc] ?? []) {
      if (resource) break;
      const v = this.inputValueNode(input, p);
      if (v) {
        resource = this.resourceOf(v);
        if (resource) resourceParam = p;
      }
    }
    if (svc === 'dynamodb' && this.inputValueNode(input, 'IndexName')) usesIndex = true;
    const keyNode = svc === 's3' && operation === 'GetObject' ? this.inputValueNode(input, 'Key') : undefined;
    const fixedKey = keyNode ? this.resourceOf(keyNode) : undefined;
    const onlyWithEnv = this.envGuard(callNode);
    this.calls.push({
      file: this.path,
      name: name ?? this.t(nameNode),
      range: { start: nameNode.start, end: nameNode.end },
      callRange: { start: callNode.start, end: callNode.end },
      service: svc,
      operation,
      actions,
      ...(resource ? { resource } : {}),
      ...(resourceParam ? { resourceParam } : {}),
      ...(usesIndex ? { usesIndex } : {}),
      ...(fixedKey ? { fixedKey } : {}),
      ...(onlyWithEnv ? { onlyWithEnv } : {}),
      sdk,
    });
    // Actions on the resource a parameter names (the KMS key of SSEKMSKeyId): a call of their own.
    for (const o of byParam.onResource) {
      const r = this.resourceOf(o.node);
      const service = o.actions[0].slice(0, o.actions[0].indexOf(':'));
      this.calls.push({
        file: this.path,
        name: name ?? this.t(nameNode),
        range: { start: nameNode.start, end: nameNode.end },
        callRange: { start: callNode.start, end: callNode.end },
        service,
        operation: o.actions[0].slice(service.length + 1),
        actions: [...o.actions],
        ...(r ? { resource: r, resourceParam: o.param } : {}),
        sdk,
      });
    }
  }

  /**
   * Actions the request's parameters add (`ACL` → s3:PutObjectAcl; data: PARAMETER_ACTIONS), looking
   * inside `ExtraArgs` for boto3's managed transfers; those on the resource a parameter names
   * (`SSEKMSKeyId` → the key) apart, with the parameter's value node.
   */
  private parameterActions(svc: string, operation: string, input: { obj?: SNode; kwargs?: SNode[] }): { actions: string[]; onResource: { actions: readonly string[]; param: string; node: SNode }[] } {
    const out: { actions: string[]; onResource: { actions: readonly string[]; param: string; node: SNode }[] } = { actions: [], onResource: [] };
    let extra: SNode | null | undefined = null;
    for (const p of parameterActionsFor(svc)) {
      if (!p.operations.includes(operation)) continue;
      let node = this.inputValueNode(input, p.param);
      if (!node && input.kwargs) {
        if (extra === null) extra = this.inputValueNode(input, 'ExtraArgs');
        node = extra ? this.inputValueNode({ obj: extra }, p.param) : undefined;
      }
      if (!node) continue;
      if (p.onParamResource) out.onResource.push({ actions: p.actions, param: p.param, node });
      else for (const a of p.actions) if (!out.actions.includes(a)) out.actions.push(a);
    }
    return out;
  }

  /**
   * The environment variables that must be set for the call to run: it sits in the `then` branch
   * of an `if` whose condition is only environment values (`if os.environ.get("X"):`, a parameter
   * every caller fills from `os.environ.get("X")`, `x is not None`, `process.env.X !== undefined`).
   */
  private envGuard(callNode: SNode): string[] | undefined {
    const out: string[] = [];
    for (let n: SNode = callNode; n.parent; n = n.parent) {
      if (n.parent.type !== 'if_statement' || n.field !== 'consequence') continue;
      let cond = child(n.parent, 'condition');
      while (cond && cond.type === 'parenthesized_expression') cond = named(cond)[0];
      // `x is not None` / `x !== undefined` / `x != null`: the left operand is what is tested.
      if (cond && (cond.type === 'comparison_operator' || cond.type === 'binary_expression')) {
        const right = named(cond)[1];
        const op = cond.children.filter((c) => !c.named).map((c) => this.t(c)).join(' ');
        const nothing = right && (right.type === 'none' || right.type === 'undefined' || right.type === 'null');
        cond = nothing && /^(is not|!==|!=)$/.test(op) ? named(cond)[0] : undefined;
      }
      if (!cond) continue;
      const vals = this.ev(cond);
      if (vals.length && vals.every((v) => v.k === 'env')) for (const v of vals) if (v.k === 'env' && !out.includes(v.name)) out.push(v.name);
    }
    return out.length ? out : undefined;
  }

  /** The node of an input parameter (`{TableName: x}` / `TableName=x` / `**params`). */
  private inputValueNode(input: { obj?: SNode; kwargs?: SNode[] }, name: string): SNode | undefined {
    if (input.obj) {
      for (const v of this.ev(input.obj)) if (v.k === 'obj') {
        const n = v.mod === this ? this.objPropNode(v.node, name) : undefined;
        if (n) return n;
      }
      if (input.obj.type === 'object' || input.obj.type === 'dictionary') return this.objPropNode(input.obj, name);
    }
    for (const a of input.kwargs ?? []) {
      if (a.type === 'keyword_argument') {
        const nm = child(a, 'name');
        if (nm && this.t(nm) === name) return child(a, 'value');
      } else if (a.type === 'dictionary_splat') {
        const inner = named(a)[0];
        for (const v of this.ev(inner)) if (v.k === 'obj' && v.mod === this) {
          const n = this.objPropNode(v.node, name);
          if (n) return n;
        }
      }
    }
    return undefined;
  }

  private requestDependent(svc: string, op: string, input: { obj?: SNode; kwargs?: SNode[] }): string[] | undefined {
    if (svc !== 'dynamodb') return undefined;
    if (op === 'TransactWriteItems') {
      const items = this.inputValueNode(input, 'TransactItems');
      if (!items || (items.type !== 'array' && items.type !== 'list')) return undefined;
      const out: string[] = [];
      for (const it of named(items)) {
        if (it.type !== 'object' && it.type !== 'dictionary') return undefined;
        for (const p of named(it)) {
          if (p.type !== 'pair') return undefined;
          const k = child(p, 'key');
          const key = k ? (k.type === 'property_identifier' ? this.t(k) : this.str(k)) : undefined;
          const a = key ? TRANSACT_ITEM_ACTIONS[key] : undefined;
          if (!a) return undefined;
          if (!out.includes(a)) out.push(a);
        }
      }
      return out.length ? out : undefined;
    }
    if (op === 'ExecuteStatement') {
      const st = this.inputValueNode(input, 'Statement');
      const vals = st ? this.ev(st).filter((v): v is { k: 'str'; value: string } => v.k === 'str') : [];
      if (vals.length !== 1) return undefined;
      const word = vals[0].value.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      const a = PARTIQL_ACTIONS[word];
      return a ? [a] : undefined;
    }
    return undefined;
  }

  private unknownAt(n: SNode, reason: string): void {
    this.unknown.push({ file: this.path, range: { start: n.start, end: n.end }, reason });
  }

  private jsNew(n: SNode): void {
    const ctor = child(n, 'constructor');
    if (!ctor) return;
    const args = child(n, 'arguments');
    const a0 = args ? named(args)[0] : undefined;
    const nameNode = ctor.type === 'member_expression' ? child(ctor, 'property') ?? ctor : ctor;
    if (ctor.type === 'subscript_expression') {
      const objs = this.ev(child(ctor, 'object'));
      if (objs.some((v) => v.k === 'ext' && classifyExt(v)?.kind !== undefined) || objs.some((v) => v.k === 'ext' && isSdkSpec(v.spec))) {
        this.unknownAt(n, 'SDK class chosen at run time');
      }
      return;
    }
    for (const c of this.ev(ctor)) {
      if (c.k !== 'ext') continue;
      const cls = classifyExt(c);
      if (!cls) continue;
      if (cls.kind === 'v2class' || cls.kind === 'v3client') this.noteClient(cls.svc, this.jsHasCredentialOptions(a0));
      if (cls.kind === 'command') this.emit(nameNode, n, cls.svc, cls.op, 'js-v3', { obj: a0 });
      else if (cls.kind === 'upload') {
        const params = a0 ? this.inputValueNode({ obj: a0 }, 'params') : undefined;
        this.emit(nameNode, n, 's3', 'Upload', cls.v2 ? 'js-v2' : 'js-v3', { obj: params });
      }
    }
    this.escapes(n, ctor, args);
  }

  private jsCall(n: SNode): void {
    const fn = child(n, 'function');
    const args = child(n, 'arguments');
    if (!fn) return;
    const argList = args ? named(args) : [];
    if (fn.type === 'member_expression' || fn.type === 'subscript_expression') {
      const obj = child(fn, 'object');
      const recvs = this.requiredModules(this.ev(obj));
      const clients = recvs.filter((v): v is Extract<Val, { k: 'client' }> => v.k === 'client');
      if (fn.type === 'subscript_expression') {
        const idx = child(fn, 'index');
        const key = idx ? this.str(idx) : undefined;
        if (key === undefined) {
          if (clients.some((c) => c.style !== 'v3')) this.unknownAt(n, 'SDK method chosen at run time');
          return;
        }
        for (const c of clients) this.clientMethod(c, key, idx!, n, argList);
        return;
      }
      const prop = child(fn, 'property');
      if (!prop) return;
      const name = this.t(prop);
      for (const c of clients) this.clientMethod(c, name, prop, n, argList);
      // `DynamoDBDocumentClient.from(client)`, `paginateX` through a namespace, etc.
      for (const r of recvs) {
        if (r.k !== 'ext') continue;
        const cls = classifyExt({ ...r, path: [...r.path, name] });
        if (cls?.kind === 'paginator') this.emit(prop, n, cls.svc, cls.op, 'js-v3', { obj: argList[1] });
        else if (cls?.kind === 'presignedPost') this.emit(prop, n, 's3', 'CreatePresignedPost', 'js-v3', { obj: argList[1] });
        else if (cls?.kind === 'powertools') this.emitFixed(prop, n, cls.actions, argList[0]);
        else if (cls?.kind === 'waiter') this.unknownAt(n, `waiter ${name}`);
      }
      if (!clients.length && !recvs.some((r) => r.k === 'ext' && isSdkSpec(r.spec))) this.escapes(n, fn, args);
      return;
    }
    const callees = this.ev(fn);
    for (const c of callees) {
      if (c.k !== 'ext') continue;
      const cls = classifyExt(c);
      if (cls?.kind === 'paginator') this.emit(fn, n, cls.svc, cls.op, 'js-v3', { obj: argList[1] });
      else if (cls?.kind === 'presignedPost') this.emit(fn, n, 's3', 'CreatePresignedPost', 'js-v3', { obj: argList[1] });
      else if (cls?.kind === 'powertools') this.emitFixed(fn, n, cls.actions, argList[0]);
      else if (cls?.kind === 'waiter') this.unknownAt(n, `waiter ${this.t(fn)}`);
    }
    if (!callees.some((c) => c.k === 'ext' && isSdkSpec(c.spec)) && !(fn.type === 'identifier' && this.t(fn) === 'require')) this.escapes(n, fn, args);
  }

  /** Powertools parameter helpers: fixed actions, resource from the first argument. */
  private emitFixed(nameNode: SNode, callNode: SNode, actions: readonly string[], arg?: SNode): void {
    const [svc, op] = actions[0].split(':');
    const resource = arg ? this.resourceOf(this.argValueNode(arg)) : undefined;
    const acts = actions.map((a) => actionsForOperation(a.split(':')[0], a.split(':')[1])).flat();
    if (!acts.length) return;
    this.calls.push({
      file: this.path,
      name: this.t(nameNode),
      range: { start: nameNode.start, end: nameNode.end },
      callRange: { start: callNode.start, end: callNode.end },
      service: svc,
      operation: op,
      actions: acts,
      ...(resource ? { resource } : {}),
      sdk: this.lang === 'py' ? 'boto3' : 'js-v3',
    });
  }

  private clientMethod(c: Extract<Val, { k: 'client' }>, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
    const sdk: SdkCall['sdk'] = c.style === 'boto3' ? 'boto3' : c.style === 'v2' || c.style === 'v2doc' ? 'js-v2' : 'js-v3';
    if (c.style === 'v3') return; // `.send(new XCommand())`: the command is the call
    if (c.style === 'v2doc' || c.style === 'v3doc') {
      const op = DOC_CLIENT_METHODS[name];
      if (op) this.emit(nameNode, call, 'dynamodb', op, sdk, { obj: args[0] });
      return;
    }
    if (c.style === 'boto3') {
      this.boto3ClientMethod(c.svc, name, nameNode, call, args);
      return;
    }
    // v2 and v3 aggregated clients
    if (name === 'getSignedUrl' || name === 'getSignedUrlPromise' || name === 'makeRequest') {
      const op = args[0] ? this.str(args[0]) : undefined;
      if (op === undefined) this.unknownAt(call, `${name} with a computed operation`);
      else this.emit(nameNode, call, c.svc, operationFromCamel(op), sdk, { obj: args[1] }, `${name}('${op}')`);
      return;
    }
    if (name === 'waitFor') {
      this.unknownAt(call, 'waitFor');
      return;
    }
    if (name === 'promise' || name === 'send' || name === 'on' || name === 'config' || name === 'destroy') return;
    this.emit(nameNode, call, c.svc, operationFromCamel(name), sdk, { obj: args[0] });
  }

  private boto3ClientMethod(svc: string, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
    const pos = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
    const kw = (k: string) => {
      const a = args.find((x) => x.type === 'keyword_argument' && child(x, 'name') && this.t(child(x, 'name')!) === k);
      return a ? child(a, 'value') : undefined;
    };
    if (name === 'get_paginator') {
      const op = pos[0] ? this.str(pos[0]) : kw('operation_name') ? this.str(kw('operation_name')!) : undefined;
      if (op === undefined) this.unknownAt(call, 'get_paginator with a computed operation');
      else this.emit(nameNode, call, svc, operationFromSnake(op), 'boto3', { kwargs: [] }, `get_paginator('${op}')`);
      return;
    }
    if (name === 'generate_presigned_url') {
      const opNode = pos[0] ?? kw('ClientMethod');
      const op = opNode ? this.str(opNode) : undefined;
      if (op === undefined) {
        this.unknownAt(call, 'generate_presigned_url with a computed operation');
        return;
      }
      const params = pos[1] ?? kw('Params');
      this.emit(nameNode, call, svc, operationFromSnake(op), 'boto3', { obj: params }, `generate_presigned_url('${op}')`);
      return;
    }
    if (name === 'get_waiter') {
      this.unknownAt(call, 'waiter');
      return;
    }
    if (name === 'upload_file' || name === 'upload_fileobj' || name === 'download_file' || name === 'download_fileobj' || name === 'copy') {
      // positional (Filename, Bucket, Key) / (Fileobj, Bucket, Key) / (Bucket, Key, Filename)
      const bucketNode = kw('Bucket') ?? (name.startsWith('upload') ? pos[1] : name.startsWith('download') ? pos[0] : undefined);
      const resource = bucketNode ? this.resourceOf(bucketNode) : undefined;
      // ExtraArgs (4th positional in all five) carries request parameters such as ACL
      const extraArgs = kw('ExtraArgs') ?? pos[3];
      this.emit(nameNode, call, svc, operationFromSnake(name), 'boto3', { kwargs: [], resource, ...(extraArgs ? { obj: extraArgs } : {}) });
      return;
    }
    this.emit(nameNode, call, svc, operationFromSnake(name), 'boto3', { kwargs: args });
  }

  private pyCall(n: SNode): void {
    const fn = child(n, 'function');
    const argsNode = child(n, 'arguments');
    const args = argsNode && argsNode.type === 'argument_list' ? named(argsNode) : [];
    if (!fn) return;
    if (fn.type === 'call') {
      // getattr(client, name)(...)
      const inner = child(fn, 'function');
      const innerArgs = child(fn, 'arguments');
      if (inner && this.t(inner) === 'getattr' && innerArgs) {
        const [o, nm] = named(innerArgs);
        const key = nm ? this.str(nm) : undefined;
        const recvs = o ? this.ev(o) : [];
        if (key === undefined) {
          if (recvs.some(isClientLike)) this.unknownAt(n, 'SDK method chosen at run time (getattr)');
        } else {
          for (const r of recvs) if (r.k === 'client') this.clientMethod(r, key, nm!, n, args);
        }
        return;
      }
    }
    if (fn.type === 'attribute') {
      const obj = child(fn, 'object');
      const attr = child(fn, 'attribute');
      if (!obj || !attr) return;
      const name = this.t(attr);
      const recvs = this.ev(obj);
      let handled = false;
      for (const r of recvs) {
        if ((r.k === 'session' || (r.k === 'ext' && r.spec.startsWith('boto3'))) && name === 'get_credentials') {
          this.unknownAt(n, 'credentials used to sign requests by hand');
          handled = true;
        } else if (r.k === 'client') {
          this.clientMethod(r, name, attr, n, args);
          handled = true;
        } else if (r.k === 'res') {
          this.resourceMethod(r, name, attr, n, args);
          handled = true;
        } else if (r.k === 'method' && r.recv.k === 'res' && boto3Collection(r.recv.svc, r.name)) {
          this.resourceMethod({ k: 'res', svc: r.recv.svc, type: `coll:${r.name}`, resource: r.recv.resource }, name, attr, n, args);
          handled = true;
        } else if (r.k === 'ext') {
          const p = powertoolsPy(r.spec, [...r.path, name]);
          if (p) {
            this.emitFixed(attr, n, p, args[0]);
            handled = true;
          }
        }
      }
      if (!handled) for (const r of recvs) if (r.k === 'dyn') this.unknownAt(n, r.why);
      if (!handled && !recvs.some((r) => r.k === 'ext' && isSdkSpec(r.spec))) this.escapes(n, fn, argsNode);
      return;
    }
    const callees = this.ev(fn);
    for (const c of callees) {
      if (c.k !== 'ext') continue;
      const p = powertoolsPy(c.spec, c.path);
      if (p) this.emitFixed(fn, n, p, args[0]);
    }
    if (fn.type === 'identifier' && this.t(fn) === 'getattr') return;
    if (!callees.some((c) => c.k === 'ext' && isSdkSpec(c.spec))) this.escapes(n, fn, argsNode);
  }

  private resourceMethod(r: Extract<Val, { k: 'res' }>, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
    const mapped = boto3ResourceOperation(r.svc, r.type, name);
    if (mapped === null) return;
    if (!r.type) {
      // service resource: `dynamodb.batch_get_item(...)`, `sqs.get_queue_by_name(...)` (GetQueueUrl),
      // `s3.Bucket(...)` (constructor: no call)
      if (isPascal(name) || name === 'meta') return;
      this.emit(nameNode, call, r.svc, mapped ?? operationFromSnake(name), 'boto3', { kwargs: args });
      return;
    }
    if (isPascal(name)) return; // sub-resource constructor (`bucket.Object(key)`)
    let op: string;
    if (mapped) op = mapped;
    else if (r.type.startsWith('coll:')) return;
    else if (!name.includes('_')) op = operationFromSnake(name) + r.type; // `table.delete()` → DeleteTable
    else op = operationFromSnake(name);
    this.emit(nameNode, call, r.svc, op, 'boto3', { kwargs: args, resource: r.resource });
  }

  /** A client handed to code we cannot see: its calls are unknown. */
  private escapes(call: SNode, callee: SNode, argsNode: SNode | undefined): void {
    if (!argsNode) return;
    // Arguments first (literals cannot hold a client, so most calls end here cheaply); the callee
    // is only looked at when a client is passed.
    let passed = false;
    for (const a of named(argsNode)) {
      if (LITERAL_ARG_TYPES.has(a.type)) continue;
      const vals: Val[] = [...this.ev(this.argValueNode(a))];
      if (a.type === 'object' || a.type === 'dictionary') for (const p of named(a)) {
        const v = p.type === 'pair' ? child(p, 'value') : p.type === 'shorthand_property_identifier' ? p : undefined;
        if (v && !LITERAL_ARG_TYPES.has(v.type)) vals.push(...this.ev(v));
      }
      if (vals.some(isClientLike)) {
        passed = true;
        break;
      }
    }
    if (!passed) return;
    const callees = this.ev(callee);
    if (callees.some((c) => c.k === 'fn' || c.k === 'cls' || (c.k === 'local' && !!c.path) || (c.k === 'ext' && isSdkSpec(c.spec)) || (c.k === 'method' && c.recv.k === 'ext' && isSdkSpec(c.recv.spec)))) return;
    const head = this.t(callee);
    if (head.startsWith('console.') || head.startsWith('logger.') || head.startsWith('log.') || head === 'print' || head.startsWith('logging.') || head === 'JSON.stringify') return;
    const last = callee.type === 'member_expression' ? child(callee, 'property') : callee.type === 'attribute' ? child(callee, 'attribute') : callee;
    if (last && CLIENT_WRAPPERS.has(this.t(last))) return;
    this.unknownAt(call, `an AWS client is passed to ${this.t(callee).slice(0, 60)}()`);
  }
}

/** Argument nodes that are plain literals (no client can be in them). */
/** Client options that replace the execution role's credentials. */
const JS_CREDENTIAL_OPTIONS = ['credentials', 'accessKeyId', 'secretAccessKey', 'sessionToken'];
const PY_CREDENTIAL_KWARGS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'botocore_session']);

const LITERAL_ARG_TYPES = new Set(['string', 'number', 'integer', 'float', 'true', 'false', 'null', 'none', 'undefined', 'regex', 'concatenated_string']);

interface NodeIndex {
  bindNodes: SNode[];
  callNodes: SNode[];
  idents: SNode[];
}

/** One walk indexes the nodes every later pass needs; shared by all analyses of one parse. */
const indexCache = new WeakMap<SNode, NodeIndex>();

/**
 * The index of each statement-like subtree, by node identity. The code parser keeps the node
 * objects of subtrees an edit did not touch, so after a keystroke only the statements on the path
 * to the edit are walked again (the lists hold nodes, whose offsets the parser updates in place).
 */
const statementIndexCache = new WeakMap<SNode, { lang: 'js' | 'py'; ix: NodeIndex }>();

function indexOf(root: SNode, lang: 'js' | 'py'): NodeIndex {
  const hit = indexCache.get(root);
  if (hit) return hit;
  const ix: NodeIndex = { bindNodes: [], callNodes: [], idents: [] };
  indexInto(root, lang, ix, 0);
  indexCache.set(root, ix);
  return ix;
}

/** Pre-order: `top` itself, then its subtree (cached statements spliced in as a whole). */
function indexInto(top: SNode, lang: 'js' | 'py', ix: NodeIndex, depth: number): void {
  const bindTypes = lang === 'js' ? JS_BIND_TYPES : PY_BIND_TYPES;
  const callTypes = lang === 'js' ? JS_CALL_TYPES : PY_CALL_TYPES;
  const stack: SNode[] = [top];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== top && depth < MAX_STATEMENT_CACHE_DEPTH && isStatementLike(n.type)) {
      let sub = statementIndexCache.get(n);
      if (!sub || sub.lang !== lang) {
        sub = { lang, ix: { bindNodes: [], callNodes: [], idents: [] } };
        indexInto(n, lang, sub.ix, depth + 1);
        statementIndexCache.set(n, sub);
      }
      for (const x of sub.ix.bindNodes) ix.bindNodes.push(x);
      for (const x of sub.ix.callNodes) ix.callNodes.push(x);
      for (const x of sub.ix.idents) ix.idents.push(x);
      continue;
    }
    const t = n.type;
    if (bindTypes.has(t)) ix.bindNodes.push(n);
    if (callTypes.has(t)) ix.callNodes.push(n);
    if (t === 'identifier' || t === 'shorthand_property_identifier' || t === 'type_identifier') ix.idents.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

const JS_BIND_TYPES = new Set([
  'import_statement', 'variable_declarator', 'assignment_expression', 'function_declaration', 'generator_function_declaration', 'class_declaration',
  'public_field_definition', 'field_definition', 'arrow_function', 'function_expression', 'function', 'method_definition', 'generator_function', 'call_expression',
]);
const PY_BIND_TYPES = new Set(['import_statement', 'import_from_statement', 'assignment', 'for_statement', 'global_statement', 'function_definition', 'class_definition', 'with_statement', 'call']);
const JS_CALL_TYPES = new Set(['new_expression', 'call_expression', 'import_statement', 'export_statement']);
const PY_CALL_TYPES = new Set(['call', 'import_statement', 'import_from_statement']);

function patternNames(n: SNode, src: string): string[] {
  const out: string[] = [];
  walk(n, (x) => {
    if (x.type === 'identifier' || x.type === 'shorthand_property_identifier_pattern') out.push(src.slice(x.start, x.end));
    if (x.type === 'pair_pattern') {
      const v = child(x, 'value');
      if (v) out.push(...patternNames(v, src));
      return false;
    }
    return undefined;
  });
  return out;
}

/** `exports.x` / `module.exports.x` → `x`; `module.exports` → `*`. */
function exportTarget(left: SNode | undefined, src: string): string | undefined {
  if (!left || left.type !== 'member_expression') return undefined;
  const obj = child(left, 'object');
  const prop = child(left, 'property');
  if (!obj || !prop) return undefined;
  const o = src.slice(obj.start, obj.end);
  const p = src.slice(prop.start, prop.end);
  if (o === 'module' && p === 'exports') return '*';
  if (o === 'exports' || o === 'module.exports') return p;
  return undefined;
}

export function nodeAtRange(root: SNode, r: Span): SNode | null {
  let cur = root;
  for (;;) {
    let next: SNode | undefined;
    for (const c of cur.children) if (c.start <= r.start && r.end <= c.end && c.end > c.start) {
      next = c;
      break;
    }
    if (!next || next === cur) return cur;
    cur = next;
    if (cur.start === r.start && cur.end === r.end) return cur;
  }
}

/** `os.environ` read through an import (`from os import environ`). */
