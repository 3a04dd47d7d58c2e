import type { Scope } from './scope';
import type { UserRecord } from './users.repository';

/** The signed-in person behind a request, with the scope computed for it. */
export interface Actor {
  user: UserRecord;
  sessionId: string;
  csrfToken: string;
  scope: Scope;
  /** The scope version (migration 0010) read with the session: what the scope is current for. */
  scopeVersion: number;
  ip: string;
}
