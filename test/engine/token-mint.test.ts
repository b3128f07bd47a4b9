/**
 * code/token-mint.ts: which handlers mint a credential, which verify one (JS and Python), and the
 * tables' hygiene (a source per entry).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initCodeParsers, parseCode } from '../../server/src/engine/code/index';
import { moduleIROf } from '../../server/src/engine/code/handlers';
import { MINT_CALLS, VERIFY_CALLS, analyzeTokenUse } from '../../server/src/engine/code/token-mint';

before(async () => {
  await initCodeParsers();
});

function use(src: string, lang: 'javascript' | 'python') {
  const mod = moduleIROf(parseCode(src, lang));
  assert.ok(mod);
  const a = analyzeTokenUse(mod!);
  return { mint: a.mint?.what, verify: a.verify?.what };
}

describe('token minting and credential checks (code/token-mint.ts)', () => {
  it('JS: jsonwebtoken, njwt and jose SignJWT mint; bcrypt.compare, jwt.verify and a password comparison verify', () => {
    assert.deepEqual(use(`const jwt = require('jsonwebtoken');\nexports.h = (u) => jwt.sign({ sub: u }, 'k');\n`, 'javascript'), { mint: 'jwt.sign', verify: undefined });
    assert.deepEqual(use(`import jwt from 'njwt';\nexport const h = (u) => jwt.create({ sub: u }, 'k').compact();\n`, 'javascript'), { mint: 'jwt.create', verify: undefined });
    assert.equal(use(`import { SignJWT } from 'jose';\nexport const h = async (u, k) => new SignJWT({ sub: u }).setProtectedHeader({ alg: 'HS256' }).sign(k);\n`, 'javascript').mint, 'SignJWT.setProtectedHeader.sign');
    assert.equal(use(`const bcrypt = require('bcrypt');\nexports.h = async (p, h) => bcrypt.compare(p, h);\n`, 'javascript').verify, 'bcrypt.compare');
    assert.equal(use(`const jwt = require('jsonwebtoken');\nexports.h = (t) => jwt.sign(jwt.verify(t, 'k'), 'k');\n`, 'javascript').verify, 'jwt.verify');
    assert.match(use(`exports.h = (b, u) => b.password === u.password;\n`, 'javascript').verify ?? '', /credential compared with ===/);
    assert.equal(use(`exports.h = (b) => fetch('https://idp/oauth2/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: b.code }) });\n`, 'javascript').verify, 'an OAuth authorization-code exchange');
    // jsonwebtoken's decode does not verify; a plain equality on other names is no credential check
    assert.equal(use(`const jwt = require('jsonwebtoken');\nexports.h = (t) => jwt.decode(t).sub === 'x';\n`, 'javascript').verify, undefined);
  });
  it('Python: PyJWT encode and STS assume_role mint; initiate_auth, checkpw and jwt.decode verify', () => {
    assert.deepEqual(use(`import jwt\ndef h(u):\n    return jwt.encode({'sub': u}, 'k')\n`, 'python'), { mint: 'jwt.encode', verify: undefined });
    assert.equal(use(`import boto3\nsts = boto3.client('sts')\ndef h():\n    return sts.assume_role(RoleArn='r', RoleSessionName='s')\n`, 'python').mint, 'sts.assume_role');
    assert.equal(use(`import boto3\nc = boto3.client('cognito-idp')\ndef h(u, p):\n    return c.initiate_auth(ClientId='x', AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': u, 'PASSWORD': p})\n`, 'python').verify, 'c.initiate_auth');
    assert.equal(use(`import bcrypt\ndef h(p, hsh):\n    return bcrypt.checkpw(p, hsh)\n`, 'python').verify, 'bcrypt.checkpw');
    assert.equal(use(`import jwt\ndef h(t):\n    return jwt.encode(jwt.decode(t, 'k', algorithms=['HS256']), 'k')\n`, 'python').verify, 'jwt.decode');
  });
  it('every table entry has a source', () => {
    for (const p of [...MINT_CALLS, ...VERIFY_CALLS]) {
      assert.ok(p.tail.length > 0);
      assert.ok(p.source.length > 10, p.tail.join('.'));
    }
  });
});
