/**
 * The rule registry: every rule, sorted by id. Rules are listed here explicitly (never discovered
 * from the file system), so the bundle contains exactly these.
 */
import type { Rule } from '../server/src/engine/rule';
import iamWildcardAction from './iam-wildcard-action';

export const allRules: readonly Rule[] = [iamWildcardAction].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
