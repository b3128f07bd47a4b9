/**
 * An `AWS::Lambda::Permission` that opens a function URL to anyone: `Principal: '*'`,
 * `Action: lambda:InvokeFunctionUrl`, `FunctionUrlAuthType: NONE`, and no SourceArn, SourceAccount
 * or PrincipalOrgID. lambda-permission-wildcard-principal reports that permission (an error naming
 * the public URL); function-url-public leaves such a URL to it, so that one public URL is one
 * finding. Pure.
 */
import { referencedLogicalId } from './cfn';
import { isStar } from './query';
import type { ConfigModel, ResourceModel } from './types';
import { get, getPair, stringValue } from '../yaml/ast';

/** The permission resource that makes `functionId`'s URL public, if the template has one. */
export function publicUrlPermission(model: ConfigModel, functionId: string): ResourceModel | undefined {
  return model.resources.find((r) => {
    if (r.type !== 'AWS::Lambda::Permission') return false;
    if (!isStar(model.value(get(r.properties, 'Principal')))) return false;
    if (['SourceArn', 'SourceAccount', 'PrincipalOrgID'].some((k) => getPair(r.properties, k)?.value != null)) return false;
    if (stringValue(get(r.properties, 'Action')) !== 'lambda:InvokeFunctionUrl' || stringValue(get(r.properties, 'FunctionUrlAuthType')) !== 'NONE') return false;
    return referencedLogicalId(get(r.properties, 'FunctionName')) === functionId;
  });
}
