import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Database, UserRole, UserRow } from '../db/schema';
import { DEFAULT_TRAINEE_NAME } from '../training/users';
import { PIN_THROTTLE } from './pin-throttle';
import { createProfile, pinStatus, toProfile, verifyProfilePin, type Clock, type PinCheck, type Profile } from './profiles';
import { requireRole, seesAllSessions, type Viewer } from './visibility';

/** Settings-table key remembering who used the app last (restored only for profiles without a PIN). */
export const ACTIVE_PROFILE_KEY = 'active_profile_id';

export type SwitchOutcome = { ok: true; profile: Profile } | { ok: false; check: Exclude<PinCheck, { ok: true }> };

/**
 * Who is using the app right now. Every IPC handler asks this, never the renderer, which
 * profile it acts for: a trainee sees and changes only their own sessions, and the
 * facilitator areas need a facilitator or trainer profile.
 *
 * Switching to a profile with a PIN needs the PIN (checked with the persisted throttle).
 * Such a profile is not restored after a restart: only switches to profiles without a PIN
 * are remembered, so the app comes back as the last profile without a PIN, or the default
 * trainee, and leaving a laptop never leaves a facilitator area open.
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
    const row = (await this.remembered()) ?? (await this.defaultTrainee());
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

  /**
   * Facilitator-level actions on a laptop that has no facilitator or trainer yet are
   * open to anyone (someone has to create the first one); once one exists they need
   * that role. `what` finishes the refusal: "Only a facilitator or trainer can <what>."
   */
  async requireOnceFacilitatorsExist(what: string): Promise<void> {
    // Existence first: asking for the viewer would create the default trainee on a fresh laptop.
    const facilitator = await this.db.selectFrom('users').select('id').where('role', 'in', ['facilitator', 'trainer']).executeTakeFirst();
    if (!facilitator || seesAllSessions(await this.viewer())) return;
    throw new AppError('UNAUTHORIZED', `Only a facilitator or trainer can ${what}.`);
  }

  /** Makes `id` the active profile; a PIN-protected profile needs its PIN. */
  async switchTo(id: string, pin: string | null): Promise<SwitchOutcome> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That profile no longer exists.');
    if (row.pin_hash !== null) {
      if (!pin) return { ok: false, check: await this.pinRequired(id) };
      const check = await verifyProfilePin(this.db, id, pin, this.clock);
      if (!check.ok) return { ok: false, check };
    }
    this.activeId = id;
    if (row.pin_hash !== null) return { ok: true, profile: toProfile(row) };
    const now = (this.clock.now ?? (() => new Date()))().toISOString();
    await this.db
      .insertInto('settings')
      .values({ key: ACTIVE_PROFILE_KEY, value_json: JSON.stringify(id), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(id), updated_at: now }))
      .execute();
    return { ok: true, profile: toProfile(row) };
  }

  /** No PIN was given at all: not a guess, so it is refused without counting as a wrong PIN. */
  private async pinRequired(id: string): Promise<Exclude<PinCheck, { ok: true }>> {
    const status = await pinStatus(this.db, id, this.clock);
    if (status.lockedUntil !== null) return { ok: false, reason: 'locked', failures: status.failures, lockedUntil: status.lockedUntil, retryAfterMs: status.retryAfterMs };
    return { ok: false, reason: 'wrong_pin', failures: status.failures, attemptsBeforeLock: Math.max(0, PIN_THROTTLE.lockAfter - status.failures), lockedUntil: null, retryAfterMs: 0 };
  }

  /** Forgets the active profile (it was deleted); the next call falls back to the default. */
  forget(id: string): void {
    if (this.activeId === id) this.activeId = null;
  }

  /**
   * Carries the person using the app over to a reopened database (after a restore or a
   * move of the data folder): they stay active if their profile is there with the same
   * role; otherwise the usual fallback applies.
   */
  async continueAs(viewer: Viewer): Promise<void> {
    const row = await this.db.selectFrom('users').select(['id', 'role']).where('id', '=', viewer.id).executeTakeFirst();
    if (row && row.role === viewer.role) this.activeId = row.id;
  }

  /**
   * The oldest trainee, or a new one when there is none. Deliberately not "the profile
   * called Trainee": that name may belong to a facilitator with a PIN by now.
   */
  private async defaultTrainee(): Promise<UserRow> {
    const oldest = await this.db.selectFrom('users').selectAll().where('role', '=', 'trainee').orderBy('created_at').orderBy('id').executeTakeFirst();
    if (oldest) return oldest;
    const taken = new Set((await this.db.selectFrom('users').select('display_name').execute()).map((user) => user.display_name.toLowerCase()));
    let name = DEFAULT_TRAINEE_NAME;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${DEFAULT_TRAINEE_NAME} ${n}`;
    const created = await createProfile(this.db, { displayName: name, role: 'trainee' }, this.clock);
    return this.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
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
