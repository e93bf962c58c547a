import { AppError } from '../../../shared/errors';
import type { peopleChannels } from '../../../shared/people/ipc';
import { facilitatorRoles, isFacilitatorRole, type ProfileDeletion } from '../../../shared/people/types';
import type { CoreServices } from '../chattrain-core';
import { deleteProfileData } from '../data-care/delete-profile-data';
import type { HandlersFor } from '../ipc/router';
import { logActivity } from '../training/activity-log';
import type { ActiveProfile } from './active-profile';
import { createProfile, deleteProfile, getProfile, listProfiles, pinStatus, renameProfile, setProfilePin, setProfileRole } from './profiles';
import { seesAllSessions } from './visibility';

/** Yourself, or anyone when you are a facilitator or trainer. */
async function assertSelfOrFacilitator(people: ActiveProfile, profileId: string, what: string): Promise<void> {
  const viewer = await people.viewer();
  if (viewer.id !== profileId && !seesAllSessions(viewer)) {
    throw new AppError('UNAUTHORIZED', `Only a facilitator or trainer can ${what} of another profile.`);
  }
}

export function peopleHandlers(core: CoreServices): HandlersFor<typeof peopleChannels> {
  const { db } = core.database;
  const { people } = core;
  const clock = { now: core.options.now };

  /** Throws CONFLICT when `profileId` is the only facilitator or trainer left. */
  async function assertAnotherFacilitator(profileId: string, message: string): Promise<void> {
    const other = await db.selectFrom('users').select('id').where('role', 'in', facilitatorRoles).where('id', '!=', profileId).executeTakeFirst();
    if (!other) throw new AppError('CONFLICT', message);
  }

  return {
    'profiles.list': () => listProfiles(db),
    'profiles.current': () => people.profile(),
    'profiles.switch': async ({ profileId, pin }) => {
      const outcome = await people.switchTo(profileId, pin ?? null);
      if (outcome.ok) return outcome;
      const { ok: _ok, ...refusal } = outcome.check;
      await logActivity(db, { type: 'error_occurred', userId: profileId, details: { what: 'pin_refused', reason: refusal.reason } });
      return { ok: false, refusal };
    },
    'profiles.pinStatus': ({ profileId }) => pinStatus(db, profileId, clock),
    'profiles.create': async (input) => {
      if (input.role !== 'trainee') {
        await people.requireOnceFacilitatorsExist('add a facilitator or trainer profile');
      }
      return createProfile(db, { displayName: input.displayName, role: input.role, pin: input.pin ?? null }, clock);
    },
    'profiles.rename': async ({ profileId, displayName }) => {
      await assertSelfOrFacilitator(people, profileId, 'change the name');
      return renameProfile(db, profileId, displayName, clock);
    },
    'profiles.setRole': async ({ profileId, role }) => {
      const viewer = await people.require(facilitatorRoles);
      if (viewer.id === profileId && role === 'trainee') {
        await assertAnotherFacilitator(profileId, 'You are the only facilitator or trainer; make someone else one first.');
      }
      return setProfileRole(db, profileId, role, clock);
    },
    'profiles.setPin': async ({ profileId, pin }) => {
      await assertSelfOrFacilitator(people, profileId, 'change the PIN');
      return setProfilePin(db, profileId, pin, clock);
    },
    'profiles.deleteData': async ({ profileId, removeProfile }): Promise<ProfileDeletion> => {
      await assertSelfOrFacilitator(people, profileId, 'delete the data');
      const target = await getProfile(db, profileId);
      if (removeProfile && isFacilitatorRole(target.role)) {
        // Without any facilitator the next one can be created by anyone, and every trainee's
        // sessions would be open to them: the last one stays (their data can still go).
        await assertAnotherFacilitator(profileId, `${target.displayName} is the only facilitator or trainer; make someone else one before removing this profile.`);
      }
      await core.training.persona?.stopAll();
      if (removeProfile) {
        const removed = await deleteProfile(db, profileId);
        people.forget(profileId);
        return { ...removed, profileRemoved: true };
      }
      const counts = await deleteProfileData(db, profileId);
      return { profileId, ...counts, profileRemoved: false };
    },
  };
}
