import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { localDate } from '../clock';
import type { DB } from '../db/schema';
import { repeatEvery } from '../repeat';
import { runningSeries } from './series.repository';
import { generate } from './series.usecases';

export interface SeriesSweepDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** A series' horizon moves a day at a time; once an hour is plenty, and a start runs it at once. */
export const SERIES_SWEEP_INTERVAL_MS = 3_600_000;

/**
 * Generates every running series up to its horizon (today + weeksAhead), each series in its own
 * transaction. Everything it decides is in the database (a session is unique per series and day), so
 * it may run again, after a restart, or on several servers at once, and each day is made once.
 * Answers how many sessions it made.
 */
export async function sweepSeries(deps: SeriesSweepDeps): Promise<number> {
  const now = deps.clock();
  let made = 0;
  const failures: unknown[] = [];
  for (const series of await runningSeries(deps.db, localDate(now))) {
    try {
      made += await deps.db.transaction().execute((trx) => generate(trx, series, now));
    } catch (error) {
      // One series that fails (a building since removed, say) does not stop the others.
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} series failed to generate`);
  return made;
}

/** Runs the sweep once now and then every interval; returns the function that stops it. */
export function startSeriesWorker(
  deps: SeriesSweepDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
) {
  void sweepSeries(deps).catch(onError);
  return repeatEvery(intervalMs, () => sweepSeries(deps), onError);
}
