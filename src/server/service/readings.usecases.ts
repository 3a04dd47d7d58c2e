import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { isHighReading } from '../../domain/service/readings';
import type {
  TConsentStatus,
  ZConsentInput,
  ZConsentWithdrawInput,
  ZReadingInput,
} from '../../shared/contracts/service';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { type ResidentInfo, residentInScope } from '../care/keysMoney.common';
import { insertVisit } from '../care/visits.repository';
import { localDate } from '../clock';
import type { DB, ServiceConsentTable, ServiceReadingTable } from '../db/schema';
import { AppError } from '../http/errors';
import { onceForKey } from '../http/idempotency';
import {
  consentInForce,
  findConsent,
  insertConsent,
  insertReading,
  latestConsent,
  openCarePlan,
  readingsOfResident,
  withdrawConsent,
} from './readings.repository';
import { sessionOr404 } from './sessions.usecases';

/**
 * Blood-pressure readings at the station: only with the resident's consent in force, health class
 * (workers and the committee only), every read in the audit trail. A high reading becomes a follow-up
 * on the resident's care plan, through a visit record as the care team's own follow-ups are.
 */

async function residentOr404(ctx: AccessContext, residentId: string): Promise<ResidentInfo> {
  const resident = await residentInScope(ctx.db, ctx.actor.scope, residentId);
  if (!resident)
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: residentId,
    });
  return resident;
}

function presentConsent(c: ServiceConsentTable) {
  return {
    id: c.id,
    residentId: c.resident_id,
    date: c.consent_date,
    witness: c.consent_witness,
    withdrawnOn: c.withdrawn_on,
  };
}

export async function recordConsent(
  ctx: AccessContext,
  residentId: string,
  input: z.output<typeof ZConsentInput>,
) {
  await requirePermission(ctx, 'service.readings');
  const resident = await residentOr404(ctx, residentId);
  if (await consentInForce(ctx.db, resident.residentId)) throw new AppError('service.consent_exists');
  const row: ServiceConsentTable = {
    id: randomUUID(),
    community_id: resident.communityId,
    household_id: resident.householdId,
    resident_id: resident.residentId,
    consent_date: input.date,
    consent_witness: input.witness,
    recorded_by_user_id: ctx.actor.user.id,
    recorded_at: ctx.clock().toISOString(),
    withdrawn_on: null,
    withdrawn_by_user_id: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertConsent(trx, row);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.consent',
        targetType: 'service_consent',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'health',
      }),
    ]);
  });
  return presentConsent(row);
}

/**
 * Whether a reading may be taken, asked before the reading rather than learnt from a refusal. The
 * answer is health class, so the read is audited: on the consent when there is one, else on the
 * resident (that none exists is itself what was read).
 */
export async function consentStatus(ctx: AccessContext, residentId: string): Promise<TConsentStatus> {
  await requirePermission(ctx, 'service.readings');
  const resident = await residentOr404(ctx, residentId);
  const consent = await latestConsent(ctx.db, resident.residentId);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'read.sensitive',
        targetType: consent ? 'service_consent' : 'resident',
        targetId: consent ? consent.id : resident.residentId,
        residentId: resident.residentId,
        communityId: resident.communityId,
        fieldClass: 'health',
      }),
    ]),
  );
  return {
    inForce: consent !== undefined && consent.withdrawn_on === null,
    consent: consent ? presentConsent(consent) : null,
  };
}

/** From the day of withdrawal no new reading is taken; earlier readings stay. */
export async function withdrawResidentConsent(
  ctx: AccessContext,
  residentId: string,
  input: z.output<typeof ZConsentWithdrawInput>,
) {
  await requirePermission(ctx, 'service.readings');
  const resident = await residentOr404(ctx, residentId);
  const consent = await consentInForce(ctx.db, resident.residentId);
  if (!consent) throw new AppError('service.consent_required');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await withdrawConsent(trx, consent.id, input.date ?? localDate(ctx.clock()), ctx.actor.user.id)))
      throw new AppError('service.consent_required');
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'service.consent_withdraw',
        targetType: 'service_consent',
        targetId: consent.id,
        residentId: consent.resident_id,
        communityId: consent.community_id,
        fieldClass: 'health',
      }),
    ]);
  });
  return presentConsent((await findConsent(ctx.db, consent.id)) as ServiceConsentTable);
}

