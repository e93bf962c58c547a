import type { PinRefusal, Profile, ProfileDeletion, Role } from '../../../shared/people/types';
import { invoke } from '../ipc/client';
import { plural } from '../ui/format';
import { describeError } from './errors';
import type { LoadStatus, SliceCreator } from './types';

export type ProfileActionKind = 'create' | 'rename' | 'role' | 'pin' | 'delete-data' | 'delete-profile';

/** The profile change the user asked for last, and how it went (one at a time). */
export interface ProfileAction {
  status: 'idle' | 'running' | 'done' | 'error';
  kind: ProfileActionKind | null;
  /** The profile it concerns; null when creating. */
  profileId: string | null;
  error: string | null;
  /** What happened, in words, once done. */
  message: string | null;
}

export const idleProfileAction: ProfileAction = { status: 'idle', kind: null, profileId: null, error: null, message: null };

/** The PIN dialog while switching to a protected profile. */
export interface PinPrompt {
  profile: Profile;
  /** `checking` while main verifies a PIN. */
  status: 'idle' | 'checking';
  /** Why the last PIN (or the profile's state when the dialog opened) keeps the door shut. */
  refusal: PinRefusal | null;
  /** `Date.now()` when `refusal` arrived: its `retryAfterMs` counts down from there. */
  refusalAt: number;
  /** The check could not run at all (app error). */
  error: string | null;
}

export interface NewProfile {
  displayName: string;
  role: Role;
  /** Facilitators and trainers only; omitted for none. */
  pin?: string;
}

export interface PeopleSlice {
  /** Who is using the app (main decides; this mirrors it). */
  currentProfile: Profile | null;
  currentProfileStatus: LoadStatus;
  currentProfileError: string | null;
  /** Every profile on this computer, by name. */
  profiles: Profile[];
  profilesStatus: LoadStatus;
  profilesError: string | null;
  pinPrompt: PinPrompt | null;
  /** A switch that needs no PIN, or the PIN dialog's, is under way; `switchError` says why one failed. */
  switching: boolean;
  switchError: string | null;
  profileAction: ProfileAction;
  /** What the latest "delete data" / "delete profile" removed. */
  lastDeletion: (ProfileDeletion & { displayName: string }) | null;

  loadCurrentProfile(): Promise<void>;
  loadProfiles(): Promise<void>;
  /**
   * Switches to a profile; one with a PIN opens the PIN prompt instead (and resolves
   * false: `submitPin` finishes the switch). Resolves true once switched.
   */
  requestSwitch(profileId: string): Promise<boolean>;
  /** Sends the typed PIN; resolves true when it was right and the switch happened. */
  submitPin(pin: string): Promise<boolean>;
  cancelPinPrompt(): void;
  dismissSwitchError(): void;
  /** Resolves with the new profile, or null (the reason is in `profileAction`). */
  createProfile(input: NewProfile): Promise<Profile | null>;
  renameProfile(profileId: string, displayName: string): Promise<boolean>;
  setProfileRole(profileId: string, role: Role): Promise<boolean>;
  /** Sets, or with null removes, a PIN. */
  setProfilePin(profileId: string, pin: string | null): Promise<boolean>;
  /** "Delete all data of this profile", with `removeProfile` the profile too. */
  deleteDataOfProfile(profileId: string, removeProfile: boolean): Promise<ProfileDeletion | null>;
  resetProfileAction(): void;
}

export const roleLabels: Record<Role, string> = { trainee: 'Trainee', facilitator: 'Facilitator', trainer: 'Trainer' };

