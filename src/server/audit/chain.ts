import { createHash } from 'node:crypto';
import type { AuditEventTable } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = Omit<AuditEventTable, 'prev_hash' | 'hash'>;

/** Keys sorted, so the same row always hashes the same way on every database. */
function canonical(content: AuditContent): string {
  const entries = Object.entries(content).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries.map(([key, value]) => [key, value ?? null]));
}

export function chainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(content)).digest('hex');
}

export type ChainVerdict =
  | { ok: true; count: number; lastSeq: number; lastHash: string }
  | { ok: false; seq: number; reason: 'sequence_gap' | 'previous_hash' | 'hash' | 'truncated' };

type ChainBreak = Extract<ChainVerdict, { ok: false }>;

/** Fed rows in seq order; names the first row that does not follow from its predecessor. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;

  push(row: AuditEventTable): ChainBreak | null {
    const { prev_hash, hash, ...content } = row;
    const seq = Number(row.seq);
    if (seq !== this.expectedSeq) return { ok: false, seq, reason: 'sequence_gap' };
    if (prev_hash !== this.prevHash) return { ok: false, seq, reason: 'previous_hash' };
    if (chainHash(prev_hash, { ...content, seq }) !== hash) return { ok: false, seq, reason: 'hash' };
    this.prevHash = hash;
    this.expectedSeq++;
    return null;
  }

  result(): ChainVerdict {
    const count = this.expectedSeq - 1;
    return { ok: true, count, lastSeq: count, lastHash: this.prevHash };
  }
}
