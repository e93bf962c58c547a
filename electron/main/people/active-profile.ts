import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Database, UserRole, UserRow } from '../db/schema';
import { currentOrDefaultUser } from '../training/users';
import { toProfile, verifyProfilePin, type Clock, type PinCheck, type Profile } from './profiles';
import { requireRole, type Viewer } from './visibility';

/** Settings-table key remembering who used the app last (restored only for profiles without a PIN). */
export const ACTIVE_PROFILE_KEY = 'active_profile_id';

export type SwitchOutcome = { ok: true; profile: Profile } | { ok: false; check: Exclude<PinCheck, { ok: true }> };

/**
 * Who is using the app right now. Every IPC handler asks this, never the renderer, which
 * profile it acts for: a trainee sees and changes only their own sessions, and the
 * facilitator areas need a facilitator or trainer profile.
 *
 * Switching to a profile with a PIN needs the PIN (checked with the persisted throttle).
 * Such a profile is not restored after a restart: the app comes back as the last
 * profile without a PIN, or the default trainee, so leaving a laptop never leaves a
 * facilitator area open.
 */
export class ActiveProfile {
  private activeId: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = {},
  ) {}

  async current(): Promise<UserRow> {
    if (this.activeId) {
      const row = await this.db.selectFrom('users').selectAll().where('id', '=', this.activeId).executeTakeFirst();
      if (row) return row;
      this.activeId = null; // deleted meanwhile (e.g. "delete all data of this profile")
    }
    const row = (await this.remembered()) ?? (await currentOrDefaultUser(this.db));
    this.activeId = row.id;
    return row;
  }

  async profile(): Promise<Profile> {
    return toProfile(await this.current());
  }

  async viewer(): Promise<Viewer> {
    const { id, role } = await this.current();
    return { id, role };
  }

  /** Throws UNAUTHORIZED unless the active profile has one of the roles. */
  async require(roles: readonly UserRole[]): Promise<Viewer> {
    const viewer = await this.viewer();
    requireRole(viewer, roles);
    return viewer;
  }

  /** Makes `id` the active profile; a PIN-protected profile needs its PIN. */
  async switchTo(id: string, pin: string | null): Promise<SwitchOutcome> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That profile no longer exists.');
    if (row.pin_hash !== null) {
      const check = await verifyProfilePin(this.db, id, pin ?? '', this.clock);
      if (!check.ok) return { ok: false, check };
    }
    this.activeId = id;
    const now = (this.clock.now ?? (() => new Date()))().toISOString();
    await this.db
      .insertInto('settings')
      .values({ key: ACTIVE_PROFILE_KEY, value_json: JSON.stringify(id), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(id), updated_at: now }))
      .execute();
    return { ok: true, profile: toProfile(row) };
  }

  /** Forgets the active profile (it was deleted); the next call falls back to the default. */
  forget(id: string): void {
    if (this.activeId === id) this.activeId = null;
  }

  private async remembered(): Promise<UserRow | null> {
    const stored = await this.db.selectFrom('settings').select('value_json').where('key', '=', ACTIVE_PROFILE_KEY).executeTakeFirst();
    if (!stored) return null;
    let id: unknown;
    try {
      id = JSON.parse(stored.value_json);
    } catch {
      return null;
    }
    if (typeof id !== 'string') return null;
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && row.pin_hash === null ? row : null;
  }
}
