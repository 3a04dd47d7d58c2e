import { z } from 'zod';
import { REPORT_STATES, ZFeedbackInput, ZPublicReportInput } from './reports';

/**
 * What a resident without an account sees and sends: their building's public page (`/b/:buildingId`,
 * reached by a QR code on the notice board) and the link that follows their report (`/r/:token`).
 * Nothing here names a staff member or any other resident.
 */
export { ZFeedbackInput, ZPublicReportInput };

export const ZBuildingParam = z.object({ id: z.uuid() });

/** The secret of the resident's link: 18 random bytes, base64url. */
export const ZTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

export const ZPublicBuilding = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string().nullable(),
  communityName: z.string(),
  entrances: z.array(z.string()),
  categories: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type TPublicBuilding = z.infer<typeof ZPublicBuilding>;

export const ZPublicReportCreated = z.object({
  id: z.uuid(),
  /** `/r/<token>`: the resident keeps it to follow the report and answer the closing questions. */
  followLink: z.string(),
});
export type TPublicReportCreated = z.infer<typeof ZPublicReportCreated>;

export const ZPublicTimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  /** In plain words, in the caller's language; never a name. */
  text: z.string(),
});

export const ZPublicReport = z.object({
  category: z.string(),
  categoryName: z.string(),
  state: z.enum(REPORT_STATES),
  /** The state in plain words. */
  stateText: z.string(),
  /** Building and entrance only (`3号楼 2单元`), never a room or a name. */
  place: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  timeline: z.array(ZPublicTimelineEntry),
  /** Where to go next, when the report was referred to another agency. */
  referral: z.object({ referredTo: z.string().nullable(), guidance: z.string().nullable() }).nullable(),
  /** The answers since the last closing, if given. */
  feedback: z.object({ solved: z.boolean(), satisfied: z.boolean(), at: z.string() }).nullable(),
  canGiveFeedback: z.boolean(),
  canReopen: z.boolean(),
  /** The last moment the report can be reopened; null while it is open. */
  reopenUntil: z.string().nullable(),
  photoCount: z.number().int(),
});
export type TPublicReport = z.infer<typeof ZPublicReport>;

export const ZReopenInput = z.object({ note: z.string().trim().max(2000).optional() });
export type TReopenInput = z.infer<typeof ZReopenInput>;

export const ZPhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

export const ZPhoto = z.object({ id: z.uuid(), mime: z.string(), bytes: z.number().int() });
export type TPhoto = z.infer<typeof ZPhoto>;

/** The limits a photo must meet, also shown on the forms. */
export { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_REPORT } from '../photoLimits';
