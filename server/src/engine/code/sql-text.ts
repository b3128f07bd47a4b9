/**
 * SQL recognised in string values (never in source code): whether a constant text looks like a SQL
 * statement or clause (`looksSql`, a keyword test on a literal's value), and tagged templates whose
 * tag builds parameterised queries (`sql-template-strings`, slonik, postgres.js, Prisma
 * `$queryRaw`, drizzle, kysely…), used by the interpreter (`engine.ts`).
 */
import type { Ex } from './ir';

const SQL_WORDS_RE = /\b(select\s[\s\S]*\bfrom\b|insert\s+into\b|update\s+[\w"`.\[\]]+\s+set\b|delete\s+from\b|replace\s+into\b|create\s+(table|index|view)\b|drop\s+(table|index|view)\b|alter\s+table\b|truncate\s+table\b|where\s|order\s+by\s|group\s+by\s|values\s*\(|merge\s+into\b)/i;

/** The constant text of a string looks like SQL (keyword test on a literal's value). */
export function looksSql(s: string): boolean {
  if (s.length < 6) return false;
  return SQL_WORDS_RE.test(s);
}

export function isSafeSqlTag(q: string, tag: Ex): boolean {
  if (q === 'sql-template-strings' || q === 'sql-template-strings.SQL' || q === 'slonik.sql' || q.startsWith('slonik.sql') || q === 'postgres' || q === '@vercel/postgres.sql' || q === '@prisma/client.Prisma.sql' || q === 'sql-template-tag' || q === 'drizzle-orm.sql' || q === 'kysely.sql' || q === '@databases/pg.sql' || q === '@databases/mysql.sql') return true;
  if (tag.k === 'member' && (tag.prop === '$queryRaw' || tag.prop === '$executeRaw' || tag.prop === 'sql')) return true;
  if (tag.k === 'name' && (tag.id === 'sql' || tag.id === 'SQL')) return true;
  return false;
}
