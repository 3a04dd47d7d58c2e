import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562) whose time is `at`: ids sort by that time, so the rows keyed by them —
 * a month's sessions and the bookings, sign-ups and hours under them — sit together in their indexes
 * and a month is read as one range instead of thousands of scattered pages. Node 20 has no
 * `randomUUIDv7`, and the project's `uuid` package (via exceljs) is too old to have it.
 */
export function timeOrderedId(at: Date): string {
  const bytes = randomBytes(16);
  let ms = Math.max(0, at.getTime());
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
