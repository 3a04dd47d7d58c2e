import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { insertCheckpoint, latestAuditCheckpoint, readAuditHead } from './checkpoints.repository';
import { appendCheckpointFile, type Checkpoint, type SigningKey, signCheckpoint } from './signingKey';

export interface CheckpointDeps {
  db: Kysely<DB>;
  clock: Clock;
  key: SigningKey;
  /** The file outside the data folder each checkpoint is appended to. */
  file: string;
}

/**
 * Signs where the chain stands now, into the database and the checkpoint file. Nothing is signed
 * while the chain has not moved since the last checkpoint, so an idle server does not grow the file.
 */
export async function takeCheckpoint(deps: CheckpointDeps): Promise<Checkpoint | null> {
  const head = await readAuditHead(deps.db);
  if (!head || head.seq === 0) return null;
  const latest = await latestAuditCheckpoint(deps.db);
  if (latest && latest.seq === head.seq && latest.hash === head.hash) return null;
  const checkpoint = signCheckpoint(deps.key, { ...head, at: deps.clock().toISOString() });
  // The file first: a checkpoint in the file but not the database is harmless, the other way round
  // would leave a gap in the copy kept off the machine.
  appendCheckpointFile(deps.file, checkpoint);
  await insertCheckpoint(deps.db, checkpoint);
  return checkpoint;
}

/** Every `intervalMs` a checkpoint; the returned stop takes one last, for the shutdown. */
export function startCheckpointWorker(
  deps: CheckpointDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(() => takeCheckpoint(deps)).catch(onError);
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    run();
    await running;
  };
}
