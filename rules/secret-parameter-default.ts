import { defineRule } from '../server/src/engine/rule';
import { DocEditor, combineEdits } from '../server/src/engine/fix/yaml-edit';
import { renamePairEdits } from '../server/src/engine/fix/secrets-fix';
import { ruleMessage } from '../server/src/engine/messages';
import { findVariables } from '../server/src/engine/model/variables';
import { hitText, severityFor } from '../server/src/engine/secret-scan/common';
import { pathText } from '../server/src/engine/secret-scan/config-scan';
import { scalarMap } from '../server/src/engine/secret-scan/scalar-map';
import { splitIdentifierWords } from '../server/src/engine/secrets/keyname';
import { analyzeKeyName, classifyValue, isNonLiteral, isPlaceholder, maskSecret } from '../server/src/engine/secrets';
import type { Fix, RelatedLocation, Span, TextEdit } from '../server/src/engine/types';
import { get, getPair, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YMap, type YNode } from '../server/src/engine/yaml/ast';

/**
 * Template parameters that hold secrets. A parameter is secret-looking when its name is
 * (`DBPassword`, `GithubToken`; false friends such as `PasswordMinLength`, `ApiKeyParam`,
 * `SecretArn` are not), when it is `NoEcho`, or when it is used (`!Ref`, `${P}` in `!Sub`) by a
 * secret-named property or environment variable (`MasterUserPassword: !Ref AdminPass`). Then:
 *
 *  - a literal `Default` that the detection core takes for a secret (or any non-placeholder
 *    literal Default of a `NoEcho` parameter) is a hardcoded secret: reported on the Default,
 *    with the properties that use it as related locations (the `!Ref` itself is not reported);
 *  - a secret-named / secret-used parameter without `NoEcho: true` is shown in plain text by the
 *    console and `DescribeStacks`: reported on the parameter.
 *
 * Not reported: `AWS::SSM::Parameter::Value<…>` parameters (the Default is a parameter *name*),
 * `Number` and list types, parameters with `AllowedValues`, placeholder / reference Defaults.
 * Fix: add `NoEcho: true` and drop the `Default` (YAML and JSON).
 */
