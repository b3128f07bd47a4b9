/**
 * One-time start-up work, done before the first real file is analysed so it is on nobody's clock:
 * the IAM catalogue (its header; `Action: '*'` in the synthetic config then decodes every
 * service, ~90 ms of CPU and ~19 MB that the first real `'*'` would otherwise pay), and one
 * analysis of a small synthetic project (a serverless.yml, a SAM
 * template, a JS and a Python handler) so the parser, model, rules, taint analysis and SDK-call
 * resolution are loaded and compiled by V8. Pure: the steps touch only a scratch engine over an
 * in-memory project; the shell decides when each step runs (the language server runs one per
 * event-loop turn from `initialize`, so incoming messages are never held up by more than a step).
 */
import { catalogInfo } from './iam/catalog';
import type { Engine } from './engine';
import { Project } from './project';

const ROOT = '/__serverless-guard-warm-up__';

const FILES: Record<string, string> = {
  [`${ROOT}/serverless.yml`]: `service: warm
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    API_TOKEN: Tr0ub4dor-and-3-more
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ['s3:*', 'dynamodb:GetItem', 'iam:PassRole']
          Resource: '*'
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  web:
    handler: src/web.handler
    url: true
    events:
      - http: { path: items, method: post }
  py:
    handler: app/main.handler
    runtime: python3.12
    events:
      - httpApi: 'GET /items/{id}'
`,
  [`${ROOT}/src/web.js`]: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { exec } = require('child_process');
const s3 = new S3Client({});
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  exec('ls ' + body.dir);
  const out = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: body.key }));
  return { statusCode: 200, body: JSON.stringify(out) };
};
`,
  [`${ROOT}/app/main.py`]: `import os
import boto3
import subprocess

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])

def handler(event, context):
    item_id = event["pathParameters"]["id"]
    subprocess.run("echo " + item_id, shell=True)
    return table.get_item(Key={"id": item_id})
`,
  [`${ROOT}/sam/template.yaml`]: `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - S3CrudPolicy: { BucketName: '*' }
        - Statement:
            - Effect: Allow
              Action: 'dynamodb:*'
              Resource: !Sub 'arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/*'
      Events:
        Api: { Type: Api, Properties: { Path: /x, Method: get } }
`,
};

export interface WarmUpStep {
  /** Needed by any analysis (it would otherwise load lazily on that analysis' clock). */
  essential: boolean;
  run: () => void;
}

/**
 * The warm-up steps, in order; each is short (tens of ms on an idle machine) and never throws.
 * `makeEngine` builds a scratch engine like the shell's own (same rules, code support).
 */
export function warmUpSteps(makeEngine: (project: Project) => Engine): WarmUpStep[] {
  let engine: Engine | undefined;
  const scratch = () => (engine ??= makeEngine(new Project({ readFile: (p) => FILES[p], exists: (p) => p in FILES })));
  const analyze = (p: string) => () => {
    const r = scratch().analyze(p, FILES[p], { timeBudgetMs: Number.POSITIVE_INFINITY });
    void r.findings.map((f) => f.fixes.length); // builds the fixes once too (code actions)
  };
  const steps = [
    () => void catalogInfo(),
    analyze(`${ROOT}/serverless.yml`),
    analyze(`${ROOT}/src/web.js`),
    analyze(`${ROOT}/app/main.py`),
    analyze(`${ROOT}/sam/template.yaml`),
    () => {
      engine = undefined;
    },
  ];
  return steps.map((s, i) => ({
    essential: i === 0,
    run: () => {
      try {
        s();
      } catch {
        /* warm-up is best effort: the real analysis reports any real problem */
      }
    },
  }));
}
