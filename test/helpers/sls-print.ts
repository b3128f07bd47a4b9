/**
 * `serverless print` (Serverless Framework v3, a devDependency) as an oracle for serverless.yml
 * files the product writes (Add Secure Function, quick fixes): it resolves variables and validates
 * the configuration shape offline. Tests only — the product never runs it.
 *
 * v3 is the version on npm that runs offline; it does not know two things v4 and a popular plugin
 * add, so the check declares them through a local test plugin (the same schema calls those add):
 * functions' `iam.role.statements` (v4) and `iamRoleStatements` (serverless-iam-roles-per-function).
 * `frameworkVersion` is dropped (v3 refuses a v4 pin) and `configValidationMode: error` makes any
 * other unknown property a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

/** The Serverless Framework v3 entry point (SG_SERVERLESS_BIN overrides it). */
export function serverlessBin(): string {
  return process.env.SG_SERVERLESS_BIN ?? createRequire(path.join(ROOT, 'package.json')).resolve('serverless/bin/serverless.js');
}

const SCHEMA_PLUGIN = `'use strict';
class SgSchema {
  constructor(serverless) {
    serverless.configSchemaHandler.defineFunctionProperties('aws', {
      properties: {
        iam: { type: 'object', properties: { role: { type: 'object', properties: { statements: { type: 'array' } } } } },
        iamRoleStatements: { type: 'array' },
        iamRoleStatementsName: { type: 'string' },
        iamRoleStatementsInherit: { type: 'boolean' },
      },
    });
  }
}
module.exports = SgSchema;
`;

export interface PrintResult {
  ok: boolean;
  output: string;
}

/**
 * Runs `serverless print` on `text` (serverless.yml) with stage params `params`; `files` are other
 * files of the service (paths relative to serverless.yml), e.g. a JSON schema a fix created.
 */
export function slsPrint(text: string, params: Record<string, string> = {}, files: Record<string, string> = {}): PrintResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-sls-print-'));
  try {
    for (const [rel, content] of Object.entries(files)) {
      const target = path.resolve(dir, rel);
      if (!target.startsWith(dir + path.sep)) continue;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    const doc = parseDocument(text);
    doc.delete('frameworkVersion');
    doc.set('configValidationMode', 'error');
    const plugins = (doc.get('plugins') as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    const list = Array.isArray(plugins) ? (plugins as string[]) : [];
    doc.set('plugins', [...list.filter((p) => p !== 'serverless-iam-roles-per-function'), './sg-schema-plugin']);
    writeFileSync(path.join(dir, 'serverless.yml'), doc.toString());
    writeFileSync(path.join(dir, 'sg-schema-plugin.js'), SCHEMA_PLUGIN);
    mkdirSync(path.join(dir, 'home'));
    const args = [serverlessBin(), 'print', '--stage', 'dev', '--region', 'us-east-1', ...Object.entries(params).map(([k, v]) => `--param=${k}=${v}`)];
    const r = spawnSync(process.execPath, args, {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_INTERACTIVE_SETUP_DISABLE: '1', SLS_DEPRECATION_DISABLE: '*', CI: '1' },
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const ok = r.status === 0 && !output.includes('Invalid configuration');
    // On failure keep what the framework said after its banner.
    const at = output.indexOf('Error:');
    return { ok, output: ok || at < 0 ? output : output.slice(at) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