/** "2 sessions, 31 messages, 1 goal, 0 reflections and 12 activity records". */
export function describeDeletion(deletion: ProfileDeletion): string {
  const parts = [
    plural(deletion.sessions, 'session'),
    plural(deletion.messages, 'message'),
    plural(deletion.goals, 'goal'),
    plural(deletion.reflections, 'reflection'),
    plural(deletion.activity, 'activity record'),
  ];
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * Profiles and who is using the app. Main is the authority (it refuses what a role may
 * not do, and checks PINs with throttling); this slice mirrors the active profile so the
 * header and screens can show the right things, and after a switch it re-reads the data
 * that belongs to a person (the "continue" list, track locks in the library).
 */
export const createPeopleSlice: SliceCreator<PeopleSlice> = (set, get) => {
  let currentRequest = 0;
  let listRequest = 0;
  let pinRequest = 0;

  const sameProfile = (a: Profile | null, b: Profile | null) => a !== null && b !== null && a.id === b.id;

  /** Everything shown for one person is read again, starting from the library. */
  function switched(profile: Profile): void {
    currentRequest++;
    set({ currentProfile: profile, currentProfileStatus: 'ready', currentProfileError: null, pinPrompt: null, switching: false, switchError: null });
    get().resetProfileAction();
    get().goToLibrary();
    void get().loadResumable();
    void get().loadScenarios({ quiet: true });
    void get().loadProfiles();
  }

  /** After a change to a profile: keep the list (and, if it is ours, the header) current. */
  function changed(profile: Profile): void {
    set((state) => ({
      profiles: state.profiles.map((candidate) => (candidate.id === profile.id ? profile : candidate)),
      ...(sameProfile(state.currentProfile, profile) ? { currentProfile: profile } : {}),
    }));
    void get().loadProfiles();
  }

  async function act<T>(kind: ProfileActionKind, profileId: string | null, run: () => Promise<T>, message: (value: T) => string): Promise<T | null> {
    if (get().profileAction.status === 'running') return null;
    set({ profileAction: { status: 'running', kind, profileId, error: null, message: null } });
    try {
      const value = await run();
      set({ profileAction: { status: 'done', kind, profileId, error: null, message: message(value) } });
      return value;
    } catch (error) {
      set({ profileAction: { status: 'error', kind, profileId, error: describeError(error), message: null } });
      return null;
    }
  }

  const nameOf = (profileId: string) => get().profiles.find((profile) => profile.id === profileId)?.displayName ?? 'the profile';

  return {
    currentProfile: null,
    currentProfileStatus: 'idle',
    currentProfileError: null,
    profiles: [],
    profilesStatus: 'idle',
    profilesError: null,
    pinPrompt: null,
    switching: false,
    switchError: null,
    profileAction: idleProfileAction,
    lastDeletion: null,

    async loadCurrentProfile() {
      const request = ++currentRequest;
      if (get().currentProfileStatus !== 'ready') set({ currentProfileStatus: 'loading', currentProfileError: null });
      try {
        const profile = await invoke('profiles.current');
        if (request !== currentRequest) return;
        set({ currentProfile: profile, currentProfileStatus: 'ready', currentProfileError: null });
      } catch (error) {
        if (request !== currentRequest) return;
        set({ currentProfileStatus: 'error', currentProfileError: describeError(error) });
      }
    },

    async loadProfiles() {
      const request = ++listRequest;
      if (get().profilesStatus !== 'ready') set({ profilesStatus: 'loading', profilesError: null });
      try {
        const profiles = await invoke('profiles.list');
        if (request !== listRequest) return;
        set({ profiles, profilesStatus: 'ready', profilesError: null });
      } catch (error) {
        if (request !== listRequest) return;
        set({ profilesStatus: 'error', profilesError: describeError(error) });
      }
    },

    async requestSwitch(profileId) {
      if (get().switching) return false;
      const profile = get().profiles.find((candidate) => candidate.id === profileId);
      if (profile?.hasPin) {
        const request = ++pinRequest;
        set({ pinPrompt: { profile, status: 'idle', refusal: null, refusalAt: 0, error: null }, switchError: null });
        // A profile still locked from earlier attempts says so before anyone types.
        try {
          const status = await invoke('profiles.pinStatus', { profileId });
          const prompt = get().pinPrompt;
          if (request !== pinRequest || !prompt || status.retryAfterMs <= 0 || !status.lockedUntil) return false;
          set({
            pinPrompt: {
              ...prompt,
              refusal: { reason: 'locked', failures: status.failures, lockedUntil: status.lockedUntil, retryAfterMs: status.retryAfterMs },
              refusalAt: Date.now(),
            },
          });
        } catch {
          // The status is a courtesy: the PIN check itself reports a lock-out too.
        }
        return false;
      }
      set({ switching: true, switchError: null });
      try {
        const result = await invoke('profiles.switch', { profileId });
        if (result.ok) {
          switched(result.profile);
          return true;
        }
        // The profile got a PIN since the list was read (asking without one costs no attempt): ask for it.
        await get().loadProfiles();
        const fresh = get().profiles.find((candidate) => candidate.id === profileId);
        set({
          switching: false,
          pinPrompt: fresh ? { profile: { ...fresh, hasPin: true }, status: 'idle', refusal: null, refusalAt: 0, error: null } : null,
          switchError: fresh ? null : 'That profile no longer exists.',
        });
        return false;
      } catch (error) {
        set({ switching: false, switchError: describeError(error) });
        void get().loadProfiles();
        return false;
      }
    },

    async submitPin(pin) {
      const prompt = get().pinPrompt;
      if (!prompt || prompt.status === 'checking') return false;
      const request = ++pinRequest;
      set({ pinPrompt: { ...prompt, status: 'checking', error: null } });
      try {
        const result = await invoke('profiles.switch', { profileId: prompt.profile.id, pin });
        if (result.ok) {
          // Main switched, so the page follows even if the prompt was closed meanwhile.
          switched(result.profile);
          return true;
        }
        if (request !== pinRequest || !get().pinPrompt) return false;
        set({ pinPrompt: { ...prompt, status: 'idle', refusal: result.refusal, refusalAt: Date.now(), error: null } });
        return false;
      } catch (error) {
        if (request !== pinRequest || !get().pinPrompt) return false;
        set({ pinPrompt: { ...prompt, status: 'idle', error: describeError(error) } });
        return false;
      }
    },

    cancelPinPrompt() {
      // A PIN being checked finishes first: main may be switching already.
      if (get().pinPrompt?.status === 'checking') return;
      pinRequest++;
      set({ pinPrompt: null });
    },

    dismissSwitchError() {
      set({ switchError: null });
    },

    async createProfile(input) {
      const created = await act(
        'create',
        null,
        () => invoke('profiles.create', input.pin ? { displayName: input.displayName, role: input.role, pin: input.pin } : { displayName: input.displayName, role: input.role }),
        (profile) => `Added ${profile.displayName} (${roleLabels[profile.role].toLowerCase()}${profile.hasPin ? ', with a PIN' : ''}).`,
      );
      if (created) {
        set((state) => ({ profiles: [...state.profiles, created] }));
        void get().loadProfiles();
      }
      return created;
    },

    async renameProfile(profileId, displayName) {
      const before = nameOf(profileId);
      const renamed = await act('rename', profileId, () => invoke('profiles.rename', { profileId, displayName }), (profile) => `${before} is now called ${profile.displayName}.`);
      if (renamed) changed(renamed);
      return renamed !== null;
    },

    async setProfileRole(profileId, role) {
      const updated = await act(
        'role',
        profileId,
        () => invoke('profiles.setRole', { profileId, role }),
        (profile) => `${profile.displayName} is now a ${roleLabels[profile.role].toLowerCase()}.`,
      );
      if (updated) changed(updated);
      return updated !== null;
    },

    async setProfilePin(profileId, pin) {
      const updated = await act(
        'pin',
        profileId,
        () => invoke('profiles.setPin', { profileId, pin }),
        (profile) => (pin === null ? `The PIN of ${profile.displayName} is removed.` : `${profile.displayName} now needs a PIN to switch to.`),
      );
      if (updated) changed(updated);
      return updated !== null;
    },

    async deleteDataOfProfile(profileId, removeProfile) {
      const displayName = nameOf(profileId);
      const wasCurrent = get().currentProfile?.id === profileId;
      const deletion = await act(
        removeProfile ? 'delete-profile' : 'delete-data',
        profileId,
        () => invoke('profiles.deleteData', { profileId, removeProfile }),
        (result) =>
          result.profileRemoved
            ? `Deleted the profile ${displayName} with ${describeDeletion(result)}.`
            : `Deleted ${describeDeletion(result)} of ${displayName}. The profile stays.`,
      );
      if (!deletion) return null;
      set({ lastDeletion: { ...deletion, displayName } });
      if (deletion.profileRemoved) set((state) => ({ profiles: state.profiles.filter((profile) => profile.id !== profileId) }));
      void get().loadProfiles();
      if (wasCurrent) {
        // Our own sessions went (and maybe our profile: main fell back to another one).
        await get().loadCurrentProfile();
        void get().loadResumable();
        void get().loadScenarios({ quiet: true });
      }
      return deletion;
    },

    resetProfileAction() {
      if (get().profileAction.status === 'running') return;
      set({ profileAction: idleProfileAction, lastDeletion: null });
    },
  };
};
