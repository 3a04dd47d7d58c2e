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

/** The text size steps of 长辈模式: 1 is already large, 3 the largest (main text 30 px). */
export const TEXT_STEPS = [1, 2, 3] as const;
export type TextStep = (typeof TEXT_STEPS)[number];

/**
 * How Linli looks to this person, kept with the account so it follows them to another phone. A PUT sends
 * the whole of it, so a retried PUT leaves the same state as one.
 */
export const ZPreferences = z
  .object({
    /** 长辈模式 (MIIT's age-friendly design rules): larger text and controls, one thing per screen. */
    elderMode: z.boolean(),
    textStep: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** The chain roles are offered 长辈模式 once, at their first sign-in; true once they have answered. */
    elderOffered: z.boolean(),
  })
  .strict();
export type TPreferences = z.infer<typeof ZPreferences>;

export const DEFAULT_PREFERENCES: TPreferences = { elderMode: false, textStep: 1, elderOffered: false };

export const ZSessionResponse = z.object({ user: ZUser, csrfToken: z.string(), preferences: ZPreferences });
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZOk = z.object({ ok: z.literal(true) });
