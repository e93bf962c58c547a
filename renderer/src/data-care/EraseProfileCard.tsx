import { useEffect, useId, useState } from 'react';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';

const roleLabels = { trainee: 'trainee', facilitator: 'facilitator', trainer: 'trainer' } as const;

/** "Delete all data of this profile" (SPEC 7), for anyone's profile: sessions, goals, reflections, activity. */
export function EraseProfileCard() {
  const profiles = useAppStore((state) => state.dataProfiles);
  const action = useAppStore((state) => state.eraseAction);
  const deleteProfileData = useAppStore((state) => state.deleteProfileData);
  const [profileId, setProfileId] = useState('');
  const [removeProfile, setRemoveProfile] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const busy = action.status === 'running';
  const id = useId();
  const chosen = profiles.find((profile) => profile.id === profileId) ?? null;

  // The chosen profile may be gone after deleting it (or a restore).
  useEffect(() => {
    if (profileId && !profiles.some((profile) => profile.id === profileId)) setProfileId('');
  }, [profiles, profileId]);

  const erase = async () => {
    if (!chosen) return;
    setDialogError(null);
    const deleted = await deleteProfileData(chosen.id, removeProfile);
    if (deleted) {
      setConfirming(false);
      setRemoveProfile(false);
    } else setDialogError(useAppStore.getState().eraseAction.error);
  };

  return (
    <section className="dc-card" aria-labelledby={`${id}-title`} data-testid="erase-card">
      <h2 id={`${id}-title`}>Delete all data of a profile</h2>
      <p className="dc-intro">
        For someone who leaves, or asks for their data to be deleted: their sessions (with messages, feedback and summaries), goals, reflections and activity. Manual
        feedback they wrote on other people’s sessions stays with those sessions.
      </p>
      <div className="dc-erase-row">
        <div className="field">
          <label htmlFor={`${id}-profile`}>Profile</label>
          <select id={`${id}-profile`} data-testid="erase-profile" value={profileId} onChange={(event) => setProfileId(event.target.value)}>
            <option value="">Choose a profile…</option>
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.displayName} ({roleLabels[profile.role]})
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn btn-warning"
          data-testid="erase-start"
          disabled={!chosen || busy}
          onClick={() => {
            setDialogError(null);
            setConfirming(true);
          }}
        >
          {busy && <Spinner />}
          Delete data…
        </button>
      </div>
      <ActionOutcome action={action} testId="erase" />

      <ConfirmDialog
        open={confirming && chosen !== null}
        title={`Delete all data of ${chosen?.displayName ?? 'this profile'}?`}
        confirmLabel={removeProfile ? 'Delete the data and the profile' : 'Delete the data'}
        busyLabel="Deleting…"
        danger
        busy={busy}
        error={dialogError}
        onConfirm={() => void erase()}
        onCancel={() => setConfirming(false)}
        testId="erase-dialog"
      >
        <p>This deletes, for good, everything {chosen?.displayName} did in ChatTrain on this computer:</p>
        <ul className="dc-list">
          <li>their sessions, with every message, feedback, summary and safety alert;</li>
          <li>their goals and check-ins, and their reflections;</li>
          <li>their activity log.</li>
        </ul>
        <label className="dc-check" htmlFor={`${id}-remove`}>
          <input id={`${id}-remove`} type="checkbox" data-testid="erase-remove-profile" checked={removeProfile} onChange={(event) => setRemoveProfile(event.target.checked)} />
          <span>Also remove the profile itself</span>
        </label>
        <p>Backups made earlier still contain the data; delete those files too if it must be gone everywhere.</p>
      </ConfirmDialog>
    </section>
  );
}
