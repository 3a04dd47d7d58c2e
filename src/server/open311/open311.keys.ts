import { createHash, timingSafeEqual } from 'node:crypto';

export interface Open311Key {
  /** A short, non-secret label for the audit trail: the first hex digits of the key's SHA-256. */
  label: string;
  communityId: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * `LINLI_OPEN311_KEYS=key:communityId,key2:communityId`: each key lets a city system post reports into
 * one community (and read their descriptions). Read at each request, so a restart is not needed to rotate.
 */
export function parseOpen311Keys(value: string | undefined): { hash: Buffer; key: Open311Key }[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .flatMap((entry) => {
      const at = entry.lastIndexOf(':');
      const secret = entry.slice(0, at).trim();
      const communityId = entry.slice(at + 1).trim();
      if (at <= 0 || secret.length === 0 || communityId.length === 0) return [];
      const hash = sha256(secret);
      return [{ hash, key: { label: hash.toString('hex').slice(0, 8), communityId } }];
    });
}

/** The key's community, comparing in constant time; null for a missing or unknown key. */
export function checkOpen311Key(apiKey: string | undefined, env = process.env): Open311Key | null {
  if (!apiKey) return null;
  const given = sha256(apiKey);
  let found: Open311Key | null = null;
  for (const { hash, key } of parseOpen311Keys(env.LINLI_OPEN311_KEYS)) {
    if (timingSafeEqual(hash, given) && found === null) found = key;
  }
  return found;
}
