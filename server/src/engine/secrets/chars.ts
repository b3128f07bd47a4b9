/**
 * Character-class predicates and linear scanning helpers shared by the secret scanners.
 * Everything works on UTF-16 char codes; no regular expressions.
 */

export type CharPred = (c: number) => boolean;

export const isUpper: CharPred = (c) => c >= 65 && c <= 90;
export const isLower: CharPred = (c) => c >= 97 && c <= 122;
export const isDigit: CharPred = (c) => c >= 48 && c <= 57;
export const isAlpha: CharPred = (c) => isUpper(c) || isLower(c);
export const isAlnum: CharPred = (c) => isAlpha(c) || isDigit(c);
/** `[A-Z0-9]` */
export const isUpperAlnum: CharPred = (c) => isUpper(c) || isDigit(c);
/** RFC 4648 base32 alphabet `[A-Z2-7]`. */
export const isBase32: CharPred = (c) => isUpper(c) || (c >= 50 && c <= 55);
/** `[0-9a-f]` */
export const isLowerHex: CharPred = (c) => isDigit(c) || (c >= 97 && c <= 102);
/** `[0-9a-fA-F]` */
export const isHex: CharPred = (c) => isLowerHex(c) || (c >= 65 && c <= 70);
/** Standard base64 body `[A-Za-z0-9+/]` (no padding). */
export const isBase64: CharPred = (c) => isAlnum(c) || c === 43 || c === 47;
/** base64url body `[A-Za-z0-9_-]`. */
export const isBase64Url: CharPred = (c) => isAlnum(c) || c === 95 || c === 45;
/** `[A-Za-z0-9_]` */
export const isWord: CharPred = (c) => isAlnum(c) || c === 95;
/** Space, tab, CR, LF, FF, VT. */
export const isSpace: CharPred = (c) => c === 32 || (c >= 9 && c <= 13);

/** Index of the first char at or after `from` that does not satisfy `pred` (or `end`). */
export function runEnd(s: string, from: number, pred: CharPred, end = s.length): number {
  let i = from;
  while (i < end && pred(s.charCodeAt(i))) i++;
  return i;
}

/** Index just after the last char before `from` that does not satisfy `pred` (scanning backwards, at most `limit` chars). */
export function runStart(s: string, from: number, pred: CharPred, limit = Infinity): number {
  let i = from;
  const stop = Math.max(0, from - limit);
  while (i > stop && pred(s.charCodeAt(i - 1))) i--;
  return i;
}

export function every(s: string, pred: CharPred, from = 0, end = s.length): boolean {
  for (let i = from; i < end; i++) if (!pred(s.charCodeAt(i))) return false;
  return true;
}

export function some(s: string, pred: CharPred, from = 0, end = s.length): boolean {
  for (let i = from; i < end; i++) if (pred(s.charCodeAt(i))) return true;
  return false;
}

/** ASCII-only lower-casing that keeps every offset (String#toLowerCase may change the length). */
export function asciiLower(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < s.length; i += CHUNK) {
    const part = s.slice(i, i + CHUNK);
    let p = '';
    for (let j = 0; j < part.length; j++) {
      const c = part.charCodeAt(j);
      p += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : part[j];
    }
    out += p;
  }
  return out;
}

/** Longest run of one repeated character. */
export function longestRepeat(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let cur = 1;
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i) === s.charCodeAt(i - 1)) {
      cur++;
      if (cur > best) best = cur;
    } else cur = 1;
  }
  return best;
}

export interface ClassCounts {
  upper: number;
  lower: number;
  digit: number;
  other: number;
}

export function classCounts(s: string): ClassCounts {
  const r = { upper: 0, lower: 0, digit: 0, other: 0 };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isUpper(c)) r.upper++;
    else if (isLower(c)) r.lower++;
    else if (isDigit(c)) r.digit++;
    else r.other++;
  }
  return r;
}

/** Number of character classes (upper, lower, digit, other) present. */
export function classVariety(s: string): number {
  const k = classCounts(s);
  return (k.upper > 0 ? 1 : 0) + (k.lower > 0 ? 1 : 0) + (k.digit > 0 ? 1 : 0) + (k.other > 0 ? 1 : 0);
}

const B64_VALUES: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = i;
  t[43] = 62; // +
  t[47] = 63; // /
  t[45] = 62; // -  (base64url)
  t[95] = 63; // _  (base64url)
  return t;
})();

/**
 * Decodes standard or URL-safe base64 (padding optional) to a latin-1 "binary string".
 * Returns undefined on any invalid character. Platform-neutral (no Buffer / atob).
 */
export function decodeBase64(s: string, maxLen = 65536): string | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--; // '='
  if (end > maxLen) return undefined;
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_VALUES[c] : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
    acc &= 0xff;
  }
  return out;
}

/** Decodes a latin-1 binary string as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Decode(bin: string): string {
  try {
    return decodeURIComponent(escapeBinary(bin));
  } catch {
    return bin;
  }
}

function escapeBinary(bin: string): string {
  let out = '';
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    out += c < 128 && c !== 37 ? bin[i] : '%' + (c < 16 ? '0' : '') + c.toString(16);
  }
  return out;
}

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zlib) of the ASCII/latin-1 code units of `s`. */
export function crc32(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Decodes a base62 number (alphabet 0-9A-Za-z); undefined on invalid characters. */
export function base62Decode(s: string): number | undefined {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = BASE62.indexOf(s[i]);
    if (v < 0) return undefined;
    n = n * 62 + v;
  }
  return n;
}
