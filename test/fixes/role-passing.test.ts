/**
 * Calls that hand a role to a service use the iam:PassRole the function's role grants
 * (permissions/data/role-passing.ts): removing that grant as "unused" breaks the call (issue 11).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { passesRole, ROLE_PASSING_CALLS } from '../../server/src/engine/permissions/data/role-passing';
import { lookupAction } from '../../server/src/engine/iam/catalog';

it('a translation job, an ECS task and an EC2 launch pass a role; a plain read does not', () => {
  for (const a of ['translate:StartTextTranslationJob', 'ecs:RunTask', 'ecs:StartTask', 'ec2:RunInstances']) assert.ok(passesRole([a]), a);
  assert.ok(!passesRole(['s3:GetObject', 'translate:TranslateText']));
});

it('every role-passing action exists in the catalogue', () => {
  for (const c of ROLE_PASSING_CALLS) assert.equal(lookupAction(c.action)?.fullName, c.action);
});
