import { v7 } from 'uuid';

/**
 * A UUID version 7 (RFC 9562) whose time is `at`: ids sort by that time, so the rows keyed by them —
 * a month's sessions and the bookings, sign-ups and hours under them — sit together in their indexes
 * and a month is read as one range instead of thousands of scattered pages.
 */
export function timeOrderedId(at: Date): string {
  return v7({ msecs: Math.max(0, at.getTime()) });
}
