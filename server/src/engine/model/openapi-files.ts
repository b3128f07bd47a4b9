/**
 * OpenAPI bodies in local files: SAM `DefinitionUri: ./api.yaml`, CloudFormation `BodyS3Location`
 * is S3 only (not read), and `DefinitionBody`/`Body` given by `Fn::Transform: {Name: AWS::Include,
 * Parameters: {Location: ./api.yaml}}` (a local path that `sam package` / `aws cloudformation
 * package` uploads). The file is read through the `Project`, relative to the template, and only
 * inside the template's folder (never above it, never a URL). Its operations are judged by the same
 * code as inline bodies; their nodes are in the other file, so rules report at the reference in the
 * template and point at the operation as related information.
 */
import { get, getPair, intrinsicArg, intrinsicName, isMap, stringValue, type YMap, type YNode } from '../yaml/ast';
import { detectFormat, parseYaml } from '../yaml/parse';
import { dirname, joinPath, type Project } from '../project';
import type { Endpoint } from './endpoints';
import { bodyEndpoints, type OpenApiBody } from './openapi';
import type { ConfigModel } from './types';

export interface ExternalOpenApi {
  /** The `DefinitionUri` value or the include's `Location` value in the template. */
  refNode: YNode;
  /** Project path of the OpenAPI file. */
  path: string;
  /** The file's text (ranges of `body` nodes are offsets into it). */
  text: string;
  body: OpenApiBody;
  endpoints: Endpoint[];
}

const TYPES: Record<string, { body: string; uri?: string; kind: 'rest' | 'http'; sam: boolean }> = {
  'AWS::Serverless::Api': { body: 'DefinitionBody', uri: 'DefinitionUri', kind: 'rest', sam: true },
  'AWS::Serverless::HttpApi': { body: 'DefinitionBody', uri: 'DefinitionUri', kind: 'http', sam: true },
  'AWS::ApiGateway::RestApi': { body: 'Body', kind: 'rest', sam: false },
  'AWS::ApiGatewayV2::Api': { body: 'Body', kind: 'http', sam: false },
};

/** A relative path inside the template's folder, resolved; undefined for URLs, absolute paths and `..` escapes. */
export function localPath(templateFile: string, ref: string): string | undefined {
  const r = ref.trim();
  if (!r || r.includes('://') || r.startsWith('/') || r.includes('${')) return undefined;
  const base = dirname(templateFile);
  const p = joinPath(base, r);
  return p.startsWith(base.endsWith('/') ? base : base + '/') ? p : undefined;
}

const cache = new WeakMap<ConfigModel, { project: Project; generation: number; out: ExternalOpenApi[] }>();

/** The OpenAPI files the template's APIs point to, with their operations as endpoints. */
export function externalOpenApis(model: ConfigModel, project: Project): ExternalOpenApi[] {
  const hit = cache.get(model);
  if (hit && hit.project === project && hit.generation === project.generation) return hit.out;
  const out: ExternalOpenApi[] = [];
  for (const r of model.resources) {
    const spec = TYPES[r.type];
    if (!spec) continue;
    let refNode: YNode | null | undefined;
    if (spec.uri) {
      const u = getPair(r.properties, spec.uri)?.value;
      if (stringValue(u) !== undefined) refNode = u;
    }
    const body = get(r.properties, spec.body);
    if (!refNode && intrinsicName(body) === 'Fn::Transform') {
      const arg = intrinsicArg(body);
      if (stringValue(get(arg, 'Name')) === 'AWS::Include') refNode = get(get(arg, 'Parameters'), 'Location');
    }
    const ref = stringValue(refNode);
    const path = ref !== undefined ? localPath(model.file, ref) : undefined;
    if (!refNode || !path) continue;
    const text = project.readFile(path);
    if (text === undefined || text.length > 2_000_000) continue;
    const parsed = parseYaml(text, { format: detectFormat(path, text) });
    if (!isMap(parsed.root)) continue;
    const b: OpenApiBody = { api: r, body: parsed.root as YMap, kind: spec.kind, sam: spec.sam };
    out.push({ refNode, path, text, body: b, endpoints: bodyEndpoints(model, b) });
  }
  cache.set(model, { project, generation: project.generation, out });
  return out;
}
