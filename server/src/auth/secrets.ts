import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret (256 bits), URL-safe, with an optional recognisable prefix. */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Constant-time: whether `presented` hashes to `expectedSha256Hex`. */
export function matchesDigest(presented: string | null | undefined, expectedSha256Hex: string): boolean {
  if (!presented) return false;
  const expected = Buffer.from(expectedSha256Hex, 'hex');
  const actual = createHash('sha256').update(presented).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