const rule = defineRule({
  meta: {
    id: 'secret-parameter-default',
    category: 'secrets',
    severity: 'warning',
    title: 'Secret template parameter with a Default or without NoEcho',
    docs: {
      summary:
        'A secret-looking CloudFormation/SAM parameter has a hardcoded Default (the secret is in the template) or lacks NoEcho (the value is shown in the console and DescribeStacks); add NoEcho: true and pass the value at deploy time or use a dynamic reference.',
      cwe: [798, 200],
    },
    appliesTo: ['sam', 'cfn'],
    fixable: true,
    messages: {
      hardcodedDefault: '{{hit}}: without NoEcho it is also shown in the console and DescribeStacks output. Remove the Default and pass the value at deploy time, or use a {{resolve:secretsmanager:…}} dynamic reference.',
      hardcodedDefaultNoEcho: '{{hit}}: NoEcho hides the value in the console, but the Default is in the template for anyone who can read it. Remove the Default and pass the value at deploy time, or use a {{resolve:secretsmanager:…}} dynamic reference.',
      literalNoEchoDefault: 'NoEcho parameter {{name}} has a literal Default ({{masked}}): the secret is in the template for anyone who can read it. Remove the Default and pass the value at deploy time, or use a {{resolve:secretsmanager:…}} dynamic reference.',
      noNoEcho: 'Parameter {{name}} has no NoEcho although {{why}}: CloudFormation shows its value in plain text in the console and in DescribeStacks output. Add NoEcho: true.',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const params = get(model.root, 'Parameters');
    if (!isMap(params)) return;
    const uses = usesOfParameters(model.root, new Set(params.entries.map((e) => String(e.key.value))));
    let ed: DocEditor | undefined;
    for (const p of params.entries) {
      const name = String(p.key.value);
      const def = p.value;
      if (!isMap(def)) continue;
      const type = stringValue(get(def, 'Type')) ?? 'String';
      if (type !== 'String') continue;
      if (get(def, 'AllowedValues') != null) continue;
      const noEchoNode = get(def, 'NoEcho');
      const noEcho = isScalar(noEchoNode) && (noEchoNode.value === true || (typeof noEchoNode.value === 'string' && noEchoNode.value.toLowerCase() === 'true'));
      const nameInfo = analyzeKeyName(name);
      const allUses = uses.get(name) ?? [];
      // A parameter whose name says it holds a name, id, ARN or user (`SecretName`, `MQSecretARN`,
      // `DBUsername`, `ClientId`) is not made secret by where it is used.
      // So is one whose Default is an ARN (`arn:aws:lambda:…`): an identifier, whatever it is used as.
      const refNamed = NAME_WORDS.has(nameInfo.negatedBy ?? '') || NAME_WORDS.has(nameInfo.words[nameInfo.words.length - 1] ?? '') || isArnDefault(def);
      // A parameter spliced into a `{{resolve:…}}` dynamic reference is a piece of that reference
      // (the secret's id, the JSON key, the version), not the secret, whatever its name (`SecretKey`).
      const refPart = allUses.some((u) => u.dynamicReference);
      // A use under the parameter's own name (`Fn::Sub` variables `{S3DeploymentRootKey: !Ref S3DeploymentRootKey}`)
      // passes it on: its name was judged already.
      const used = refNamed || refPart ? [] : allUses.filter((u) => !u.dynamicReference && u.keyName && u.keyName !== name && !IDENTIFIER_KEYS.has(u.keyName) && analyzeKeyName(u.keyName).category !== 'none');
      // A secret-named parameter used only as a public key (`SshKey` → `SshPublicKeys`) is not secret.
      const onlyPublic = allUses.length > 0 && allUses.every((u) => u.keyName && PUBLIC_WORDS.has(analyzeKeyName(u.keyName).negatedBy ?? ''));
      // Nor one whose Default is an ARN (`EncryptionKey` defaulting to `arn:aws:kms:…:key/…`), or that
      // is used only where an identifier goes (`VolumeEncryptionKey: !Ref EncryptionKey`, a KMS key ARN).
      const onlyIdentifier = allUses.length > 0 && allUses.every((u) => u.keyName && IDENTIFIER_KEYS.has(u.keyName));
      // `S3DeploymentRootKey`: an S3 object key / prefix, not a key of a cipher (objectKeyParameter).
      // `authSelections`: a setting about authentication whose value is a word, not a credential (authSetting).
      const misread = objectKeyParameter(name, nameInfo.words, def, params, allUses) || authSetting(nameInfo, def);
      const secretNamed = nameInfo.category !== 'none' && !onlyPublic && !onlyIdentifier && !refPart && !isArnDefault(def) && !misread;
      if (!secretNamed && !noEcho && used.length === 0) continue;

      const related: RelatedLocation[] = used.slice(0, 5).map((u) => ({ file: ctx.file, range: u.node.range, message: `${name} is used here (${u.where})` }));
      const usedText = used.length ? ` (used as ${used.slice(0, 2).map((u) => u.keyName).join(', ')}${used.length > 2 ? '…' : ''})` : '';
      const fix = (dropDefault: boolean) => fixFor((ed ??= new DocEditor(model.parsed)), def, ctx.file, noEcho, dropDefault);

      const defPair = getPair(def, 'Default');
      const dv = defPair && isScalar(defPair.value) && typeof defPair.value.value === 'string' ? defPair.value : undefined;
      let reported = false;
      if (dv && typeof dv.value === 'string' && dv.value.length > 0) {
        const keyName = secretNamed ? name : used[0]?.keyName ?? name;
        const hits = classifyValue(dv.value, { keyName, location: 'parameter' });
        const map = scalarMap(model.parsed.text, dv);
        for (const hit of hits) {
          const severity = severityFor(hit, ctx.project.relativeToRoot(ctx.file));
          if (!severity) continue;
          const range: Span = map?.exact ? map.span(hit.start, hit.end) : dv.range;
          const f = fix(true);
          ctx.report({
            range,
            severity,
            message: ruleMessage(rule.meta, noEcho ? 'hardcodedDefaultNoEcho' : 'hardcodedDefault', { hit: hitText(hit, `as the Default of parameter ${name}${usedText}`) }),
            fixes: f ? [f] : [],
            related,
          });
          reported = true;
        }
        if (!hits.length && noEcho && !isPlaceholder(dv.value) && !isNonLiteral(dv.value)) {
          const f = fix(true);
          ctx.report({
            range: dv.range,
            message: ruleMessage(rule.meta, 'literalNoEchoDefault', { name, masked: maskSecret(dv.value) }),
            fixes: f ? [f] : [],
            related,
          });
          reported = true;
        }
      }
      if (!reported && !noEcho && (secretNamed || used.length)) {
        // With NoEcho, a literal Default is a hardcoded secret (literalNoEchoDefault): the fix that
        // adds NoEcho drops that Default too, or its result would be reported at once.
        const literalDefault = !!dv && typeof dv.value === 'string' && dv.value.length > 0 && !isPlaceholder(dv.value) && !isNonLiteral(dv.value);
        const f = fix(literalDefault);
        const why = secretNamed ? `its name says it holds a secret${usedText}` : `it is used as ${used.map((u) => u.keyName).slice(0, 2).join(', ')}`;
        ctx.report({
          range: p.key.range,
          message: ruleMessage(rule.meta, 'noNoEcho', { name, why }),
          fixes: f ? [f] : [],
          related,
        });
      }
    }
  },
});

/**
 * Property names that look secret but hold an identifier, so a parameter used there is not made
 * secret by that use. One entry per key, with its source:
 */
const IDENTIFIER_KEYS: ReadonlyMap<string, string> = new Map([
  // AWS::CloudFormation::CustomResource / Custom::*: "The service token … the ARN of the Lambda
  // function or SNS topic" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html)
  ['ServiceToken', 'the ARN of the custom resource provider (a Lambda function or SNS topic)'],
  // AWS::WorkSpaces::Workspace: "VolumeEncryptionKey — The ARN of the symmetric AWS KMS key used to
  // encrypt data stored on your WorkSpace" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-workspaces-workspace.html)
  ['VolumeEncryptionKey', 'the ARN of the KMS key that encrypts the WorkSpace volumes'],
  // AWS::KMS::Alias, AWS::Lambda::Function, AWS::SQS::Queue…: `KmsKeyId` / `KmsKeyArn` / `KmsMasterKeyId`
  // are "the ID / ARN / alias of the KMS key" (e.g. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html)
  ['KmsKeyId', 'the id, ARN or alias of a KMS key'],
  ['KmsKeyArn', 'the ARN of a KMS key'],
  ['KmsMasterKeyId', 'the id, ARN or alias of a KMS key'],
  ['KMSMasterKeyID', 'the id, ARN or alias of a KMS key (S3 bucket encryption)'],
]);

/** A literal `Default` shaped as an ARN (`arn:<partition>:…`). */
function isArnDefault(def: YMap): boolean {
  const d = stringValue(get(def, 'Default'));
  return d !== undefined && /^arn:aws[a-z-]*:[a-z0-9-]+:/.test(d);
}

/**
 * A parameter whose name ends in `Key` that holds an S3 object key or key prefix (`S3DeploymentRootKey`,
 * `ArtifactsS3Key`), not a key of a cipher or an API: its name says S3 or object, or a parameter of
 * the same template names a bucket with the same leading words (`S3DeploymentBucket` next to
 * `S3DeploymentRootKey`), or the template splices it after a bucket in an `s3://…` URL or passes it
 * as the `Key`/`S3Key`/`Prefix` of a map that also names the bucket. Its Default, when there is one,
 * must be shaped like a path or a prefix (lower-case words joined by `-`, `_`, `.` or `/`).
 */
function objectKeyParameter(name: string, words: readonly string[], def: YMap, params: YMap, uses: readonly ParamUse[]): boolean {
  let head = words.length - 1;
  while (head > 0 && /^\d+$/.test(words[head])) head--;
  if (words[head] !== 'key' && words[head] !== 'keys') return false;
  const d = stringValue(get(def, 'Default'));
  if (d !== undefined && d !== '' && !PATH_SHAPED.test(d)) return false;
  const joined = words.join('');
  if (joined.startsWith('s3') || joined.includes('s3') && words.includes('s') || words.includes('object')) return true;
  // Sibling bucket parameter: the words before `key` (or all but the last of them) lead a `…Bucket` name.
  const stems = [words.slice(0, head), words.slice(0, head - 1)].filter((w) => w.length > 0).map((w) => w.join(''));
  for (const e of params.entries) {
    const other = splitIdentifierWords(String(e.key.value));
    if (other.length < 2 || other[other.length - 1] !== 'bucket') continue;
    const stem = other.slice(0, -1).join('');
    if (stems.includes(stem)) return true;
  }
  return uses.some((u) => u.s3Path || (u.keyName && OBJECT_KEY_PROPS.has(u.keyName) && u.bucketSibling));
}
/** A path / prefix: lower-case words and digits joined by `-`, `_`, `.` or `/` (`amplify-app-dev-deployment`, `builds/v1/`). */
const PATH_SHAPED = /^\/?[a-z0-9]+(?:[-_./][a-z0-9]+)*\/?$/;
/** Properties holding an S3 object key or prefix when their map also names the bucket (AWS::Lambda::Function Code.S3Key, …). */
const OBJECT_KEY_PROPS = new Set(['Key', 'S3Key', 'ObjectKey', 'Prefix', 'S3Prefix', 'KeyPrefix', 'S3KeyPrefix']);

/**
 * A name whose only secret word is `auth` as a modifier (`authSelections`, `AuthSettings`: the head is
 * something else) holds a setting about authentication, not a credential (`BasicAuth`, `GithubAuth`,
 * with `auth` as the head, do). Still secret when its Default does not read as a setting (a word, or
 * camelCase / snake_case words: `identityPoolAndUserPool`, `userPoolOnly`).
 */
function authSetting(info: ReturnType<typeof analyzeKeyName>, def: YMap): boolean {
  if (info.strength !== 'weak') return false;
  const secretWords = info.words.filter((w) => analyzeKeyName(w).category !== 'none');
  if (!secretWords.length || !secretWords.every((w) => w === 'auth' || w === 'authorization')) return false;
  const d = stringValue(get(def, 'Default'));
  return d === undefined || d === '' || SETTING_WORDS.test(d);
}
/** A setting's value: letters only, as one word or camelCase / snake_case / kebab-case words. */
const SETTING_WORDS = /^[A-Za-z]+(?:[-_]?[A-Za-z]+)*$/;

const PUBLIC_WORDS = new Set(['public', 'pub', 'publishable']);
/** Words that make a parameter's name say it holds a name or a reference (not `key`: `RMAPIKey` is an API key). */
const NAME_WORDS = new Set(['name', 'names', 'arn', 'arns', 'id', 'ids', 'user', 'username', 'owner', 'account', 'path', 'paths', 'param', 'params', 'parameter', 'parameters', 'ssm', 'url', 'uri', 'endpoint', 'host', 'hostname', 'region', 'prefix']);

export default rule;

interface ParamUse {
  /** Key the reference is the value of (`MasterUserPassword`, `DB_PASSWORD`). */
  keyName?: string;
  node: YNode;
  where: string;
  /** Spliced into a `{{resolve:…}}` dynamic reference (`!Sub` or `!Join`): a piece of the reference, not a value. */
  dynamicReference?: boolean;
  /** Spliced into an `s3://bucket/…` URL after the bucket: an object key or prefix. */
  s3Path?: boolean;
  /** The value of a key whose map also names a bucket (`S3Bucket` next to `S3Key`). */
  bucketSibling?: boolean;
}

/** Every `!Ref P` / `${P}` in `!Sub` outside `Parameters`, with the key it is assigned to. */
function usesOfParameters(root: YNode | null, names: Set<string>): Map<string, ParamUse[]> {
  const out = new Map<string, ParamUse[]>();
  const add = (name: string, use: ParamUse) => {
    const list = out.get(name) ?? [];
    if (list.length < 20) list.push(use);
    out.set(name, list);
  };
  const seen = new Set<YNode>();
  const rec = (n: YNode | null | undefined, keyName: string | undefined, path: string[], depth: number, bucketSibling = false) => {
    if (!n || depth > 100 || seen.has(n)) return;
    seen.add(n);
    if (isSeq(n)) {
      n.items.forEach((it, i) => rec(it, keyName, [...path, `[${i}]`], depth + 1));
      return;
    }
    if (!isMap(n)) return;
    const fn = intrinsicName(n);
    if (fn === 'Ref') {
      const target = stringValue(intrinsicArg(n));
      if (target && names.has(target)) add(target, { keyName, node: n, where: pathText(path), ...(bucketSibling ? { bucketSibling } : {}) });
      return;
    }
    if (fn === 'Fn::Sub') {
      const arg = intrinsicArg(n);
      const tpl = isSeq(arg) ? arg.items[0] : arg;
      const s = stringValue(tpl);
      if (s) {
        for (const v of findVariables(s)) {
          const target = v.body.trim();
          if (!names.has(target)) continue;
          // `{{resolve:secretsmanager:${SecretName}:…}}`: the parameter names the secret.
          if (insideDynamicReference(s, v.start)) {
            add(target, { keyName, node: n, where: pathText(path), dynamicReference: true });
            continue;
          }
          // `SecretString: !Sub '{"username": "${User}", "password": "${Pass}"}'`: the JSON member says what it is.
          add(target, { keyName: jsonMemberAt(s, v.start) ?? keyName, node: n, where: pathText(path), ...(inS3Path(s, v.start) ? { s3Path: true } : {}) });
        }
      }
      if (isSeq(arg) && isMap(arg.items[1])) for (const e of arg.items[1].entries) rec(e.value, String(e.key.value), [...path, String(e.key.value)], depth + 1);
      return;
    }
    if (fn === 'Fn::Join') {
      // `!Join ['', ['{{resolve:secretsmanager:', !Ref SecretName, ':SecretString:', !Ref SecretKey, '}}']]`
      const arg = intrinsicArg(n);
      const parts = isSeq(arg) && isSeq(arg.items[1]) ? arg.items[1].items : undefined;
      const delim = isSeq(arg) ? stringValue(arg.items[0]) ?? '' : '';
      if (parts) {
        let text = '';
        parts.forEach((it, i) => {
          const lit = stringValue(it);
          if (i) text += delim;
          const ref = isMap(it) && intrinsicName(it) === 'Ref' ? stringValue(intrinsicArg(it)) : undefined;
          if (ref && names.has(ref) && insideDynamicReference(text, text.length)) add(ref, { keyName, node: it, where: pathText([...path, fn, `[${i}]`]), dynamicReference: true });
          else rec(it, keyName, [...path, fn, `[${i}]`], depth + 1);
          text += lit ?? '\u0000';
        });
        return;
      }
    }
    if (fn) {
      rec(intrinsicArg(n), keyName, [...path, fn], depth + 1);
      return;
    }
    const namesBucket = n.entries.some((e) => /bucket$/i.test(String(e.key.value)));
    for (const e of n.entries) {
      const k = String(e.key.value);
      if (depth === 0 && (k === 'Parameters' || k === 'Conditions' || k === 'Rules')) continue;
      rec(e.value, k, [...path, k], depth + 1, namesBucket);
    }
  };
  rec(root, undefined, [], 0);
  return out;
}

/** Is offset `at` of a `!Sub` template in the path of an `s3://bucket/…` URL (after the bucket and a `/`, no space between)? */
function inS3Path(tpl: string, at: number): boolean {
  const open = tpl.lastIndexOf('s3://', at);
  if (open < 0) return false;
  const rest = tpl.slice(open + 5, at);
  return rest.includes('/') && !/\s/.test(rest);
}

/** Is offset `at` of a `!Sub` template inside a `{{resolve:…}}` dynamic reference? */
function insideDynamicReference(tpl: string, at: number): boolean {
  const open = tpl.lastIndexOf('{{resolve:', at);
  if (open < 0) return false;
  const close = tpl.indexOf('}}', open);
  return close < 0 || close > at;
}

/** The member name when offset `at` is inside the string value of a JSON member (`"name": "…${P}…"`). */
function jsonMemberAt(tpl: string, at: number): string | undefined {
  if (!tpl.trimStart().startsWith('{')) return undefined;
  let i = at - 1;
  while (i >= 0 && tpl[i] !== '"' && tpl[i] !== '\n' && at - i < 512) i--;
  if (i < 0 || tpl[i] !== '"') return undefined;
  i--;
  while (i >= 0 && (tpl[i] === ' ' || tpl[i] === '\t' || tpl[i] === '\n' || tpl[i] === '\r')) i--;
  if (tpl[i] !== ':') return undefined;
  i--;
  while (i >= 0 && (tpl[i] === ' ' || tpl[i] === '\t' || tpl[i] === '\n' || tpl[i] === '\r')) i--;
  if (tpl[i] !== '"') return undefined;
  const end = i;
  i--;
  while (i >= 0 && tpl[i] !== '"' && end - i < 128) i--;
  return i >= 0 && tpl[i] === '"' && end - i > 1 ? tpl.slice(i + 1, end) : undefined;
}

/** `NoEcho: true` and (for a hardcoded secret) no `Default`: rename `Default` into `NoEcho` when both are needed (one edit, no overlap). */
function fixFor(ed: DocEditor, def: YMap, file: string, noEcho: boolean, dropDefault: boolean): Fix | undefined {
  const defPair = dropDefault ? getPair(def, 'Default') : undefined;
  const noEchoPair = getPair(def, 'NoEcho');
  let edits: (TextEdit | undefined)[];
  let title: string;
  if (defPair && !noEchoPair) {
    const e = renamePairEdits(ed, def, defPair, 'NoEcho', true);
    if (!e) return undefined;
    edits = e;
    title = 'Add NoEcho: true and remove the hardcoded Default (pass the value at deploy time)';
  } else if (defPair && noEchoPair) {
    edits = [ed.removePair(def, 'Default')];
    if (!noEcho) edits.push(ed.replacePairValue(def, noEchoPair, true));
    title = noEcho ? 'Remove the hardcoded Default (pass the value at deploy time)' : 'Set NoEcho: true and remove the hardcoded Default (pass the value at deploy time)';
  } else if (noEchoPair) {
    edits = [ed.replacePairValue(def, noEchoPair, true)];
    title = 'Set NoEcho: true';
  } else {
    edits = [ed.insertPair(def, 'NoEcho', true)];
    title = 'Add NoEcho: true';
  }
  const list = combineEdits(edits);
  if (!list || !list.length) return undefined;
  return { title, changes: [{ file, edits: list }], isPreferred: true };
}
