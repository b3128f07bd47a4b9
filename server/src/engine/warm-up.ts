/**
 * One-time start-up work, done before the first real file is analysed so it is on nobody's clock:
 * the IAM catalogue (its header), one analysis of a small synthetic project (a serverless.yml, a
 * SAM template, a JS and a Python handler) so the parser, model, rules, taint analysis and SDK-call
 * resolution are loaded and compiled by V8, then every service of the catalogue decoded (a few
 * services per step; ~90 ms of CPU and ~19 MB that the first real `Action: '*'` would otherwise
 * pay) and a config granting `'*'`. Pure: the steps touch only a scratch engine over an in-memory
 * project; the shell decides when each step runs (the language server runs one per event-loop
 * turn from `initialize` and pauses while real documents wait, so a document opened during the
 * warm-up waits for one step at most). An analysis is cut into slices of WARM_UP_SLICE_MS (the
 * engine's own time budget and `resume`), so no step is longer than a slice plus one rule.
 */
import { actionsForService, allServicePrefixes, catalogInfo, expandAction } from './iam/catalog';
import type { AnalysisResult } from './engine';
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
  // analysed last, once every service is decoded: a '*' grant through every path that expands it
  [`${ROOT}/star/serverless.yml`]: `service: warm-star
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  web:
    handler: src/web.handler
    events:
      - http: { path: items, method: post }
`,
};
FILES[`${ROOT}/star/src/web.js`] = FILES[`${ROOT}/src/web.js`];

/** This process's CPU time in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU-light slices: an analysis step stops starting rules after this many ms (then resumes in the next step). */
export const WARM_UP_SLICE_MS = 15;
/** Catalogue services decoded per step. */
const SERVICES_PER_STEP = 40;

export interface WarmUpStep {
  /** Needed by any analysis (it would otherwise load lazily on that analysis' clock). */
  essential: boolean;
  /** Runs one slice; true when the step has more to do (run it again), else it is done. */
  run: () => boolean;
}

/**
 * The warm-up steps, in order; each slice is short (a slice of an analysis, or a few services)
 * and never throws. `makeEngine` builds a scratch engine like the shell's own (same rules, code
 * support).
 */
export function warmUpSteps(makeEngine: (project: Project) => Engine): WarmUpStep[] {
  let engine: Engine | undefined;
  const scratch = () => (engine ??= makeEngine(new Project({ readFile: (p) => FILES[p], exists: (p) => p in FILES })));
  /** An analysis in slices (the engine's budget, then `resume`); the last slice builds the fixes too (code actions). */
  const analyze = (p: string) => {
    let partial: AnalysisResult | undefined;
    return (): boolean => {
      // this process's CPU time: a slice is never cut to nothing by other processes on the core
      const options = { timeBudgetMs: WARM_UP_SLICE_MS, reportTimeout: false, now: cpuMs };
      const r = partial ? scratch().resume(p, FILES[p], partial, options) : scratch().analyze(p, FILES[p], options);
      if (r.pending?.length) {
        partial = r;
        return true;
      }
      partial = undefined;
      void r.findings.map((f) => f.fixes.length);
      return false;
    };
  };
  /** Decodes the catalogue's services a few per slice, then expands '*' once (cached). */
  const decodeServices = () => {
    let next = 0;
    return (): boolean => {
      const prefixes = allServicePrefixes();
      if (next < prefixes.length) {
        for (const p of prefixes.slice(next, next + SERVICES_PER_STEP)) actionsForService(p);
        next += SERVICES_PER_STEP;
        return true;
      }
      expandAction('*');
      return false;
    };
  };
  const steps: (() => boolean | void)[] = [
    () => void catalogInfo(),
    analyze(`${ROOT}/serverless.yml`),
    analyze(`${ROOT}/src/web.js`),
    analyze(`${ROOT}/app/main.py`),
    analyze(`${ROOT}/sam/template.yaml`),
    decodeServices(),
    analyze(`${ROOT}/star/serverless.yml`),
    () => {
      engine = undefined;
    },
  ];
  return steps.map((s, i) => ({
    essential: i === 0,
    run: () => {
      try {
        return s() === true;
      } catch {
        /* warm-up is best effort: the real analysis reports any real problem */
        return false;
      }
    },
  }));
}
