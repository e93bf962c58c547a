/** Local profiles as the renderer sees them (SPEC 6). The PIN hash never leaves main. */

export type Role = 'trainee' | 'facilitator' | 'trainer';

export const roles: readonly Role[] = ['trainee', 'facilitator', 'trainer'];

/** Roles that see every session on this laptop and reach the facilitator areas. */
export const facilitatorRoles: readonly Role[] = ['facilitator', 'trainer'];

export const isFacilitatorRole = (role: Role): boolean => facilitatorRoles.includes(role);

export interface Profile {
  id: string;
  displayName: string;
  role: Role;
  /** Whether a PIN protects this profile (only facilitators and trainers can have one). */
  hasPin: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Why a PIN was not accepted, with what the prompt should say next. */
export type PinRefusal =
  | {
      reason: 'wrong_pin';
      /** Wrong PINs in a row so far. */
      failures: number;
      /** Wrong PINs still allowed before a lock-out starts (0 once locking). */
      attemptsBeforeLock: number;
      /** Set when this failure started a lock-out. */
      lockedUntil: string | null;
      retryAfterMs: number;
    }
  | { reason: 'locked'; failures: number; lockedUntil: string; retryAfterMs: number };

export type ProfileSwitchResult = { ok: true; profile: Profile } | { ok: false; refusal: PinRefusal };

export interface PinStatus {
  hasPin: boolean;
  failures: number;
  lockedUntil: string | null;
  retryAfterMs: number;
}

/** Rows of one profile's data that "Delete my data" removes, by kind. */
export interface ProfileDataCounts {
  sessions: number;
  messages: number;
  goals: number;
  reflections: number;
  activity: number;
}

/** What deleting a profile removed. */
export interface ProfileDeletion extends ProfileDataCounts {
  profileId: string;
  /** Whether the profile itself was removed too (otherwise only its data). */
  profileRemoved: boolean;
}
