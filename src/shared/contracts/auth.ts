import { z } from 'zod';
import { ROLES } from '../roles';

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type TUser = z.infer<typeof ZUser>;

export const ZSessionResponse = z.object({ user: ZUser, csrfToken: z.string() });
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZOk = z.object({ ok: z.literal(true) });
