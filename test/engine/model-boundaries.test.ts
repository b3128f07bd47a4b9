import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import type { ConfigModel } from '../../server/src/engine/model/types';
import { parseYaml } from '../../server/src/engine/yaml/parse';

const model = (file: string, text: string): ConfigModel => {
  const m = buildModel(file, parseYaml(text));
  assert.ok(m, 'a model');
  return m;
};

/** The policy kind of the managed policy `Boundary`'s document. */
const kindOf = (m: ConfigModel, id = 'Boundary') => m.documents.find((d) => d.where === `Resources.${id}.Properties.PolicyDocument` || d.where === `resources.Resources.${id}.Properties.PolicyDocument`)?.kind;

const policy = (extra = '', name = '') => `  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${name}      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
${extra}`;

const trust = `      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`;

describe('managed policies used only as permissions boundaries', () => {
  it('a role whose PermissionsBoundary is !Ref the policy: the policy is a boundary', () => {
    const m = model('template.yaml', `Resources:
${policy()}  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
${trust}`);
    assert.equal(kindOf(m), 'boundary');
  });

  it('SAM Globals PermissionsBoundary naming the policy by its ManagedPolicyName in a !Sub ARN', () => {
    const m = model('template.yaml', `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    PermissionsBoundary: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/\${AppId}-boundary'
Resources:
${policy('', "      ManagedPolicyName: !Sub '${AppId}-boundary'\n")}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
`);
    assert.equal(kindOf(m), 'boundary');
  });

  it('named by an iam:PermissionsBoundary condition of a role-creating statement', () => {
    const m = model('template.yaml', `Resources:
${policy('', '      ManagedPolicyName: app-boundary\n')}  Deployer:
    Type: AWS::IAM::Role
    Properties:
${trust}      Policies:
        - PolicyName: roles
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [iam:CreateRole, iam:AttachRolePolicy]
                Resource: '*'
                Condition:
                  StringEquals:
                    iam:PermissionsBoundary: !Sub 'arn:aws:iam::\${AWS::AccountId}:policy/app-boundary'
`);
    assert.equal(kindOf(m), 'boundary');
  });

  it('serverless provider.iam.role.permissionsBoundary naming a policy of resources.Resources', () => {
    const m = model('serverless.yml', `service: s
provider:
  name: aws
  iam:
    role:
      permissionsBoundary: !Ref Boundary
functions:
  a: {handler: a.h}
resources:
  Resources:
${policy().replace(/^/gm, '  ')}`);
    assert.equal(kindOf(m), 'boundary');
  });

  it('a policy that is also attached to a role (Roles, or ManagedPolicyArns) still grants: identity', () => {
    const attachedByRoles = model('template.yaml', `Resources:
${policy('', '      Roles: [!Ref Role]\n')}  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
${trust}`);
    assert.equal(kindOf(attachedByRoles), 'identity');
    const attachedByArn = model('template.yaml', `Resources:
${policy()}  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      ManagedPolicyArns: [!Ref Boundary]
${trust}`);
    assert.equal(kindOf(attachedByArn), 'identity');
  });

  it('a policy nothing names as a boundary, or one excluded by a negative condition, stays identity', () => {
    const m = model('template.yaml', `Resources:
${policy('', '      ManagedPolicyName: app-boundary\n')}  Deployer:
    Type: AWS::IAM::Role
    Properties:
${trust}      Policies:
        - PolicyName: roles
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:CreateRole
                Resource: '*'
                Condition:
                  StringNotEquals:
                    iam:PermissionsBoundary: arn:aws:iam::123456789012:policy/app-boundary
`);
    assert.equal(kindOf(m), 'identity');
  });
});
