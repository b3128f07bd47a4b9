/**
 * The call forms of the SDK call analysis (`Mod.collectCalls`): per language, which calls are AWS
 * SDK calls and what they are — JS SDK v3 commands, paginators, presigned posts, lib-storage
 * `Upload`, v2 and aggregated client methods, DocumentClient methods, boto3 client, resource and
 * collection methods, Powertools helpers — recorded as `SdkCall`s with their IAM actions (request-
 * dependent and parameter-dependent ones included), the resource a parameter names and the
 * environment guard around the call; and what cannot be resolved statically (`UnknownUse`: a method
 * chosen at run time, a waiter, a client handed to unseen code, a library that calls AWS itself).
 */
import { child, walk, type SNode } from '../code/syntax';
import {
  CLIENT_WRAPPERS,
  DOC_CLIENT_METHODS,
  PARTIQL_ACTIONS,
  REQUEST_DEPENDENT,
  RESOURCE_PARAMS,
  TRANSACT_ITEM_ACTIONS,
  actionsForOperation,
  isOpaquePackage,
  operationFromCamel,
  operationFromSnake,
} from './services';
import { parameterActionsFor } from './data/operation-actions';
import { boto3Collection, boto3ResourceOperation } from './data/boto3-resources';
import { boto3Factory, classifyExt, isSdkSpec, powertoolsPy } from './sdk-clients';
import type { Mod } from './sdk-module';
import { argValueNode, boto3ServiceNameNode, jsHasCredentialOptions, noteClient, requiredModules } from './sdk-receivers';
import { isPascal, named } from './sdk-syntax';
import type { ResourceRef, SdkCall } from './sdk-types';
import { isClientLike, type Val } from './sdk-values';

/** Argument nodes that are plain literals (no client can be in them). */
const LITERAL_ARG_TYPES = new Set(['string', 'number', 'integer', 'float', 'true', 'false', 'null', 'none', 'undefined', 'regex', 'concatenated_string']);

export function collectCalls(mod: Mod): void {
  for (const n of mod.callNodes) {
    if (mod.lang === 'js') {
      if (n.type === 'new_expression') jsNew(mod, n);
      else if (n.type === 'call_expression') jsCall(mod, n);
    } else {
      if (n.type === 'call') pyCall(mod, n);
      else if (n.type === 'import_statement' || n.type === 'import_from_statement') importCheck(mod, n);
    }
  }
}

function importCheck(mod: Mod, n: SNode): void {
  const specs: string[] = [];
  if (mod.lang === 'js') {
    const src = child(n, 'source');
    const s = src ? mod.str(src) : undefined;
    if (s !== undefined) specs.push(s);
  } else if (n.type === 'import_from_statement') {
    const m = child(n, 'module_name');
    if (m) {
      const base = mod.t(m);
      specs.push(base);
      for (const c of n.children) if (c.field === 'name') specs.push(`${base}.${mod.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c)}`);
    }
  } else {
    for (const c of named(n)) {
      const spec = mod.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c);
      // `import botocore` used only as `botocore.exceptions.ClientError`: the package's inert modules.
      const bound = c.type === 'aliased_import' ? child(c, 'alias') : c.type === 'dotted_name' && !spec.includes('.') ? c : undefined;
      if (bound && isOpaquePackage(spec, 'py') && usesOnlyInertModules(mod, mod.t(bound), spec)) continue;
      specs.push(spec);
    }
  }
  for (const s of specs) {
    if (isOpaquePackage(s, mod.lang)) {
      mod.unknown.push({ file: mod.path, range: { start: n.start, end: n.end }, reason: `${s} calls AWS on the handler's behalf` });
      break;
    }
  }
}

/**
 * Every use of the name a Python `import X` binds (`X` or its alias) in the module is an attribute
 * `X.m…` whose module `spec.m` is inert (`botocore.exceptions`, `botocore.config`: isOpaquePackage
 * says no), and there is at least one. A bare use (`f(botocore)`) or another member
 * (`botocore.session`) keeps the import opaque.
 */
