import { z } from 'zod';

/**
 * The header a phone sends with a POST it may retry: the same key with the same body takes effect
 * once and answers the first answer again; with another body it is refused (422).
 */
export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(200).optional(),
});
