import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initCodeParsers, parseCode, findHandler, looksLikeLambdaHandler, listExportedFunctions, freeParse, type CodeLang } from '../../server/src/engine/code/index';

before(async () => {
  await initCodeParsers();
});

function exportsOf(src: string, lang: CodeLang = 'javascript') {
  const p = parseCode(src, lang);
  try {
    return listExportedFunctions(p);
  } finally {
    freeParse(p);
  }
}

function handler(src: string, name: string, lang: CodeLang = 'javascript') {
  const p = parseCode(src, lang);
  try {
    return findHandler(p, name);
  } finally {
    freeParse(p);
  }
}

function looks(src: string, lang: CodeLang = 'javascript'): boolean {
  const p = parseCode(src, lang);
  try {
    return looksLikeLambdaHandler(p);
  } finally {
    freeParse(p);
  }
}

describe('handler discovery: export forms', () => {
  test('ESM: export const arrow, export function, export default, export { a as b }', () => {
    const src = `
export const handler = async (event) => ({ statusCode: 200 });
export async function create(evt, context) { return evt; }
export default function main(e) { return e; }
const impl = (event) => event;
function other(x) { return x; }
export { impl as process, other };
export const notAFunction = 42;
`;
    const xs = exportsOf(src);
    assert.deepEqual(xs.map((x) => [x.exportName, x.kind, x.localName]), [
      ['handler', 'esm', 'handler'],
      ['create', 'esm', 'create'],
      ['default', 'esm-default', 'main'],
      ['process', 'esm', 'impl'],
      ['other', 'esm', 'other'],
    ]);
    const h = xs[0];
    assert.equal(src.slice(h.range.start, h.range.end), 'async (event) => ({ statusCode: 200 })');
    assert.equal(src.slice(h.nameRange.start, h.nameRange.end), 'handler');
    assert.deepEqual(h.params.map((p) => p.name), ['event']);
    assert.equal(h.isAsync, true);
    assert.equal(xs.find((x) => x.exportName === 'other')!.looksLikeHandler, false);
    assert.equal(xs.find((x) => x.exportName === 'process')!.looksLikeHandler, true);
  });

  test('export default arrow / identifier', () => {
    assert.deepEqual(exportsOf('export default async (event) => event.body;').map((x) => x.exportName), ['default']);
    assert.deepEqual(exportsOf('const h = (event) => 1;\nexport default h;').map((x) => [x.exportName, x.localName]), [['default', 'h']]);
  });

  test('CommonJS: exports.x =, module.exports.x =, module.exports = { x, y: fn }', () => {
    const src = `
async function list(event) { return []; }
const get = async (event) => ({});
exports.a = async function (event) {};
module.exports.b = (event, context) => {};
module.exports = { list, getOne: get, inline(event) { return 1; }, version: '1' };
`;
    const xs = exportsOf(src);
    assert.deepEqual(xs.map((x) => [x.exportName, x.kind]), [['a', 'cjs'], ['b', 'cjs'], ['list', 'cjs'], ['getOne', 'cjs'], ['inline', 'cjs']]);
    assert.equal(xs.find((x) => x.exportName === 'getOne')!.localName, 'get');
  });

  test('module.exports = fn is the default export', () => {
    const xs = exportsOf('module.exports = async (event) => event;');
    assert.deepEqual(xs.map((x) => x.exportName), ['default']);
  });

  test('wrappers are unwrapped: middy(fn).use(...), wrap(fn), middy().handler(fn)', () => {
    const src = `
import middy from '@middy/core';
const base = async (event) => ({ statusCode: 200 });
export const handler = middy(base).use(jsonBodyParser()).use(validator({}));
export const wrapped = Sentry.AWSLambda.wrapHandler(async (evt) => evt);
export const v4 = middy().use(x()).handler(async (event) => event);
`;
    const xs = exportsOf(src, 'typescript');
    const h = xs.find((x) => x.exportName === 'handler')!;
    assert.equal(src.slice(h.range.start, h.range.end), 'async (event) => ({ statusCode: 200 })');
    assert.equal(h.wrapper, 'middy');
    assert.equal(xs.find((x) => x.exportName === 'wrapped')!.wrapper, 'Sentry.AWSLambda.wrapHandler');
    assert.ok(xs.find((x) => x.exportName === 'v4'));
    assert.ok(xs.every((x) => x.looksLikeHandler));
  });

  test('Python: top-level def, decorated def, and assignments of functions', () => {
    const src = `
import json

def lambda_handler(event, context):
    return {"statusCode": 200}

@logger.inject_lambda_context
def traced(event, context):
    return event

def _helper(x):
    return x

class Service:
    def handle(self, event, context):
        return 1

alias = lambda_handler
`;
    const xs = exportsOf(src, 'python');
    assert.deepEqual(xs.map((x) => [x.exportName, x.kind]), [['lambda_handler', 'python'], ['traced', 'python'], ['_helper', 'python'], ['alias', 'python']]);
    assert.equal(xs[0].looksLikeHandler, true);
    assert.equal(xs[2].looksLikeHandler, false);
    const h = handler(src, 'lambda_handler', 'python')!;
    assert.equal(src.slice(h.nameRange.start, h.nameRange.end), 'lambda_handler');
  });
});

