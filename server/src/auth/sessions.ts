import type { SessionRepository, UserRecord } from '../store/ports.js';
import { csrfTokenOf } from './csrf.js';
import { newSecret, sha256Hex } from './secrets.js';
import { sessionExpiry } from './session-cookie.js';

export interface StartedSession {
  /** The cookie's value; only its digest is stored. */
  sessionId: string;
  csrfToken: string;
  expiresAt: number;
}

/** Signs a user in: a new session, stored as digests. */
export async function startSession(
  sessions: SessionRepository,
  user: UserRecord,
  client: { ip: string | null; userAgent: string | null; now: number },
): Promise<StartedSession> {
  const sessionId = newSecret();
  const csrfToken = csrfTokenOf(sessionId);
  const expiresAt = sessionExpiry(client.now, client.now);
  await sessions.create({
    idSha256: sha256Hex(sessionId),
    userId: user.id,
    csrfSha256: sha256Hex(csrfToken),
    createdAt: client.now,
    lastSeenAt: client.now,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  // Sessions that ended unused would otherwise stay forever.
  await sessions.removeExpired(client.now);
  return { sessionId, csrfToken, expiresAt };
}
