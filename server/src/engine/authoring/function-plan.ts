/**
 * What "Add Secure Function…" makes of a function's name: `listOrders` is a read of the Orders
 * table behind `GET /orders`, `deleteOrder` a delete behind `DELETE /orders/{id}`. The verb decides
 * the HTTP method, the single DynamoDB action the role grants, the OAuth scope and the handler's
 * shape; the rest of the name decides the route and the table. Pure data + string work.
 */
import type { Trigger } from './types';

export type Operation = 'list' | 'get' | 'create' | 'update' | 'delete';

export interface FunctionPlan {
  op: Operation;
  /** HTTP method (upper case). */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route, `/orders` or `/orders/{id}` (function URLs have no path: the id is a query parameter). */
  path: string;
  /** The one DynamoDB action the handler calls. */
  action: string;
  /** OAuth scope the route requires: `<resource>/read` or `<resource>/write`. */
  scope: string;
  /** Default logical id of the table (`OrdersTable`). */
  table: string;
  /** Whether the request has a body to validate (create, update). */
  hasBody: boolean;
  /** Whether the item id comes from the route (`{id}`) or the query string (function URLs). */
  idFrom?: 'path' | 'query';
}

/** Leading verbs of function names, by operation (lower case). Data: extend here. */
const VERBS: Record<Operation, readonly string[]> = {
  list: ['list', 'search', 'find', 'query', 'scan', 'browse', 'all'],
  get: ['get', 'fetch', 'read', 'show', 'describe', 'load', 'view', 'retrieve', 'lookup'],
  create: ['create', 'add', 'new', 'post', 'submit', 'register', 'save', 'insert', 'make', 'place', 'store', 'put', 'process', 'handle', 'ingest', 'record'],
  update: ['update', 'edit', 'patch', 'modify', 'set', 'change', 'rename', 'replace'],
  delete: ['delete', 'remove', 'destroy', 'cancel', 'drop', 'purge', 'erase'],
};

const ACTIONS: Record<Operation, string> = {
  list: 'dynamodb:Scan',
  get: 'dynamodb:GetItem',
  create: 'dynamodb:PutItem',
  update: 'dynamodb:PutItem',
  delete: 'dynamodb:DeleteItem',
};

const METHODS: Record<Operation, FunctionPlan['method']> = { list: 'GET', get: 'GET', create: 'POST', update: 'PUT', delete: 'DELETE' };

/** `listOrderItems` → ['list', 'Order', 'Items']. */
export function camelWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of name) {
    const upper = ch >= 'A' && ch <= 'Z';
    const digit = ch >= '0' && ch <= '9';
    if ((upper || (digit && cur && !(cur[cur.length - 1] >= '0' && cur[cur.length - 1] <= '9'))) && cur) {
      words.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

function plural(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith('s')) return word;
  if (w.endsWith('y') && !'aeiou'.includes(w[w.length - 2] ?? '')) return word.slice(0, -1) + 'ies';
  return word + 's';
}

const kebab = (words: string[]) => words.map((w) => w.toLowerCase()).join('-');
const pascal = (words: string[]) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** The plan for a function name and trigger (unknown verbs: a write for queues and APIs, a read for URLs). */
export function planFunction(name: string, trigger: Trigger): FunctionPlan {
  const words = camelWords(name);
  const first = (words[0] ?? '').toLowerCase();
  let op = (Object.keys(VERBS) as Operation[]).find((o) => VERBS[o].includes(first));
  let nounWords = words.slice(1);
  if (!op) {
    op = trigger === 'function-url' ? 'get' : 'create';
    nounWords = words;
  }
  // A queue consumer stores what it receives; it has no route.
  if (trigger === 'sqs') op = 'create';
  if (!nounWords.length) nounWords = ['Item'];
  // `listOrders` and `getOrder` share the table and route of the collection.
  const last = nounWords[nounWords.length - 1];
  const collectionWords = [...nounWords.slice(0, -1), plural(last)];
  const collection = kebab(collectionWords);
  const byId = op === 'get' || op === 'update' || op === 'delete';
  const url = trigger === 'function-url';
  return {
    op,
    method: METHODS[op],
    path: url || !byId ? `/${collection}` : `/${collection}/{id}`,
    action: ACTIONS[op],
    scope: `${collection}/${op === 'list' || op === 'get' ? 'read' : 'write'}`,
    table: `${pascal(collectionWords)}Table`,
    hasBody: op === 'create' || op === 'update',
    idFrom: byId ? (url ? 'query' : 'path') : undefined,
  };
}
