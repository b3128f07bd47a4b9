/**
 * API Gateway request mapping templates (VTL) of service integrations (no Lambda in between):
 * request data spliced into a DynamoDB / SQS / SES / Step Functions request without
 * `$util.escapeJavaScript` (or `$util.urlEncode` for form-encoded bodies). Written before the rule.
 */
import rule from '../../rules/injection-mapping-template';
import { run } from '../helpers/rule-tester';
import { CFN_VERSION, SAM_API_BODY } from '../helpers/templates';

/** A CloudFormation REST method with an AWS service integration. */
const cfnMethod = (uri: string, template: string, type = 'AWS') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      Integration:
        Type: ${type}
        IntegrationHttpMethod: POST
        Uri: ${uri}
        RequestTemplates:
          application/json: |
${template
  .split('\n')
  .map((l) => (l ? '            ' + l : l))
  .join('\n')}`;

const DDB = '!Sub arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem';
const SFN = '!Sub arn:aws:apigateway:${AWS::Region}:states:action/StartExecution';
const SES = '!Sub arn:aws:apigateway:${AWS::Region}:email:action/SendEmail';
const LAMBDA = '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations';

const openApiSqs = (template: string) => `${CFN_VERSION}${SAM_API_BODY}        swagger: '2.0'
        paths:
          /messages:
            post:
              x-amazon-apigateway-auth:
                type: AWS_IAM
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:sqs:path/\${AWS::AccountId}/queue
                requestParameters:
                  integration.request.header.Content-Type: "'application/x-www-form-urlencoded'"
                requestTemplates:
                  application/json: "${template}"
`;

const slsProxy = (template: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
plugins:
  - serverless-apigateway-service-proxy
custom:
  apiGatewayServiceProxies:
    - dynamodb:
        path: /orders
        method: post
        tableName: orders
        action: PutItem
        request:
          template:
            application/json: |
${template
  .split('\n')
  .map((l) => (l ? '              ' + l : l))
  .join('\n')}`;

