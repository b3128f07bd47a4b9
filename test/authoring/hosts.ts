/**
 * Host files for authoring tests: small, realistic and secure (the engine reports nothing in the
 * iam, secrets, injection and auth categories on them), with one marker line `<<HERE>>` where a
 * snippet prefix is typed. Logical ids and keys never collide with the snippets' defaults.
 */

export const MARKER = '<<HERE>>';

const slot = (name: string, want: string, indent: number) => (name === want ? `${' '.repeat(indent)}${MARKER}\n` : '');

/** serverless.yml; `style` decides how per-function roles are written (v4 native or the plugin). */
export function slsHost(context: string, style: 'native' | 'plugin' = 'native'): string {
  const iam =
    style === 'native'
      ? `    iam:
      role:
        statements:
          - Effect: Allow
            Action:
              - dynamodb:GetItem
            Resource: !GetAtt OrdersTable.Arn
`
      : `    iamRoleStatements:
      - Effect: Allow
        Action:
          - dynamodb:GetItem
        Resource: !GetAtt OrdersTable.Arn
`;
  return `service: orders
frameworkVersion: '${style === 'native' ? '4' : '3'}'
${style === 'plugin' ? 'plugins:\n  - serverless-iam-roles-per-function\n' : ''}provider:
  name: aws
  runtime: nodejs20.x
  stage: dev
  environment:
    TABLE_NAME: !Ref OrdersTable
${slot('provider.environment', context, 4)}${slot('provider', context, 2)}functions:
  getOrder:
    handler: src/handlers/getOrder.handler
    environment:
      LOG_LEVEL: info
${slot('functions.*.environment', context, 6)}${iam}    events:
      - schedule: rate(1 hour)
${slot('functions', context, 2)}resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - AttributeName: id
            AttributeType: S
        KeySchema:
          - AttributeName: id
            KeyType: HASH
        SSESpecification:
          SSEEnabled: true
${slot('resources.Resources', context, 4)}`;
}

export function samHost(context: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Orders service
Parameters:
  Stage:
    Type: String
    Default: dev
${slot('Parameters', context, 2)}Globals:
  Function:
    Runtime: nodejs20.x
    Tracing: Active
    Environment:
      Variables:
        TABLE_NAME: !Ref OrdersTable
${slot('Globals.Function.Environment.Variables', context, 8)}${
    context === 'Globals.Api.Models'
      ? `  Api:
    Models:
      PingModel:
        type: object
      ${MARKER}
`
      : ''
  }Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      SSESpecification:
        SSEEnabled: true
  GetOrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/handlers/
      Handler: getOrder.handler
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref OrdersTable
      Environment:
        Variables:
          LOG_LEVEL: info
${slot('Resources.*.Properties.Environment.Variables', context, 10)}      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
  AdminApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
      Models:
        HealthModel:
          type: object
${slot('Resources.*.Properties.Models', context, 8)}${slot('Resources', context, 2)}`;
}

export function cfnHost(context: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Description: Orders service
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      SSESpecification:
        SSEEnabled: true
${slot('Resources', context, 2)}`;
}

export function jsHost(position: 'module' | 'function', ts: boolean): string {
  const T = (a: string, b = '') => (ts ? a : b);
  if (position === 'module') {
    return `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const dynamo = new DynamoDBClient({});

${MARKER}
`;
  }
  return `import { z } from 'zod';
import pg from 'pg';
${T("import type { APIGatewayProxyEventV2 } from 'aws-lambda';\n")}
const pool = new pg.Pool({ max: 1 });
const Schema = z.object({ id: z.string().min(1).max(64) }).strict();

export const handler = async (event${T(': APIGatewayProxyEventV2')}) => {
  const customerId = 'c-1';
  const status = 'open';
  ${MARKER}
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
};
`;
}

export function pyHost(position: 'module' | 'function'): string {
  if (position === 'module') {
    return `import os

TABLE_NAME = os.environ["TABLE_NAME"]

${MARKER}
`;
  }
  return `from pydantic import BaseModel, ValidationError


class Model(BaseModel):
    id: str


def handler(event, context):
    conn = get_connection()
    customer_id = "c-1"
    status = "open"
    ${MARKER}
    return {"statusCode": 200, "body": "{}"}


def get_connection():
    return None
`;
}

/** Host file name and text for a kind and a context pattern. */
export function hostFor(kind: string, context: string, style: 'native' | 'plugin' = 'native'): { file: string; text: string } {
  switch (kind) {
    case 'serverless':
      return { file: 'serverless.yml', text: slsHost(context, style) };
    case 'sam':
      return { file: 'template.yaml', text: samHost(context) };
    case 'cfn':
      return { file: 'stack.yaml', text: cfnHost(context) };
    case 'javascript':
      return { file: 'src/handlers/app.mjs', text: jsHost(context as 'module' | 'function', false) };
    case 'typescript':
      return { file: 'src/handlers/app.ts', text: jsHost(context as 'module' | 'function', true) };
    case 'python':
      return { file: 'src/handlers/app.py', text: pyHost(context as 'module' | 'function') };
  }
  throw new Error(`no host for ${kind}`);
}

/** Replaces the marker with `typed`; returns the text and the cursor offset after it. */
export function typeAt(text: string, typed: string): { text: string; offset: number } {
  const i = text.indexOf(MARKER);
  if (i < 0) throw new Error('host without marker');
  const out = text.slice(0, i) + typed + text.slice(i + MARKER.length);
  return { text: out, offset: i + typed.length };
}

/** The host with the marker line removed (the file as it is before the user types). */
export function withoutMarker(text: string): string {
  const i = text.indexOf(MARKER);
  if (i < 0) return text;
  let s = i;
  while (s > 0 && text[s - 1] === ' ') s--;
  let e = i + MARKER.length;
  if (text[e] === '\n') e++;
  return text.slice(0, s) + text.slice(e);
}
