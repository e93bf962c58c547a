import type { Kysely, SelectQueryBuilder } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Database, UserRole } from '../db/schema';

/** Who is looking: a profile's id and role (a UserRow, a Profile or the renderer's UserProfile all fit). */
export interface Viewer {
  id: string;
  role: UserRole;
}

/** Facilitators and trainers see every session on this laptop; a trainee only their own. */
export function seesAllSessions(viewer: Viewer): boolean {
  return viewer.role === 'facilitator' || viewer.role === 'trainer';
}

/**
 * The sessions a viewer may see, as a query to extend (select columns, filter, order):
 *
 *   sessionsVisibleTo(db, user).select(['id', 'status']).where('scenario_id', '=', id).execute()
 *
 * For a trainee it is restricted to `user_id = viewer.id`; for facilitators and trainers
 * it is every session. Use it for every list a trainee can reach.
 */
export function sessionsVisibleTo(db: Kysely<Database>, viewer: Viewer): SelectQueryBuilder<Database, 'sessions', {}> {
  const query = db.selectFrom('sessions');
  return seesAllSessions(viewer) ? query : query.where('sessions.user_id', '=', viewer.id);
}

/** Whether the viewer may open this session (false also when it does not exist). */
export async function canViewSession(db: Kysely<Database>, viewer: Viewer, sessionId: string): Promise<boolean> {
  const row = await sessionsVisibleTo(db, viewer).select('sessions.id').where('sessions.id', '=', sessionId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Throws NOT_FOUND when the viewer may not see the session, the same as for a session
 * that does not exist, so a trainee cannot probe other people's session ids.
 */
export async function assertCanViewSession(db: Kysely<Database>, viewer: Viewer, sessionId: string): Promise<void> {
  if (!(await canViewSession(db, viewer, sessionId))) throw new AppError('NOT_FOUND', `There is no training session with id ${sessionId}.`);
}

/** Throws UNAUTHORIZED unless the viewer has one of the roles (e.g. dashboard, exports). */
export function requireRole(viewer: Viewer, allowed: readonly UserRole[]): void {
  if (!allowed.includes(viewer.role)) {
    throw new AppError('UNAUTHORIZED', `This needs a ${allowed.join(' or ')} profile.`);
  }
}
