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
import apiEndpointNoAuthorizer from './api-endpoint-no-authorizer';
import functionUrlPublic from './function-url-public';
import apiRequestNotValidated from './api-request-not-validated';
import apiCorsWildcardCredentials from './api-cors-wildcard-credentials';
import apiKeyNotAuthentication from './api-key-not-authentication';

export const allRules: readonly Rule[] = [apiEndpointNoAuthorizer, functionUrlPublic, apiRequestNotValidated, apiCorsWildcardCredentials, apiKeyNotAuthentication, iamWildcardAction, iamServiceWildcardAction, iamWildcardResource, iamPassroleWildcard, iamPrivilegeEscalation, iamUnknownAction, iamAllowNotAction, iamAllowNotResource, iamAllowNotPrincipal, iamAdminManagedPolicy, samPolicyTemplateWildcard, lambdaPermissionWildcardPrincipal, resourcePolicyWildcardPrincipal, iamTrustAnyPrincipal, iamSharedFunctionRole].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
