import { z } from 'zod';

/**
 * A notice put on residents' doors (issue 23, "打印入户通知"): the office writes it once for the households
 * picked in the register's table, prints one per door, and each household's history says it was put up.
 */
/** The longest message that still prints in at least 16 pt on its half page (doorNotice.pdf.ts). */
export const DOOR_NOTICE_MAX_LENGTH = 120;

/** Households one request may cover: a long afternoon of doors; the dialog says so before sending. */
export const DOOR_NOTICE_MAX_HOUSEHOLDS = 200;

export const ZDoorNoticeInput = z.object({
  householdIds: z.array(z.uuid()).min(1).max(DOOR_NOTICE_MAX_HOUSEHOLDS),
  /** What the notice says, in the worker's words: at most what half an A4 page holds in large type. */
  message: z.string().trim().min(1).max(DOOR_NOTICE_MAX_LENGTH),
  /** The day printed on the notice (the day it is put up). */
  date: z.iso.date(),
  /** The number residents are asked to ring: a mobile or an office line, spaces and dashes allowed. */
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,28}[0-9]$/, { message: 'phone_invalid' }),
});
export type TDoorNoticeInput = z.infer<typeof ZDoorNoticeInput>;

/** What was done and refused, per household; `id` names the notice to print (null when no door got one). */
export const ZDoorNoticeResult = z.object({
  id: z.uuid().nullable(),
  done: z.array(z.object({ id: z.uuid() })),
  refused: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export type TDoorNoticeResult = z.infer<typeof ZDoorNoticeResult>;

/**
 * What a new notice starts from: the phone on the last notice of the caller's communities, since the
 * register keeps no community phone of its own (null before the first notice).
 */
export const ZDoorNoticeDefaults = z.object({ phone: z.string().nullable() });
export type TDoorNoticeDefaults = z.infer<typeof ZDoorNoticeDefaults>;