function presentReading(r: ServiceReadingTable) {
  return {
    id: r.id,
    sessionId: r.session_id,
    residentId: r.resident_id,
    systolic: r.systolic,
    diastolic: r.diastolic,
    pulse: r.pulse,
    takenAt: r.taken_at,
    flagged: r.flagged === 1,
    careFollowupId: r.care_followup_id,
    noCarePlan: r.flagged === 1 && r.care_followup_id === null,
  };
}

/** The follow-up a high reading becomes: a visit at the station with the reading as its health detail. */
async function followUpOnCarePlan(
  trx: Kysely<DB>,
  ctx: AccessContext,
  residentId: string,
  reading: { systolic: number; diastolic: number; takenAt: string },
): Promise<string | null> {
  const plan = await openCarePlan(trx, residentId);
  if (!plan) return null;
  const visitId = randomUUID();
  const followupId = randomUUID();
  const at = ctx.clock().toISOString();
  const detail = `服务站量血压 ${reading.systolic}/${reading.diastolic} mmHg，偏高 (blood pressure at the service station, high)`;
  await insertVisit(
    trx,
    {
      id: visitId,
      plan_id: plan.id,
      community_id: plan.community_id,
      household_id: plan.household_id,
      resident_id: plan.resident_id,
      visited_at: reading.takenAt,
      recorded_at: at,
      recorded_by_user_id: ctx.actor.user.id,
      visitor_name: ctx.actor.user.displayName,
      visitor_position_id: null,
      visitor_tier: null,
      how: 'in_person',
      activities: JSON.stringify(['medicine']),
      health_worse: 1,
      health_detail: detail,
      needs_something: 0,
      needs_detail: null,
      note: null,
    },
    [],
    [
      {
        id: followupId,
        visit_id: visitId,
        plan_id: plan.id,
        health: 1,
        text: `复查血压，联系家庭医生 (recheck blood pressure, tell the family doctor): ${reading.systolic}/${reading.diastolic}`,
        report_id: null,
        created_at: at,
        sort: 0,
      },
    ],
  );
  return followupId;
}

export async function recordReading(
  ctx: AccessContext,
  sessionId: string,
  input: z.output<typeof ZReadingInput>,
  idempotencyKey: string | undefined,
) {
  await requirePermission(ctx, 'service.readings');
  const session = await sessionOr404(ctx, sessionId);
  const resident = await residentOr404(ctx, input.residentId);
  if (resident.communityId !== session.community_id)
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  return onceForKey(ctx, idempotencyKey, { sessionId, ...input }, async (trx) => {
    const consent = await consentInForce(trx, resident.residentId);
    if (!consent) throw new AppError('service.consent_required', {}, 'residentId');
    const now = ctx.clock();
    const flagged = isHighReading(input.systolic, input.diastolic);
    const takenAt = now.toISOString();
    const row: ServiceReadingTable = {
      id: randomUUID(),
      session_id: session.id,
      community_id: resident.communityId,
      household_id: resident.householdId,
      resident_id: resident.residentId,
      consent_id: consent.id,
      systolic: input.systolic,
      diastolic: input.diastolic,
      pulse: input.pulse ?? null,
      flagged: flagged ? 1 : 0,
      care_followup_id: flagged
        ? await followUpOnCarePlan(trx, ctx, resident.residentId, { ...input, takenAt })
        : null,
      taken_at: takenAt,
      recorded_by_user_id: ctx.actor.user.id,
    };
    await insertReading(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.reading',
        targetType: 'service_reading',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'health',
        detail: { sessionId: session.id, flagged, careFollowupId: row.care_followup_id },
      }),
    ]);
    return presentReading(row);
  });
}

/** A resident's readings, newest first; one audit entry per reading sent. */
export async function residentReadings(ctx: AccessContext, residentId: string) {
  await requirePermission(ctx, 'service.readings');
  const resident = await residentOr404(ctx, residentId);
  const rows = await readingsOfResident(ctx.db, resident.residentId);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      ctx.clock(),
      rows.map((r) =>
        byActor(ctx.actor, {
          action: 'read.sensitive',
          targetType: 'service_reading',
          targetId: r.id,
          residentId: r.resident_id,
          communityId: r.community_id,
          fieldClass: 'health',
        }),
      ),
    ),
  );
  return { items: rows.map(presentReading) };
}
