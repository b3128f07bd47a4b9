/**
 * Masking for every message that mentions a secret (editor diagnostics, hovers, CLI, SARIF).
 *
 * Rules: never show the whole secret. Show at most the first 4 characters, and only a quarter of
 * the value (so `Corp123!` shows `Co`); show the last 2 characters only for values of 32+
 * characters; always give the length. Control characters are shown as `·`.
 *
 *   maskSecret('AKIAIOSFODNN7EXAMPLE')  → 'AKIA…(20 chars)'
 *   maskSecret('Corp123!')              → 'Co…(8 chars)'
 *   maskSecret('abc')                   → '…(3 chars)'
 */

export interface MaskOptions {
  /** Maximum leading characters to show (default 4, never more than a quarter of the value). */
  head?: number;
  /** Trailing characters to show for values of 32+ characters (default 2; 0 to disable). */
  tail?: number;
}

export function maskSecret(value: string, opts: MaskOptions = {}): string {
  const v = typeof value === 'string' ? value : '';
  const n = codePointLength(v);
  const maxHead = Math.max(0, Math.min(opts.head ?? 4, 4));
  const head = Math.min(maxHead, Math.floor(n / 4));
  const tail = n >= 32 ? Math.max(0, Math.min(opts.tail ?? 2, 2)) : 0;
  const h = show(Array.from(v.slice(0, 8)).slice(0, head));
  const t = tail > 0 ? show(Array.from(v.slice(-4)).slice(-tail)) : '';
  return `${h}…${t}(${n} char${n === 1 ? '' : 's'})`;
}

function show(cps: string[]): string {
  return cps.map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '·' : c)).join('');
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
