import { z } from 'zod';

/** What may reach a person's phone while Linli is closed; each person chooses which. */
export const PUSH_KINDS = ['emergency_report', 'report_assigned', 'ladder_step'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

export const ZPushKey = z.object({ publicKey: z.string() });

export const ZPushSubscriptionInput = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export type TPushSubscriptionInput = z.infer<typeof ZPushSubscriptionInput>;

export const ZPushEndpoint = z.object({ endpoint: z.url().max(1000) });

export const ZPushSettings = z.object({
  kinds: z.object({ emergency_report: z.boolean(), report_assigned: z.boolean(), ladder_step: z.boolean() }),
  /** Phones of this person that will receive them. */
  devices: z.number().int(),
});
export type TPushSettings = z.infer<typeof ZPushSettings>;

export const ZPushSettingsInput = z.object({ kinds: ZPushSettings.shape.kinds.partial() });

/** What the service worker shows: the notification, and the page a tap opens. */
export const ZPushMessage = z.object({
  kind: z.enum(PUSH_KINDS),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  tag: z.string(),
});
export type TPushMessage = z.infer<typeof ZPushMessage>;