describe('handler discovery: findHandler / looksLikeLambdaHandler', () => {
  test('findHandler by export name, any name', () => {
    const src = `exports.main = async (event) => event;\nexports.other = async (x) => x;`;
    assert.equal(handler(src, 'main')?.exportName, 'main');
    assert.equal(handler(src, 'missing'), undefined);
  });

  test('first parameter named event / evt / e', () => {
    assert.equal(looks('export const h = (event) => 1;'), true);
    assert.equal(looks('export const h = (evt, ctx) => 1;'), true);
    assert.equal(looks('export function h(e) {}'), true);
    assert.equal(looks('export function add(a, b) { return a + b; }'), false);
    assert.equal(looks('const h = (event) => 1;'), false, 'not exported');
  });

  test('first parameter typed with aws-lambda event types, or a Handler-typed binding', () => {
    assert.equal(looks('export const h = async (req: APIGatewayProxyEvent) => ({ statusCode: 200 });', 'typescript'), true);
    assert.equal(looks('export const h = async (req: APIGatewayProxyEventV2) => 1;', 'typescript'), true);
    assert.equal(looks('export async function h(msg: SQSEvent) {}', 'typescript'), true);
    assert.equal(looks('export async function h(input: S3Event): Promise<void> {}', 'typescript'), true);
    assert.equal(looks('export const h: APIGatewayProxyHandler = async (x) => ({ statusCode: 200, body: "" });', 'typescript'), true);
    assert.equal(looks('export const h: Handler<ScheduledEvent> = async (x) => {};', 'typescript'), true);
    assert.equal(looks('export function parse(input: string): number { return 1; }', 'typescript'), false);
    assert.equal(looks('export const C = ({ t }: { t: string }) => <b>{t}</b>;', 'tsx'), false);
  });

  test('Python handlers: (event, context) and typed LambdaContext', () => {
    assert.equal(looks('def handler(event, context):\n    pass\n', 'python'), true);
    assert.equal(looks('def main(payload, context):\n    pass\n', 'python'), true);
    assert.equal(looks('def main(payload, ctx: LambdaContext):\n    pass\n', 'python'), true);
    assert.equal(looks('def add(a, b):\n    return a + b\n', 'python'), false);
  });

  test('accepts a raw tree-sitter tree', () => {
    const p = parseCode('exports.handler = async (event) => 1;', 'javascript');
    assert.equal(looksLikeLambdaHandler(p.tree!), true);
    assert.equal(findHandler(p.tree!, 'handler')?.kind, 'cjs');
    freeParse(p);
  });
});
