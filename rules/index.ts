/**
 * The rule registry: every rule, sorted by id. Rules are listed here explicitly (never discovered
 * from the file system), so the bundle contains exactly these.
 */
import type { Rule } from '../server/src/engine/rule';
import iamWildcardAction from './iam-wildcard-action';
import iamServiceWildcardAction from './iam-service-wildcard-action';
import iamWildcardResource from './iam-wildcard-resource';
import iamPassroleWildcard from './iam-passrole-wildcard';
import iamPrivilegeEscalation from './iam-privilege-escalation';
import iamUnknownAction from './iam-unknown-action';
import iamAllowNotAction from './iam-allow-not-action';
import iamAllowNotResource from './iam-allow-not-resource';
import iamAllowNotPrincipal from './iam-allow-not-principal';
import iamAdminManagedPolicy from './iam-admin-managed-policy';
import samPolicyTemplateWildcard from './sam-policy-template-wildcard';
import lambdaPermissionWildcardPrincipal from './lambda-permission-wildcard-principal';
import resourcePolicyWildcardPrincipal from './resource-policy-wildcard-principal';
import iamTrustAnyPrincipal from './iam-trust-any-principal';
import iamSharedFunctionRole from './iam-shared-function-role';
import iamMissingPermission from './iam-missing-permission';
import iamUnusedPermission from './iam-unused-permission';
import apiEndpointNoAuthorizer from './api-endpoint-no-authorizer';
import functionUrlPublic from './function-url-public';
import apiRequestNotValidated from './api-request-not-validated';
import apiCorsWildcardCredentials from './api-cors-wildcard-credentials';
import apiKeyNotAuthentication from './api-key-not-authentication';
import apiAuthorizerUnused from './api-authorizer-unused';
import injectionMappingTemplate from './injection-mapping-template';
import secretInConfig from './secret-in-config';
import secretParameterDefault from './secret-parameter-default';
import secretSsmInEnvironment from './secret-ssm-in-environment';
import secretInCode from './secret-in-code';
import injectionSql from './injection-sql';
import injectionNosql from './injection-nosql';
import injectionCommand from './injection-command';
import injectionCodeEval from './injection-code-eval';
import injectionPathTraversal from './injection-path-traversal';
import injectionSsrf from './injection-ssrf';
import injectionDeserialization from './injection-deserialization';
import injectionXss from './injection-xss';
import injectionOpenRedirect from './injection-open-redirect';
import injectionDynamicRequire from './injection-dynamic-require';
import injectionXxe from './injection-xxe';

export const allRules: readonly Rule[] = [apiEndpointNoAuthorizer, functionUrlPublic, apiRequestNotValidated, apiCorsWildcardCredentials, apiKeyNotAuthentication, apiAuthorizerUnused, iamWildcardAction, iamServiceWildcardAction, iamWildcardResource, iamPassroleWildcard, iamPrivilegeEscalation, iamUnknownAction, iamAllowNotAction, iamAllowNotResource, iamAllowNotPrincipal, iamAdminManagedPolicy, samPolicyTemplateWildcard, lambdaPermissionWildcardPrincipal, resourcePolicyWildcardPrincipal, iamTrustAnyPrincipal, iamSharedFunctionRole, iamMissingPermission, iamUnusedPermission, secretInConfig, secretParameterDefault, secretSsmInEnvironment, secretInCode, injectionSql, injectionNosql, injectionCommand, injectionCodeEval, injectionPathTraversal, injectionSsrf, injectionDeserialization, injectionXss, injectionOpenRedirect, injectionDynamicRequire, injectionXxe, injectionMappingTemplate].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
