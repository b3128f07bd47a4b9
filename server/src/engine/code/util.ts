/**
 * Small shared helpers of the code-analysis core.
 */
import type { SNode } from './syntax';

export function rng(n: SNode): { start: number; end: number } {
  return { start: n.start, end: n.end };
}

/** Normalise a module specifier to the name models use (`node:fs` → `fs`, `fs/promises` → `fs.promises`). */
export function normModule(spec: string, lang: 'js' | 'py'): string {
  if (lang === 'py') return spec;
  let s = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (s === 'fs/promises') return 'fs.promises';
  if (s === 'mysql2/promise') return 'mysql2';
  if (s === 'zod/v4' || s === 'zod/v3' || s === 'zod/mini') return 'zod';
  if (s === '@hapi/joi') return 'joi';
  if (s.startsWith('lodash/')) return 'lodash.' + s.slice(7);
  if (s === 'lodash-es') return 'lodash';
  if (s === 'path/posix' || s === 'path/win32') return 'path';
  if (s.endsWith('/index.js')) s = s.slice(0, -9);
  else if (s.endsWith('/index')) s = s.slice(0, -6);
  return s;
}
