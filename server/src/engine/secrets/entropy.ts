/**
 * Shannon entropy and "looks random" helpers. Entropy is only a supporting signal: human
 * passwords score ~2.8–3.3 bits/char, random base64 of 40 chars ~4.7–5.1, random hex ~3.7–4.
 */

/** Shannon entropy of `str` in bits per UTF-16 code unit (0 for the empty string). */
export function entropy(str: string): number {
  const n = str.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz0123456789',
  '0123456789abcdefghijklmnopqrstuvwxyz',
  '0123456789abcdef',
  '1234567890',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];
const SEQ_HAYSTACK = (() => {
  const all: string[] = [];
  for (const s of SEQUENCES) {
    all.push(s + s, [...s].reverse().join('') + [...s].reverse().join(''));
  }
  return all;
})();

/**
 * True for keyboard / alphabet / digit runs such as `abcdef`, `123456789`, `qwerty`, `9876543`
 * (case-insensitive, at least 4 characters). Such values are placeholders, not secrets.
 */
export function isSequential(value: string): boolean {
  if (value.length < 4 || value.length > 72) return false;
  const v = value.toLowerCase();
  // Fast reject: every adjacent pair must be adjacent in some sequence.
  for (let i = 1; i < v.length; i++) if (!SEQ_PAIRS.has(v.slice(i - 1, i + 1))) return false;
  for (const h of SEQ_HAYSTACK) if (h.includes(v)) return true;
  return false;
}

const SEQ_PAIRS: Set<string> = (() => {
  const pairs = new Set<string>();
  for (const h of SEQ_HAYSTACK) for (let i = 1; i < h.length; i++) pairs.add(h.slice(i - 1, i + 1));
  return pairs;
})();