function usesOnlyInertModules(mod: Mod, name: string, spec: string): boolean {
  let ok = true;
  let any = false;
  walk(mod.root, (x) => {
    if (!ok || x.type === 'import_statement' || x.type === 'import_from_statement') return false;
    if (x.type === 'attribute') {
      const obj = child(x, 'object');
      const attr = child(x, 'attribute');
      if (obj?.type === 'identifier' && mod.t(obj) === name) {
        any = true;
        if (!attr || isOpaquePackage(`${spec}.${mod.t(attr)}`, 'py')) ok = false;
        return false;
      }
    }
    if (x.type === 'identifier' && mod.t(x) === name) ok = false;
    return undefined;
  });
  return ok && any;
}

function emit(
  mod: Mod,
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
    const a = requestDependent(mod, svc, operation, input);
    if (!a) {
      mod.unknown.push({ file: mod.path, range: { start: callNode.start, end: callNode.end }, reason: `${svc} ${operation} with actions that depend on the request` });
      return;
    }
    actions = a;
  } else actions = actionsForOperation(svc, operation);
  if (!actions.length) return;
  const byParam = parameterActions(mod, svc, operation, input);
  for (const a of byParam.actions) if (!actions.includes(a)) actions = [...actions, a];
  let resource = input.resource;
  let resourceParam: string | undefined;
  let usesIndex = false;
  for (const p of RESOURCE_PARAMS[svc] ?? []) {
    if (resource) break;
    const v = inputValueNode(mod, input, p);
    if (v) {
      resource = mod.resourceOf(v);
      if (resource) resourceParam = p;
    }
  }
  if (svc === 'dynamodb' && inputValueNode(mod, input, 'IndexName')) usesIndex = true;
  const keyNode = svc === 's3' && operation === 'GetObject' ? inputValueNode(mod, input, 'Key') : undefined;
  const fixedKey = keyNode ? mod.resourceOf(keyNode) : undefined;
  const onlyWithEnv = envGuard(mod, callNode);
  mod.calls.push({
    file: mod.path,
    name: name ?? mod.t(nameNode),
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
    const r = mod.resourceOf(o.node);
    const service = o.actions[0].slice(0, o.actions[0].indexOf(':'));
    mod.calls.push({
      file: mod.path,
      name: name ?? mod.t(nameNode),
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
function parameterActions(mod: Mod, svc: string, operation: string, input: { obj?: SNode; kwargs?: SNode[] }): { actions: string[]; onResource: { actions: readonly string[]; param: string; node: SNode }[] } {
  const out: { actions: string[]; onResource: { actions: readonly string[]; param: string; node: SNode }[] } = { actions: [], onResource: [] };
  let extra: SNode | null | undefined = null;
  for (const p of parameterActionsFor(svc)) {
    if (!p.operations.includes(operation)) continue;
    let node = inputValueNode(mod, input, p.param);
    if (!node && input.kwargs) {
      if (extra === null) extra = inputValueNode(mod, input, 'ExtraArgs');
      node = extra ? inputValueNode(mod, { obj: extra }, p.param) : undefined;
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
function envGuard(mod: Mod, callNode: SNode): string[] | undefined {
  const out: string[] = [];
  for (let n: SNode = callNode; n.parent; n = n.parent) {
    if (n.parent.type !== 'if_statement' || n.field !== 'consequence') continue;
    let cond = child(n.parent, 'condition');
    while (cond && cond.type === 'parenthesized_expression') cond = named(cond)[0];
    // `x is not None` / `x !== undefined` / `x != null`: the left operand is what is tested.
    if (cond && (cond.type === 'comparison_operator' || cond.type === 'binary_expression')) {
      const right = named(cond)[1];
      const op = cond.children.filter((c) => !c.named).map((c) => mod.t(c)).join(' ');
      const nothing = right && (right.type === 'none' || right.type === 'undefined' || right.type === 'null');
      cond = nothing && /^(is not|!==|!=)$/.test(op) ? named(cond)[0] : undefined;
    }
    if (!cond) continue;
    const vals = mod.ev(cond);
    if (vals.length && vals.every((v) => v.k === 'env')) for (const v of vals) if (v.k === 'env' && !out.includes(v.name)) out.push(v.name);
  }
  return out.length ? out : undefined;
}

/** The node of an input parameter (`{TableName: x}` / `TableName=x` / `**params`). */
function inputValueNode(mod: Mod, input: { obj?: SNode; kwargs?: SNode[] }, name: string): SNode | undefined {
  if (input.obj) {
    for (const v of mod.ev(input.obj)) if (v.k === 'obj') {
      const n = v.mod === mod ? mod.objPropNode(v.node, name) : undefined;
      if (n) return n;
    }
    if (input.obj.type === 'object' || input.obj.type === 'dictionary') return mod.objPropNode(input.obj, name);
  }
  for (const a of input.kwargs ?? []) {
    if (a.type === 'keyword_argument') {
      const nm = child(a, 'name');
      if (nm && mod.t(nm) === name) return child(a, 'value');
    } else if (a.type === 'dictionary_splat') {
      const inner = named(a)[0];
      for (const v of mod.ev(inner)) if (v.k === 'obj' && v.mod === mod) {
        const n = mod.objPropNode(v.node, name);
        if (n) return n;
      }
    }
  }
  return undefined;
}

function requestDependent(mod: Mod, svc: string, op: string, input: { obj?: SNode; kwargs?: SNode[] }): string[] | undefined {
  if (svc !== 'dynamodb') return undefined;
  if (op === 'TransactWriteItems') {
    const items = inputValueNode(mod, input, 'TransactItems');
    if (!items || (items.type !== 'array' && items.type !== 'list')) return undefined;
    const out: string[] = [];
    for (const it of named(items)) {
      if (it.type !== 'object' && it.type !== 'dictionary') return undefined;
      for (const p of named(it)) {
        if (p.type !== 'pair') return undefined;
        const k = child(p, 'key');
        const key = k ? (k.type === 'property_identifier' ? mod.t(k) : mod.str(k)) : undefined;
        const a = key ? TRANSACT_ITEM_ACTIONS[key] : undefined;
        if (!a) return undefined;
        if (!out.includes(a)) out.push(a);
      }
    }
    return out.length ? out : undefined;
  }
  if (op === 'ExecuteStatement') {
    const st = inputValueNode(mod, input, 'Statement');
    const vals = st ? mod.ev(st).filter((v): v is { k: 'str'; value: string } => v.k === 'str') : [];
    if (vals.length !== 1) return undefined;
    const word = vals[0].value.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const a = PARTIQL_ACTIONS[word];
    return a ? [a] : undefined;
  }
  return undefined;
}

function unknownAt(mod: Mod, n: SNode, reason: string): void {
  mod.unknown.push({ file: mod.path, range: { start: n.start, end: n.end }, reason });
}

function jsNew(mod: Mod, n: SNode): void {
  const ctor = child(n, 'constructor');
  if (!ctor) return;
  const args = child(n, 'arguments');
  const a0 = args ? named(args)[0] : undefined;
  const nameNode = ctor.type === 'member_expression' ? child(ctor, 'property') ?? ctor : ctor;
  const ctors = mod.ev(ctor);
  if (ctor.type === 'subscript_expression') {
    // `new AWS[svc]()` / `new clients[name]()`: the classes the key's strings name (a factory its
    // callers pass the service to); unknown when the key may be a string we cannot see
    const idx = child(ctor, 'index');
    const objs = mod.ev(child(ctor, 'object'));
    const sdk = objs.some((v) => v.k === 'ext' && (classifyExt(v)?.kind !== undefined || isSdkSpec(v.spec))) || ctors.some((v) => v.k === 'ext' && classifyExt(v) !== undefined);
    if (sdk && (!idx || mod.openName(idx))) unknownAt(mod, n, 'SDK class chosen at run time');
  }
  for (const c of ctors) {
    if (c.k !== 'ext') continue;
    const cls = classifyExt(c);
    if (!cls) continue;
    if (cls.kind === 'v2class' || cls.kind === 'v3client') noteClient(mod, cls.svc, jsHasCredentialOptions(mod, a0));
    if (cls.kind === 'command') emit(mod, nameNode, n, cls.svc, cls.op, 'js-v3', { obj: a0 });
    else if (cls.kind === 'upload') {
      const params = a0 ? inputValueNode(mod, { obj: a0 }, 'params') : undefined;
      emit(mod, nameNode, n, 's3', 'Upload', cls.v2 ? 'js-v2' : 'js-v3', { obj: params });
    }
  }
  escapes(mod, n, ctor, args);
}

function jsCall(mod: Mod, n: SNode): void {
  const fn = child(n, 'function');
  const args = child(n, 'arguments');
  if (!fn) return;
  const argList = args ? named(args) : [];
  if (fn.type === 'member_expression' || fn.type === 'subscript_expression') {
    const obj = child(fn, 'object');
    const recvs = requiredModules(mod, mod.ev(obj));
    const clients = recvs.filter((v): v is Extract<Val, { k: 'client' }> => v.k === 'client');
    if (fn.type === 'subscript_expression') {
      const idx = child(fn, 'index');
      const key = idx ? mod.str(idx) : undefined;
      if (key === undefined) {
        if (clients.some((c) => c.style !== 'v3')) unknownAt(mod, n, 'SDK method chosen at run time');
        return;
      }
      for (const c of clients) clientMethod(mod, c, key, idx!, n, argList);
      return;
    }
    const prop = child(fn, 'property');
    if (!prop) return;
    const name = mod.t(prop);
    for (const c of clients) clientMethod(mod, c, name, prop, n, argList);
    // `DynamoDBDocumentClient.from(client)`, `paginateX` through a namespace, etc.
    for (const r of recvs) {
      if (r.k !== 'ext') continue;
      const cls = classifyExt({ ...r, path: [...r.path, name] });
      if (cls?.kind === 'paginator') emit(mod, prop, n, cls.svc, cls.op, 'js-v3', { obj: argList[1] });
      else if (cls?.kind === 'presignedPost') emit(mod, prop, n, 's3', 'CreatePresignedPost', 'js-v3', { obj: argList[1] });
      else if (cls?.kind === 'powertools') emitFixed(mod, prop, n, cls.actions, argList[0]);
      else if (cls?.kind === 'waiter') unknownAt(mod, n, `waiter ${name}`);
    }
    if (!clients.length && !recvs.some((r) => r.k === 'ext' && isSdkSpec(r.spec))) escapes(mod, n, fn, args);
    return;
  }
  const callees = mod.ev(fn);
  for (const c of callees) {
    if (c.k !== 'ext') continue;
    const cls = classifyExt(c);
    if (cls?.kind === 'paginator') emit(mod, fn, n, cls.svc, cls.op, 'js-v3', { obj: argList[1] });
    else if (cls?.kind === 'presignedPost') emit(mod, fn, n, 's3', 'CreatePresignedPost', 'js-v3', { obj: argList[1] });
    else if (cls?.kind === 'powertools') emitFixed(mod, fn, n, cls.actions, argList[0]);
    else if (cls?.kind === 'waiter') unknownAt(mod, n, `waiter ${mod.t(fn)}`);
  }
  if (!callees.some((c) => c.k === 'ext' && isSdkSpec(c.spec)) && !(fn.type === 'identifier' && mod.t(fn) === 'require')) escapes(mod, n, fn, args);
}

/** Powertools parameter helpers: fixed actions, resource from the first argument. */
function emitFixed(mod: Mod, nameNode: SNode, callNode: SNode, actions: readonly string[], arg?: SNode): void {
  const [svc, op] = actions[0].split(':');
  const resource = arg ? mod.resourceOf(argValueNode(mod, arg)) : undefined;
  const acts = actions.map((a) => actionsForOperation(a.split(':')[0], a.split(':')[1])).flat();
  if (!acts.length) return;
  mod.calls.push({
    file: mod.path,
    name: mod.t(nameNode),
    range: { start: nameNode.start, end: nameNode.end },
    callRange: { start: callNode.start, end: callNode.end },
    service: svc,
    operation: op,
    actions: acts,
    ...(resource ? { resource } : {}),
    sdk: mod.lang === 'py' ? 'boto3' : 'js-v3',
  });
}

function clientMethod(mod: Mod, c: Extract<Val, { k: 'client' }>, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
  const sdk: SdkCall['sdk'] = c.style === 'boto3' ? 'boto3' : c.style === 'v2' || c.style === 'v2doc' ? 'js-v2' : 'js-v3';
  if (c.style === 'v3') return; // `.send(new XCommand())`: the command is the call
  if (c.style === 'v2doc' || c.style === 'v3doc') {
    const op = DOC_CLIENT_METHODS[name];
    if (op) emit(mod, nameNode, call, 'dynamodb', op, sdk, { obj: args[0] });
    return;
  }
  if (c.style === 'boto3') {
    boto3ClientMethod(mod, c.svc, name, nameNode, call, args);
    return;
  }
  // v2 and v3 aggregated clients
  if (name === 'getSignedUrl' || name === 'getSignedUrlPromise' || name === 'makeRequest') {
    const op = args[0] ? mod.str(args[0]) : undefined;
    if (op === undefined) unknownAt(mod, call, `${name} with a computed operation`);
    else emit(mod, nameNode, call, c.svc, operationFromCamel(op), sdk, { obj: args[1] }, `${name}('${op}')`);
    return;
  }
  if (name === 'waitFor') {
    unknownAt(mod, call, 'waitFor');
    return;
  }
  if (name === 'promise' || name === 'send' || name === 'on' || name === 'config' || name === 'destroy') return;
  emit(mod, nameNode, call, c.svc, operationFromCamel(name), sdk, { obj: args[0] });
}

function boto3ClientMethod(mod: Mod, svc: string, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
  const pos = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
  const kw = (k: string) => {
    const a = args.find((x) => x.type === 'keyword_argument' && child(x, 'name') && mod.t(child(x, 'name')!) === k);
    return a ? child(a, 'value') : undefined;
  };
  if (name === 'get_paginator') {
    const op = pos[0] ? mod.str(pos[0]) : kw('operation_name') ? mod.str(kw('operation_name')!) : undefined;
    if (op === undefined) unknownAt(mod, call, 'get_paginator with a computed operation');
    else emit(mod, nameNode, call, svc, operationFromSnake(op), 'boto3', { kwargs: [] }, `get_paginator('${op}')`);
    return;
  }
  if (name === 'generate_presigned_url') {
    const opNode = pos[0] ?? kw('ClientMethod');
    const op = opNode ? mod.str(opNode) : undefined;
    if (op === undefined) {
      unknownAt(mod, call, 'generate_presigned_url with a computed operation');
      return;
    }
    const params = pos[1] ?? kw('Params');
    emit(mod, nameNode, call, svc, operationFromSnake(op), 'boto3', { obj: params }, `generate_presigned_url('${op}')`);
    return;
  }
  if (name === 'get_waiter') {
    unknownAt(mod, call, 'waiter');
    return;
  }
  if (name === 'upload_file' || name === 'upload_fileobj' || name === 'download_file' || name === 'download_fileobj' || name === 'copy') {
    // positional (Filename, Bucket, Key) / (Fileobj, Bucket, Key) / (Bucket, Key, Filename)
    const bucketNode = kw('Bucket') ?? (name.startsWith('upload') ? pos[1] : name.startsWith('download') ? pos[0] : undefined);
    const resource = bucketNode ? mod.resourceOf(bucketNode) : undefined;
    // ExtraArgs (4th positional in all five) carries request parameters such as ACL
    const extraArgs = kw('ExtraArgs') ?? pos[3];
    emit(mod, nameNode, call, svc, operationFromSnake(name), 'boto3', { kwargs: [], resource, ...(extraArgs ? { obj: extraArgs } : {}) });
    return;
  }
  emit(mod, nameNode, call, svc, operationFromSnake(name), 'boto3', { kwargs: args });
}

function pyCall(mod: Mod, n: SNode): void {
  const fn = child(n, 'function');
  const argsNode = child(n, 'arguments');
  const args = argsNode && argsNode.type === 'argument_list' ? named(argsNode) : [];
  if (!fn) return;
  boto3ServiceOpen(mod, n, fn, args);
  if (fn.type === 'call') {
    // getattr(client, name)(...)
    const inner = child(fn, 'function');
    const innerArgs = child(fn, 'arguments');
    if (inner && mod.t(inner) === 'getattr' && innerArgs) {
      const [o, nm] = named(innerArgs);
      const key = nm ? mod.str(nm) : undefined;
      const recvs = o ? mod.ev(o) : [];
      if (key === undefined) {
        if (recvs.some(isClientLike)) unknownAt(mod, n, 'SDK method chosen at run time (getattr)');
      } else {
        for (const r of recvs) if (r.k === 'client') clientMethod(mod, r, key, nm!, n, args);
      }
      return;
    }
  }
  if (fn.type === 'attribute') {
    const obj = child(fn, 'object');
    const attr = child(fn, 'attribute');
    if (!obj || !attr) return;
    const name = mod.t(attr);
    const recvs = mod.ev(obj);
    let handled = false;
    for (const r of recvs) {
      if ((r.k === 'session' || (r.k === 'ext' && r.spec.startsWith('boto3'))) && name === 'get_credentials') {
        unknownAt(mod, n, 'credentials used to sign requests by hand');
        handled = true;
      } else if (r.k === 'client') {
        clientMethod(mod, r, name, attr, n, args);
        handled = true;
      } else if (r.k === 'res') {
        resourceMethod(mod, r, name, attr, n, args);
        handled = true;
      } else if (r.k === 'method' && r.recv.k === 'res' && boto3Collection(r.recv.svc, r.name)) {
        resourceMethod(mod, { k: 'res', svc: r.recv.svc, type: `coll:${r.name}`, resource: r.recv.resource }, name, attr, n, args);
        handled = true;
      } else if (r.k === 'ext') {
        const p = powertoolsPy(r.spec, [...r.path, name]);
        if (p) {
          emitFixed(mod, attr, n, p, args[0]);
          handled = true;
        }
      }
    }
    if (!handled) for (const r of recvs) if (r.k === 'dyn') unknownAt(mod, n, r.why);
    if (!handled && !recvs.some((r) => r.k === 'ext' && isSdkSpec(r.spec))) escapes(mod, n, fn, argsNode);
    return;
  }
  const callees = mod.ev(fn);
  for (const c of callees) {
    if (c.k !== 'ext') continue;
    const p = powertoolsPy(c.spec, c.path);
    if (p) emitFixed(mod, fn, n, p, args[0]);
  }
  if (fn.type === 'identifier' && mod.t(fn) === 'getattr') return;
  if (!callees.some((c) => c.k === 'ext' && isSdkSpec(c.spec))) escapes(mod, n, fn, argsNode);
}

/**
 * `boto3.client(service)` / `session.resource(name)` whose service name may be one we cannot see
 * (computed, or a factory parameter some caller passes a run-time value): the clients made here
 * are unknown, whether or not their calls are followed (a client cached in a dict by name).
 */
function boto3ServiceOpen(mod: Mod, call: SNode, fn: SNode, args: SNode[]): void {
  const last = fn.type === 'attribute' ? child(fn, 'attribute') : fn.type === 'identifier' ? fn : undefined;
  const kind = last ? mod.t(last) : undefined;
  if (kind !== 'client' && kind !== 'resource') return;
  const factory = mod.ev(fn).some((c) => (c.k === 'ext' && boto3Factory(c) === kind) || (c.k === 'method' && c.recv.k === 'session' && c.name === kind));
  if (!factory) return;
  const nameNode = boto3ServiceNameNode(mod, args);
  if (!nameNode || mod.openName(nameNode)) unknownAt(mod, call, `boto3 ${kind}() with a service name chosen at run time`);
}

function resourceMethod(mod: Mod, r: Extract<Val, { k: 'res' }>, name: string, nameNode: SNode, call: SNode, args: SNode[]): void {
  const mapped = boto3ResourceOperation(r.svc, r.type, name);
  if (mapped === null) return;
  if (!r.type) {
    // service resource: `dynamodb.batch_get_item(...)`, `sqs.get_queue_by_name(...)` (GetQueueUrl),
    // `s3.Bucket(...)` (constructor: no call)
    if (isPascal(name) || name === 'meta') return;
    emit(mod, nameNode, call, r.svc, mapped ?? operationFromSnake(name), 'boto3', { kwargs: args });
    return;
  }
  if (isPascal(name)) return; // sub-resource constructor (`bucket.Object(key)`)
  let op: string;
  if (mapped) op = mapped;
  else if (r.type.startsWith('coll:')) return;
  else if (!name.includes('_')) op = operationFromSnake(name) + r.type; // `table.delete()` → DeleteTable
  else op = operationFromSnake(name);
  emit(mod, nameNode, call, r.svc, op, 'boto3', { kwargs: args, resource: r.resource });
}

/** A client handed to code we cannot see: its calls are unknown. */
function escapes(mod: Mod, call: SNode, callee: SNode, argsNode: SNode | undefined): void {
  if (!argsNode) return;
  // Arguments first (literals cannot hold a client, so most calls end here cheaply); the callee
  // is only looked at when a client is passed.
  let passed = false;
  for (const a of named(argsNode)) {
    if (LITERAL_ARG_TYPES.has(a.type)) continue;
    const vals: Val[] = [...mod.ev(argValueNode(mod, a))];
    if (a.type === 'object' || a.type === 'dictionary') for (const p of named(a)) {
      const v = p.type === 'pair' ? child(p, 'value') : p.type === 'shorthand_property_identifier' ? p : undefined;
      if (v && !LITERAL_ARG_TYPES.has(v.type)) vals.push(...mod.ev(v));
    }
    if (vals.some(isClientLike)) {
      passed = true;
      break;
    }
  }
  if (!passed) return;
  const callees = mod.ev(callee);
  if (callees.some((c) => c.k === 'fn' || c.k === 'cls' || (c.k === 'local' && !!c.path) || (c.k === 'ext' && isSdkSpec(c.spec)) || (c.k === 'method' && c.recv.k === 'ext' && isSdkSpec(c.recv.spec)))) return;
  const head = mod.t(callee);
  if (head.startsWith('console.') || head.startsWith('logger.') || head.startsWith('log.') || head === 'print' || head.startsWith('logging.') || head === 'JSON.stringify') return;
  const last = callee.type === 'member_expression' ? child(callee, 'property') : callee.type === 'attribute' ? child(callee, 'attribute') : callee;
  if (last && CLIENT_WRAPPERS.has(mod.t(last))) return;
  unknownAt(mod, call, `an AWS client is passed to ${mod.t(callee).slice(0, 60)}()`);
}
