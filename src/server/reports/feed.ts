import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { TReportSummary } from '../../shared/contracts/reports';
import type { Language } from '../../shared/errors';
import type { Database } from '../db/database';
import type { ReportTable } from '../db/schema';

/** What travels between servers: ids only; each server reads the report itself and decides who sees it. */
export interface ReportSignal {
  kind: 'created' | 'escalated' | 'updated';
  reportId: string;
  at: string;
}

/** A step of the missed check-in ladder happened, or someone answered a climbing check-in (care area). */
export interface CheckinSignal {
  kind: 'checkin_missed' | 'checkin_escalated' | 'checkin_door_visit' | 'checkin_recorded';
  checkinId: string;
  step: number;
  at: string;
}

export type FeedSignal = ReportSignal | CheckinSignal;

/**
 * What the server that saved a report already holds of it, handed to its own screens so they need not
 * read it back. It never travels between servers: those read the report themselves.
 */
export interface SavedReport {
  row: ReportTable;
  summary: TReportSummary;
  lang: Language;
}

type Listener = (signal: FeedSignal, saved?: SavedReport) => void;

/**
 * The live feed's bus. Signals go straight to this process's listeners; on PostgreSQL they also go
 * through NOTIFY, and every other server LISTENing hands them to its own listeners, so screens
 * connected to any server see reports saved through any other.
 */
export interface FeedBus {
  publish(signal: FeedSignal, saved?: SavedReport): Promise<void>;
  subscribe(listener: Listener): () => void;
  /**
   * Signals published by this server only, not those relayed from other servers: for work that must be
   * done once per signal whichever server took the request (a push notification).
   */
  subscribeOwn(listener: Listener): () => void;
  close(): Promise<void>;
}

class LocalFeedBus implements FeedBus {
  protected readonly listeners = new Set<Listener>();
  private readonly ownListeners = new Set<Listener>();

  async publish(signal: FeedSignal, saved?: SavedReport): Promise<void> {
    this.deliver(signal, saved);
    this.deliverOwn(signal, saved);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeOwn(listener: Listener): () => void {
    this.ownListeners.add(listener);
    return () => this.ownListeners.delete(listener);
  }

  protected deliver(signal: FeedSignal, saved?: SavedReport): void {
    for (const listener of this.listeners) listener(signal, saved);
  }

  protected deliverOwn(signal: FeedSignal, saved?: SavedReport): void {
    for (const listener of this.ownListeners) listener(signal, saved);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.ownListeners.clear();
  }
}

class PostgresFeedBus extends LocalFeedBus {
  private readonly client: pg.Client;
  private readonly ready: Promise<void>;
  /** Tells this server's own NOTIFYs from other servers'. */
  private readonly origin = randomUUID();
  private readonly unsent: { payload: string; resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly database: Database,
    private readonly channel: string,
    url: string,
  ) {
    super();
    this.client = new pg.Client({ connectionString: url });
    this.client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return;
      const { origin, ...signal } = JSON.parse(message.payload) as FeedSignal & { origin?: string };
      // This server's own screens had it at publish time, with what it already held.
      if (origin === this.origin) return;
      this.deliver(signal as FeedSignal);
    });
    // A lost LISTEN connection would silently stop the feed; log it and let the server's health show it.
    this.client.on('error', (error) => console.error('live feed connection lost', error));
    this.ready = this.client.connect().then(async () => {
      await this.client.query(`LISTEN ${this.channel}`);
    });
  }

  override async publish(signal: FeedSignal, saved?: SavedReport): Promise<void> {
    await this.ready;
    this.deliver(signal, saved);
    this.deliverOwn(signal, saved);
    await this.notifyOthers(JSON.stringify({ ...signal, origin: this.origin }));
  }

  /**
   * Signals published in one turn of the event loop — the reports of one shared commit — go out in one
   * statement: every round trip costs the server a socket write, a good part of a report's own cost.
   */
  private notifyOthers(payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unsent.push({ payload, resolve, reject });
      if (this.unsent.length === 1) setImmediate(() => void this.sendUnsent());
    });
  }

  private async sendUnsent(): Promise<void> {
    const batch = this.unsent.splice(0);
    const payloads = batch.map((b) => b.payload);
    try {
      await sql`SELECT pg_notify(${this.channel}, payload) FROM unnest(${payloads}::text[]) AS payload`.execute(
        this.database.db,
      );
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  whenListening(): Promise<void> {
    return this.ready;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.client.end().catch(() => undefined);
  }
}

/** One channel per schema, so test databases sharing a server never hear each other. */
export function feedChannel(schema: string): string {
  return `linli_feed_${schema.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
}

export async function openFeedBus(database: Database): Promise<FeedBus> {
  if (database.dialect !== 'postgres' || !database.pgUrl || !database.pgSchema) return new LocalFeedBus();
  const bus = new PostgresFeedBus(database, feedChannel(database.pgSchema), database.pgUrl);
  await bus.whenListening();
  return bus;
}
