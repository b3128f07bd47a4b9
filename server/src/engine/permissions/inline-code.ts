/**
 * Function code written in the template itself (CloudFormation `Code.ZipFile`, SAM `InlineCode`)
 * as a handler the SDK-call analysis can read: a virtual module path inside the config
 * (`template.yaml#inline/<FunctionId>.py`) whose text is the inline code. CloudFormation writes
 * that code to `index.py` / `index.js` in the deployment package
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html#cfn-lambda-function-code-zipfile),
 * so the handler's export is the part of `Handler` after `index.`. Python and Node.js runtimes
 * only (the only ones ZipFile supports). Used by the IAM fixes that rest on what the code calls
 * (`permissions/unused.ts` with `{ inline: true }`); pure.
 *
 * Code written through an intrinsic counts when its text is fixed: a `!Sub` without variables
 * (`${!Literal}` is written `${Literal}`), a `!Join` of plain strings — both common ways to keep
 * JavaScript's `${}` or long lines in a template. A `!Sub` that substitutes values does not: the
 * deployed code holds values the template does not show.
 */
import { triggersOf, type HandlerRef } from '../handlers';
import type { ConfigModel, FunctionModel } from '../model/types';
import { get, intrinsicArg, intrinsicName, isScalar, isSeq, getPath, stringValue, type YNode } from '../yaml/ast';

const MARK = '#inline/';

/** The module file extension of an inline function's runtime, or undefined (ZipFile takes Python and Node.js only). */
function extOf(runtime: string | undefined): string | undefined {
  if (!runtime) return undefined;
  if (runtime.startsWith('python')) return '.py';
  if (runtime.startsWith('nodejs')) return '.js';
  return undefined;
}

/** The text of a `!Sub` without variables or a `!Join` of plain strings; undefined for anything else. */
function fixedIntrinsicText(n: YNode | null | undefined): string | undefined {
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Fn::Sub') {
    const t = isSeq(arg) ? (arg.items.length === 1 ? stringValue(arg.items[0]) : undefined) : isScalar(arg) ? stringValue(arg) : undefined;
    if (t === undefined) return undefined;
    // `${!X}` is the literal `${X}`; any other `${` substitutes a value.
    let out = '';
    let i = 0;
    for (;;) {
      const open = t.indexOf('${', i);
      if (open < 0) return out + t.slice(i);
      if (t[open + 2] !== '!') return undefined;
      out += t.slice(i, open) + '${';
      i = open + 3;
    }
  }
  if (fn === 'Fn::Join' && isSeq(arg) && arg.items.length === 2 && isSeq(arg.items[1])) {
    const sep = stringValue(arg.items[0]);
    const parts = arg.items[1].items.map((x) => (isScalar(x) && typeof x.value === 'string' ? x.value : undefined));
    if (sep === undefined || parts.some((p) => p === undefined)) return undefined;
    return parts.join(sep);
  }
  return undefined;
}

/** The function's inline code (`Code.ZipFile` / `InlineCode`): a string, or a fixed text written through an intrinsic. */
export function inlineSource(model: ConfigModel, fn: FunctionModel): string | undefined {
  if (fn.inlineCode) return typeof fn.inlineCode.value === 'string' ? fn.inlineCode.value : undefined;
  if (model.kind === 'serverless') return undefined;
  const props = get(fn.node, 'Properties');
  return fixedIntrinsicText(get(get(props, 'Code'), 'ZipFile') ?? get(props, 'InlineCode'));
}

/** The handler of a function whose code is inline in `configPath`, as a virtual module of the config. */
export function inlineHandlerRef(model: ConfigModel, configPath: string, fn: FunctionModel): HandlerRef | undefined {
  if (inlineSource(model, fn) === undefined || fn.handler?.kind !== 'literal' || !fn.handler.text) return undefined;
  const runtime = fn.runtime ?? (model.kind === 'sam' ? stringValue(getPath(model.root, 'Globals.Function.Runtime')) : undefined);
  const ext = extOf(runtime);
  const h = fn.handler.text;
  const dot = h.lastIndexOf('.');
  // The inline code is the module `index`; another module name would fail at run time.
  if (!ext || dot <= 0 || h.slice(0, dot) !== 'index' || dot === h.length - 1) return undefined;
  if (!/^[A-Za-z0-9_]+$/.test(fn.id)) return undefined;
  return { configFile: configPath, fnId: fn.id, file: `${configPath}${MARK}${fn.id}${ext}`, exportName: h.slice(dot + 1), triggers: triggersOf(model, fn), runtime };
}

/** The inline code a virtual module path of `configPath` names (undefined for any other path). */
export function inlineCodeText(model: ConfigModel, configPath: string, path: string): string | undefined {
  if (!path.startsWith(configPath + MARK)) return undefined;
  const rest = path.slice(configPath.length + MARK.length);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const fn = model.functions.find((f) => f.id === rest.slice(0, dot));
  const ref = fn ? inlineHandlerRef(model, configPath, fn) : undefined;
  return ref && ref.file === path ? inlineSource(model, fn!) : undefined;
}
