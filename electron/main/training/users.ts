import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRole, UserRow } from '../db/schema';

export const DEFAULT_TRAINEE_NAME = 'Trainee';

/** Finds a local profile by display name, creating it with the given role if there is none. */
export async function findOrCreateUser(db: Kysely<Database>, displayName: string, role: UserRole = 'trainee'): Promise<UserRow> {
  const name = displayName.trim() || DEFAULT_TRAINEE_NAME;
  const existing = await db.selectFrom('users').selectAll().where('display_name', '=', name).orderBy('created_at').executeTakeFirst();
  if (existing) return existing;
  const now = new Date().toISOString();
  const user: UserRow = { id: randomUUID(), display_name: name, role, pin_hash: null, created_at: now, updated_at: now };
  await db.insertInto('users').values(user).execute();
  return user;
}

/** The profile used when nobody has chosen one yet: the oldest trainee, or a new "Trainee". */
export async function currentOrDefaultUser(db: Kysely<Database>): Promise<UserRow> {
  const oldest = await db.selectFrom('users').selectAll().where('role', '=', 'trainee').orderBy('created_at').executeTakeFirst();
  return oldest ?? findOrCreateUser(db, DEFAULT_TRAINEE_NAME);
}