run(rule, {
  valid: [
    { name: 'escaped with $util.escapeJavaScript', file: 'template.yaml', code: cfnMethod(DDB, `{"TableName": "orders",\n "Item": {"id": {"S": "$util.escapeJavaScript($input.path('$.id'))"}}}\n`) },
    { name: 'Step Functions input escaped (the documented form)', file: 'template.yaml', code: cfnMethod(SFN, `{"input": "$util.escapeJavaScript($input.json('$'))",\n "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:orders"}\n`) },
    { name: 'a Lambda integration is code, not a service request', file: 'template.yaml', code: cfnMethod(LAMBDA, `{"body": "$input.body"}\n`) },
    { name: 'only context values', file: 'template.yaml', code: cfnMethod(DDB, `{"TableName": "orders",\n "Item": {"id": {"S": "$context.requestId"}, "ip": {"S": "$context.identity.sourceIp"}}}\n`) },
    { name: 'a size is a number', file: 'template.yaml', code: cfnMethod(DDB, `{"TableName": "orders", "Item": {"n": {"N": "$input.path('$.items').size()"}}}\n`) },
    { name: 'comments and conditions are not output', file: 'template.yaml', code: cfnMethod(DDB, `## raw: $input.body\n#if($input.path('$.kind') == "a")\n{"TableName": "a"}\n#else\n{"TableName": "b"}\n#end\n`) },
    { name: 'SQS form body URL-encoded', file: 'template.yaml', code: openApiSqs(`Action=SendMessage&MessageBody=$util.urlEncode($input.body)`) },
    { name: 'mock integration', file: 'template.yaml', code: cfnMethod('""', `{"statusCode": 200, "echo": "$input.body"}\n`, 'MOCK') },
    {
      name: 'escaped through a #set variable',
      file: 'template.yaml',
      code: cfnMethod(DDB, `#set($name = $util.escapeJavaScript($input.path('$.name')))\n{"TableName": "orders", "Item": {"name": {"S": "$name"}}}\n`),
    },
  ],
  invalid: [
    {
      name: 'DynamoDB PutItem with a raw $input.path',
      file: 'template.yaml',
      code: cfnMethod(DDB, `{"TableName": "orders",\n "Item": {"id": {"S": "$input.path('$.id')"}}}\n`),
      errors: [{ text: "$input.path('$.id')", line: 21, message: 'DynamoDB' }],
    },
    {
      name: 'Step Functions input from $input.json without escaping',
      file: 'template.yaml',
      code: cfnMethod(SFN, `{"input": "$input.json('$')",\n "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:orders"}\n`),
      errors: [{ text: "$input.json('$')", line: 20, message: 'Step Functions' }],
    },
    {
      name: 'SES SendEmail body from a query parameter',
      file: 'template.yaml',
      code: cfnMethod(SES, `Action=SendEmail&Message.Body.Text.Data=$input.params('msg')\n`),
      errors: [{ text: "$input.params('msg')", message: 'SES' }],
    },
    {
      name: 'a !Sub template (naming the table) is scanned as written',
      file: 'template.yaml',
      code: cfnMethod(DDB, `{"TableName": "orders", "Item": {"id": {"S": "$input.path('$.id')"}}}\n`).replace('application/json: |', 'application/json: !Sub |'),
      errors: [{ text: "$input.path('$.id')", line: 20 }],
    },
    {
      name: 'a raw value through #set',
      file: 'template.yaml',
      code: cfnMethod(DDB, `#set($name = $input.path('$.name'))\n{"TableName": "orders", "Item": {"name": {"S": "$name"}}}\n`),
      errors: [{ text: '$name', line: 21, message: "$input.path('$.name')" }],
    },
    {
      name: 'a #foreach over request items',
      file: 'template.yaml',
      code: cfnMethod(DDB, `#foreach($it in $input.path('$.items'))\n{"S": "$it.name"}\n#end\n`),
      errors: [{ text: '$it.name', line: 21 }],
    },
    {
      name: 'SQS SendMessage with the raw body in an OpenAPI body (quoted one-line template)',
      file: 'template.yaml',
      code: openApiSqs(`Action=SendMessage&MessageBody=$input.body`),
      errors: [{ text: '$input.body', message: 'SQS' }],
    },
    {
      name: 'serverless-apigateway-service-proxy request template',
      file: 'serverless.yml',
      code: slsProxy(`{"TableName": "orders", "Item": {"id": {"S": "$input.path('$.id')"}}}\n`),
      errors: [{ text: "$input.path('$.id')", line: 17 }],
    },
  ],
});

const apiFile = (template: string) => `openapi: '3.0.1'
paths:
  /items/{id}:
    get:
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: {"Fn::Sub": "arn:aws:apigateway:\${AWS::Region}:dynamodb:action/GetItem"}
        requestTemplates:
          application/json: "${template}"
`;

const withUri = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ./api.yaml
`;

run(rule, {
  valid: [{ name: 'escaped path parameter in a DefinitionUri file', file: 'template.yaml', code: withUri, files: { 'api.yaml': apiFile(`{\\"TableName\\": \\"items\\", \\"Key\\": {\\"id\\": {\\"S\\": \\"$util.escapeJavaScript($input.params().path.id)\\"}}}`) } }],
  invalid: [
    {
      name: 'raw path parameter in a DefinitionUri file: reported at the reference, the template as related',
      file: 'template.yaml',
      code: withUri,
      files: { 'api.yaml': apiFile(`{\\"TableName\\": \\"items\\", \\"Key\\": {\\"id\\": {\\"S\\": \\"$input.params().path.id\\"}}}`) },
      errors: [{ text: './api.yaml', message: 'the OpenAPI file `api.yaml`' }],
    },
  ],
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'several splices in one OpenAPI file: one finding at the reference',
      file: 'template.yaml',
      code: withUri,
      files: { 'api.yaml': apiFile(`{\\"TableName\\": \\"items\\", \\"Key\\": {\\"id\\": {\\"S\\": \\"$input.params().path.id\\"}, \\"v\\": {\\"S\\": \\"$input.path('$.v')\\"}}}`) },
      errors: [{ text: './api.yaml', message: '2 request values' }],
    },
  ],
});
