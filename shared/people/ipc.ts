import { z } from 'zod';
import { output } from '../ipc/output';
import type { PinStatus, Profile, ProfileDeletion, ProfileSwitchResult } from './types';

const profileId = z.uuid();
const role = z.enum(['trainee', 'facilitator', 'trainer']);
const displayName = z.string().trim().min(1, 'give the profile a name').max(200);
/** Digits only, 4–12 of them (checked again, with the same rule, where PINs are hashed). */
export const pinInput = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');

/** Profiles and the active profile (SPEC 6). Main decides who is active, never the renderer. */
export const peopleChannels = {
  'profiles.list': { input: z.undefined(), output: output<Profile[]>() },
  'profiles.current': { input: z.undefined(), output: output<Profile>() },
  /** Becomes `profileId`; a PIN-protected profile needs `pin` (wrong PINs are throttled). */
  'profiles.switch': { input: z.strictObject({ profileId, pin: z.string().max(64).optional() }), output: output<ProfileSwitchResult>() },
  'profiles.pinStatus': { input: z.strictObject({ profileId }), output: output<PinStatus>() },
  /** Anyone may add a trainee; facilitator and trainer profiles need one (except the very first). */
  'profiles.create': {
    input: z.strictObject({ displayName, role, pin: pinInput.optional() }),
    output: output<Profile>(),
  },
  'profiles.rename': { input: z.strictObject({ profileId, displayName }), output: output<Profile>() },
  'profiles.setRole': { input: z.strictObject({ profileId, role }), output: output<Profile>() },
  /** Sets or (null) removes a PIN: your own, or anyone's as a facilitator or trainer. */
  'profiles.setPin': { input: z.strictObject({ profileId, pin: pinInput.nullable() }), output: output<Profile>() },
  /**
   * "Delete all data of this profile": sessions, messages, feedback, goals, reflections,
   * activity. With `removeProfile` the profile goes too. Your own, or anyone's as a
   * facilitator or trainer.
   */
  'profiles.deleteData': { input: z.strictObject({ profileId, removeProfile: z.boolean() }), output: output<ProfileDeletion>() },
} as const;
