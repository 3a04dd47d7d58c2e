import type { Kysely } from 'kysely';
import { daysBetween } from '../../domain/round/round';
import type { ItemKind, ItemState, SignalReason, TRoundItem, TSignal } from '../../shared/contracts/round';
import type { Language } from '../../shared/errors';
import type { Scope } from '../auth/scope';
import type { DB, RoundItemTable, RoundSignalTable, RoundSubscriptionTable } from '../db/schema';
import { type DoorPlace, occupantsOf, placesInScope } from './round.repository';

/** `3-2-401`: building-entrance-room, the way workers write it. */
export function label(p: Pick<DoorPlace, 'buildingNumber' | 'entranceNumber' | 'room'>) {
  return `${p.buildingNumber}-${p.entranceNumber}-${p.room}`;
}

export function presentItems(
  rows: readonly RoundItemTable[],
  places: ReadonlyMap<string, DoorPlace>,
  today: string,
): TRoundItem[] {
  return rows.flatMap((r) => {
    const place = places.get(r.household_id);
    if (!place) return [];
    return [
      {
        id: r.id,
        householdId: r.household_id,
        address: label(place),
        kind: r.kind as ItemKind,
        paper: r.paper,
        date: r.date,
        state: r.state as ItemState,
        waitingDays: Math.max(0, daysBetween(r.date, today)),
      },
    ];
  });
}

export function presentSubscription(row: RoundSubscriptionTable, address: string) {
  return {
    id: row.id,
    householdId: row.household_id,
    address,
    paper: row.paper,
    weekdays: [...row.weekdays].map(Number),
    startsOn: row.starts_on,
    endedOn: row.ended_on,
  };
}

/** Why a signal was raised, in plain words. */
export function why(reason: SignalReason, since: string, days: number, lang: Language): string {
  if (lang === 'en') {
    return reason === 'still_there'
      ? `The paper left at the door (since ${since}) was still there at the next round.`
      : `Papers have not been taken in for ${days} days (since ${since}).`;
  }
  return reason === 'still_there'
    ? `上次放在门口的报纸（${since}起）这次去还在。`
    : `报纸已经${days}天没有取走了（${since}起）。`;
}

/** Signals with the household's address and the resident's name, for households in the caller's scope. */
export async function presentSignals(
  db: Kysely<DB>,
  scope: Scope,
  rows: readonly RoundSignalTable[],
  lang: Language,
): Promise<TSignal[]> {
  const places = new Map(
    (
      await placesInScope(
        db,
        scope,
        rows.map((r) => r.household_id),
      )
    ).map((p) => [p.id, p]),
  );
  const names = new Map(
    (
      await occupantsOf(
        db,
        rows.map((r) => r.household_id),
      )
    ).map((o) => [o.id, o.name]),
  );
  return rows.flatMap((r) => {
    const place = places.get(r.household_id);
    if (!place) return [];
    const reason = r.reason as SignalReason;
    return [
      {
        id: r.id,
        householdId: r.household_id,
        address: label(place),
        residentId: r.resident_id,
        residentName: r.resident_id ? (names.get(r.resident_id) ?? null) : null,
        reason,
        why: why(reason, r.since, r.days, lang),
        since: r.since,
        days: r.days,
        raisedAt: r.raised_at,
        checkinId: r.checkin_id,
        escalatedAt: r.escalated_at,
        closedAt: r.closed_at,
        closedReason: r.closed_reason,
      },
    ];
  });
}
