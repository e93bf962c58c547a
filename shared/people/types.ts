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
  | { reason: 'wrong_pin'; failures: number; attemptsBeforeLock: number; lockedUntil: string | null; retryAfterMs: number }
  | { reason: 'locked'; failures: number; lockedUntil: string; retryAfterMs: number };

export type ProfileSwitchResult = { ok: true; profile: Profile } | { ok: false; refusal: PinRefusal };

export interface PinStatus {
  hasPin: boolean;
  failures: number;
  lockedUntil: string | null;
  retryAfterMs: number;
}

/** What deleting a profile removed. */
export interface ProfileDeletion {
  profileId: string;
  sessions: number;
  messages: number;
  goals: number;
  reflections: number;
  activity: number;
  /** Whether the profile itself was removed too (otherwise only its data). */
  profileRemoved: boolean;
}
