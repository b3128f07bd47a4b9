/**
 * `sam package` output committed next to its source template (seen in public repositories as
 * `output.yaml` / `packaged.yaml`): the copy gets one `generated-template` info finding and no
 * other; the source keeps its findings; a packaged template with no source nearby is analysed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { Project } from '../../server/src/engine/project';
import { defaultSettings } from '../../server/src/engine/settings';
import { virtualFs, type Entry } from '../helpers/virtual-fs';

let factory: EngineFactoryResult;
before(async () => {
  factory = await createEngine();
});

const ROOT = '/ws';

function template(codeUri: (fn: string) => string, fns = ['OrdersFunction', 'UsersFunction']): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (const fn of fns) {
    lines.push(
      `  ${fn}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: ${codeUri(fn)}`,
      '      Handler: app.handler',
      '      Runtime: nodejs20.x',
      '      Policies:',
      '        - Statement:',
      '            - Effect: Allow',
      "              Action: 'dynamodb:*'",
      "              Resource: '*'",
    );
  }
  return lines.join('\n') + '\n';
}

const S3 = (fn: string) => `s3://artifacts/${fn === 'OrdersFunction' ? '5f352d3ba76f2b06d0afc6a451d7c018' : '4952ed6cfe2b9da6083121d367a90bcd'}`;

function analyze(files: Record<string, Entry>, file: string) {
  const { source } = virtualFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])));
  const project = new Project(source, { roots: [ROOT] });
  const engine = factory.makeEngine(project, () => ROOT);
  const text = files[file] as string;
  return engine.analyze(`${ROOT}/${file}`, text).findings;
}

describe('generated-template', () => {
  it('reports a packaged copy in the same folder once, naming its source', () => {
    const files = { 'app/template.yaml': template(() => 'src/'), 'app/packaged.yaml': template(S3), 'app/src/app.js': 'exports.handler = async () => 1;\n' };
    const copy = analyze(files, 'app/packaged.yaml');
    assert.deepEqual(copy.map((f) => f.ruleId), ['generated-template']);
    assert.equal(copy[0].severity, 'info');
    assert.match(copy[0].message, /packaged output .* of template\.yaml/);
    const source = analyze(files, 'app/template.yaml');
    assert.ok(source.some((f) => f.ruleId === 'iam-service-wildcard-action'), source.map((f) => f.ruleId).join());
  });

  it('finds the source in a sibling folder', () => {
    const files = { 'base/output.yaml': template(S3, ['OrdersFunction', 'UsersFunction', 'Extra']), 'app/template.yaml': template(() => 'src/') };
    const copy = analyze(files, 'base/output.yaml');
    assert.deepEqual(copy.map((f) => f.ruleId), ['generated-template']);
    assert.match(copy[0].message, /\.\.\/app\/template\.yaml/);
  });

  it('analyses a packaged template with no source nearby', () => {
    const copy = analyze({ 'app/packaged.yaml': template(S3) }, 'app/packaged.yaml');
    assert.ok(!copy.some((f) => f.ruleId === 'generated-template'));
    assert.ok(copy.some((f) => f.ruleId === 'iam-service-wildcard-action'));
  });

  it('analyses a template whose functions are only partly in S3, or whose neighbour shares too few functions', () => {
    const mixed = template((fn) => (fn === 'OrdersFunction' ? S3(fn) : 'src/'));
    assert.ok(analyze({ 'app/packaged.yaml': mixed, 'app/template.yaml': template(() => 'src/') }, 'app/packaged.yaml').some((f) => f.ruleId === 'iam-service-wildcard-action'));
    const other = template(() => 'src/', ['Unrelated']);
    assert.ok(analyze({ 'app/packaged.yaml': template(S3), 'app/template.yaml': other }, 'app/packaged.yaml').some((f) => f.ruleId === 'iam-service-wildcard-action'));
  });

  it('is off when the settings say so, and the copy still gets no other finding', () => {
    const files = { 'app/template.yaml': template(() => 'src/'), 'app/packaged.yaml': template(S3) };
    const { source } = virtualFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])));
    const engine = factory.makeEngine(new Project(source, { roots: [ROOT] }), () => ROOT);
    const settings = defaultSettings();
    settings.rules['generated-template'] = 'off';
    assert.deepEqual(engine.analyze(`${ROOT}/app/packaged.yaml`, files['app/packaged.yaml'], { settings }).findings, []);
  });
});
