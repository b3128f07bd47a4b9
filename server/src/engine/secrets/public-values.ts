/**
 * Value shapes that are public identifiers, not secrets, even under a secret-sounding name — a data
 * table: each entry is a prefix, a length and a character class, and the name words under which the
 * same shape *is* secret (`secretUnder`). Judged on the string value alone.
 *
 * - Ethereum / EVM address: `0x` + 40 hex digits (a wallet or contract address, published on chain;
 *   `token: "0x2237…a18e"` in a Prisma seed is an NFT collection's contract address).
 * - `0x` + 64 hex digits: a transaction / block hash or a token id, public — or a raw secp256k1
 *   private key, which is a secret when the name says so (`privateKey`, `walletSecret`, `mnemonic`…).
 */
import { isHex } from './chars';

export interface PublicValueShape {
  id: string;
  prefix: string;
  /** Number of characters after the prefix. */
  length: number;
  chars: (c: number) => boolean;
  /** Name words under which the shape is a secret after all (empty: never a secret). */
  secretUnder: readonly string[];
  note: string;
}

export const PUBLIC_VALUE_SHAPES: readonly PublicValueShape[] = [
  { id: 'evm-address', prefix: '0x', length: 40, chars: isHex, secretUnder: [], note: 'Ethereum/EVM account or contract address (public)' },
  {
    id: 'evm-hash',
    prefix: '0x',
    length: 64,
    chars: isHex,
    secretUnder: ['key', 'private', 'privkey', 'pk', 'secret', 'mnemonic', 'seed', 'password', 'passphrase', 'signer', 'wallet'],
    note: 'transaction/block hash or token id (public); a raw private key under a key/secret name',
  },
];

/** The public shape `value` has, unless one of `nameWords` makes that shape a secret. */
export function publicValueShape(value: string, nameWords: readonly string[]): PublicValueShape | undefined {
  const t = value.trim();
  for (const s of PUBLIC_VALUE_SHAPES) {
    if (t.length !== s.prefix.length + s.length || !t.startsWith(s.prefix)) continue;
    let ok = true;
    for (let i = s.prefix.length; i < t.length && ok; i++) ok = s.chars(t.charCodeAt(i));
    if (!ok) continue;
    if (nameWords.some((w) => s.secretUnder.some((k) => w === k || w.endsWith(k)))) continue;
    return s;
  }
  return undefined;
}
