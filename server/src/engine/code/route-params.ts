/**
 * Web-framework routes in handler code, for the interpreter (`engine.ts`): the event-handler
 * decorators of AWS Chalice with the trigger their view receives (data, with its source), and the
 * path parameters of a route string (Chalice `{id}` / `{proxy+}`, Flask `<conv:name>` with typed
 * converters skipped, FastAPI `{id}`).
 */
import type { EntryKind } from './engine';
import type { TriggerKind } from './types';

/**
 * AWS Chalice event-handler decorators and the trigger of the event their view receives
 * (https://aws.github.io/chalice/api.html#Chalice.on_sns_message and the sections after it).
 * `lambda_function` views get the raw event of an unknown caller.
 */
export const CHALICE_EVENT_DECORATORS: Readonly<Record<string, TriggerKind>> = {
  on_sns_message: 'sns',
  on_sqs_message: 'sqs',
  on_s3_event: 's3',
  on_cw_event: 'eventbridge',
  on_dynamodb_record: 'dynamodb-stream',
  on_kinesis_record: 'kinesis',
  on_ws_message: 'websocket',
  lambda_function: 'unknown',
};

export function routeParams(route: string | undefined, kind: EntryKind): string[] {
  if (!route) return [];
  const out: string[] = [];
  if (kind === 'chalice') {
    for (let i = route.indexOf('{'); i >= 0; i = route.indexOf('{', i + 1)) {
      const j = route.indexOf('}', i);
      if (j > i) out.push(route.slice(i + 1, j).replace(/\+$/, ''));
    }
    return out;
  }
  for (let i = route.indexOf('<'); i >= 0; i = route.indexOf('<', i + 1)) {
    const j = route.indexOf('>', i);
    if (j < 0) break;
    const inner = route.slice(i + 1, j);
    const colon = inner.lastIndexOf(':');
    const name = colon >= 0 ? inner.slice(colon + 1) : inner;
    const conv = colon >= 0 ? inner.slice(0, colon) : '';
    if (conv === 'int' || conv === 'float' || conv === 'uuid') continue; // converters constrain the value
    out.push(name);
  }
  // FastAPI-style {id}
  for (let i = route.indexOf('{'); i >= 0; i = route.indexOf('{', i + 1)) {
    const j = route.indexOf('}', i);
    if (j > i) out.push(route.slice(i + 1, j).split(':')[0]);
  }
  return out;
}
