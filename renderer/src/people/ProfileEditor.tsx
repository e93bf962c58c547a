import { useId, useState, type FormEvent } from 'react';
import { isFacilitatorRole, type Profile, type Role } from '../../../shared/people/types';
import { useAppStore } from '../store';
import { roleLabels, type ProfileActionKind } from '../store/people-slice';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { AlertIcon, CheckIcon, Spinner, TrashIcon } from '../ui/icons';
import { roleExplanations } from './AddProfileForm';
import { emptyPinPair, PinFields, type PinPair } from './PinFields';
import { newPinProblem, type NewPinProblem } from './pin-messages';

interface Props {
  profile: Profile;
  /** The active profile is a facilitator or trainer. */
  manager: boolean;
  /** This is the active profile. */
  isSelf: boolean;
}

type Deletion = 'data' | 'profile';

/**
 * What can be changed about one profile, section by section: its name, its role
 * (facilitators only), its PIN (facilitator and trainer profiles: your own, or anyone's
 * as a facilitator), and deleting its data or the profile itself. Main checks each of
 * these again; a refusal is shown next to the section it concerns.
 */
export function ProfileEditor({ profile, manager, isSelf }: Props) {
  const action = useAppStore((state) => state.profileAction);
  const id = useId();
  const errorFor = (kind: ProfileActionKind) => (action.status === 'error' && action.kind === kind && action.profileId === profile.id ? action.error : null);
  const doneFor = (kind: ProfileActionKind) => (action.status === 'done' && action.kind === kind && action.profileId === profile.id ? action.message : null);
  const runningFor = (kind: ProfileActionKind) => action.status === 'running' && action.kind === kind && action.profileId === profile.id;
  const busy = action.status === 'running';
  const canPin = isFacilitatorRole(profile.role) && (manager || isSelf);

  return (
    <div className="profile-editor" id={`editor-${profile.id}`} data-testid="profile-editor">
      <RenameSection profile={profile} id={id} busy={busy} running={runningFor('rename')} error={errorFor('rename')} done={doneFor('rename')} />
      {manager && (
        <RoleSection profile={profile} id={id} isSelf={isSelf} busy={busy} running={runningFor('role')} error={errorFor('role')} done={doneFor('role')} />
      )}
      {canPin && <PinSection profile={profile} id={id} busy={busy} running={runningFor('pin')} error={errorFor('pin')} done={doneFor('pin')} />}
      <DeleteSection profile={profile} isSelf={isSelf} busy={busy} runningFor={runningFor} errorFor={errorFor} done={doneFor('delete-data')} />
    </div>
  );
}

interface SectionProps {
  profile: Profile;
  id: string;
  busy: boolean;
  running: boolean;
  error: string | null;
  /** What the section's last action did (shown next to it: the page may be scrolled far down). */
  done: string | null;
}

function SectionError({ error, testId }: { error: string | null; testId: string }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert" data-testid={testId}>
      <AlertIcon size={16} /> {error}
    </p>
  );
}

function SectionDone({ message }: { message: string | null }) {
  return (
    <p className={message ? 'section-done' : 'visually-hidden'} role="status" data-testid={message ? 'section-done' : undefined}>
      {message && <CheckIcon size={16} />}
      {message}
    </p>
  );
}

function RenameSection({ profile, id, busy, running, error, done }: SectionProps) {
  const renameProfile = useAppStore((state) => state.renameProfile);
  const [name, setName] = useState(profile.displayName);
  const [problem, setProblem] = useState<string | null>(null);
  const unchanged = name.trim() === profile.displayName;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || unchanged) return;
    if (name.trim() === '') {
      setProblem('A profile needs a name.');
      document.getElementById(`${id}-rename`)?.focus();
      return;
    }
    void renameProfile(profile.id, name.trim());
  };

  return (
    <form className="editor-section" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-rename-title`}>
      <h3 id={`${id}-rename-title`} className="editor-section-title">
        Name
      </h3>
      <div className="editor-inline">
        <div className="field">
          <label htmlFor={`${id}-rename`} className="visually-hidden">
            Name of the profile
          </label>
          <input
            id={`${id}-rename`}
            type="text"
            maxLength={200}
            autoComplete="off"
            value={name}
            aria-invalid={problem !== null}
            aria-describedby={problem ? `${id}-rename-problem` : undefined}
            data-testid="rename-input"
            onChange={(event) => {
              setName(event.target.value);
              setProblem(null);
            }}
          />
        </div>
        <button type="submit" className="btn btn-secondary" disabled={busy || unchanged} aria-busy={running} data-testid="rename-submit">
          {running && <Spinner />}
          Save name
        </button>
      </div>
      {problem && (
        <p id={`${id}-rename-problem`} className="people-field-error">
          {problem}
        </p>
      )}
      <SectionError error={error} testId="rename-error" />
      <SectionDone message={done} />
    </form>
  );
}

function RoleSection({ profile, id, isSelf, busy, running, error, done }: SectionProps & { isSelf: boolean }) {
  const setProfileRole = useAppStore((state) => state.setProfileRole);
  const [role, setRole] = useState<Role>(profile.role);
  const [shownRole, setShownRole] = useState(profile.role);
  // Main may have changed it (or refused): follow the saved role.
  if (shownRole !== profile.role) {
    setShownRole(profile.role);
    setRole(profile.role);
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || role === profile.role) return;
    void setProfileRole(profile.id, role);
  };

  const losesPin = role === 'trainee' && profile.hasPin;
  return (
    <form className="editor-section" onSubmit={onSubmit} noValidate>
      <fieldset className="role-choice role-choice-compact" disabled={busy} aria-describedby={`${id}-role-explain`}>
        <legend className="editor-section-title">Role</legend>
        <div className="role-options-row">
          {(['trainee', 'facilitator', 'trainer'] as const).map((option) => (
            <label key={option} className={role === option ? 'role-option role-option-checked' : 'role-option'}>
              <input type="radio" name={`${id}-role`} value={option} checked={role === option} onChange={() => setRole(option)} data-testid={`role-option-${option}`} />
              <span className="role-option-name">
                {roleLabels[option]}
                {option === profile.role && <span className="role-option-current"> (now)</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p id={`${id}-role-explain`} className="people-hint">
        {roleLabels[role]}: {roleExplanations[role]}
      </p>
      {losesPin && <p className="people-hint">Trainees have no PIN: changing to trainee removes this profile’s PIN.</p>}
      {isSelf && role === 'trainee' && profile.role !== 'trainee' && (
        <p className="people-hint">You will lose access to the facilitator areas at once.</p>
      )}
      <div>
        <button type="submit" className="btn btn-secondary" disabled={busy || role === profile.role} aria-busy={running} data-testid="role-submit">
          {running && <Spinner />}
          Change role
        </button>
      </div>
      <SectionError error={error} testId="role-error" />
      <SectionDone message={done} />
    </form>
  );
}

function PinSection({ profile, id, busy, running, error, done }: SectionProps) {
  const setProfilePin = useAppStore((state) => state.setProfilePin);
  const [pins, setPins] = useState<PinPair>(emptyPinPair);
  const [problem, setProblem] = useState<NewPinProblem | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const fieldsId = `${id}-newpin`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const issue = newPinProblem(pins.pin, pins.repeat, true);
    setProblem(issue);
    if (issue) {
      document.getElementById(`${fieldsId}-${issue.field}`)?.focus();
      return;
    }
    if (await setProfilePin(profile.id, pins.pin)) setPins(emptyPinPair);
  };

  return (
    <form className="editor-section" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={`${id}-pin-title`}>
      <h3 id={`${id}-pin-title`} className="editor-section-title">
        PIN
      </h3>
      <p className="people-hint">
        {profile.hasPin ? 'A PIN is asked for whenever someone switches to this profile.' : 'No PIN yet: anyone can switch to this profile and see everyone’s sessions.'}
      </p>
      <PinFields
        idPrefix={fieldsId}
        value={pins}
        problem={problem}
        label={profile.hasPin ? 'New PIN' : 'PIN'}
        disabled={busy}
        testIdPrefix="set"
        onChange={(value) => {
          setPins(value);
          setProblem(null);
        }}
      />
      <div className="editor-buttons">
        <button type="submit" className="btn btn-secondary" disabled={busy} aria-busy={running} data-testid="set-pin-submit">
          {running && !confirmRemove && <Spinner />}
          {profile.hasPin ? 'Change PIN' : 'Set PIN'}
        </button>
        {profile.hasPin && (
          <button type="button" className="btn btn-warning" disabled={busy} onClick={() => setConfirmRemove(true)} data-testid="remove-pin">
            Remove PIN
          </button>
        )}
      </div>
      <SectionError error={confirmRemove ? null : error} testId="pin-error" />
      <SectionDone message={done} />
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove the PIN of ${profile.displayName}?`}
        confirmLabel="Remove PIN"
        busyLabel="Removing…"
        danger
        busy={running}
        error={confirmRemove ? error : null}
        testId="remove-pin-dialog"
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          void setProfilePin(profile.id, null).then((done) => done && setConfirmRemove(false));
        }}
      >
        <p>Anyone using this computer will then be able to switch to {profile.displayName} without a PIN, and see every trainee’s sessions.</p>
      </ConfirmDialog>
    </form>
  );
}

function DeleteSection({
  profile,
  isSelf,
  busy,
  runningFor,
  errorFor,
  done,
}: {
  profile: Profile;
  isSelf: boolean;
  busy: boolean;
  runningFor(kind: ProfileActionKind): boolean;
  errorFor(kind: ProfileActionKind): string | null;
  done: string | null;
}) {
  const deleteDataOfProfile = useAppStore((state) => state.deleteDataOfProfile);
  const [confirm, setConfirm] = useState<Deletion | null>(null);
  const whose = isSelf ? 'your' : `${profile.displayName}’s`;
  const kind: ProfileActionKind = confirm === 'profile' ? 'delete-profile' : 'delete-data';

  const goes = (
    <ul className="deletion-list">
      <li>{isSelf ? 'your' : 'their'} practice sessions, with every message, feedback, score, summary and risk alert in them;</li>
      <li>{isSelf ? 'your' : 'their'} reflections, personal goals and goal check-ins;</li>
      <li>{isSelf ? 'your' : 'their'} activity records (documents viewed, exports made, and so on).</li>
    </ul>
  );

  return (
    <section className="editor-section editor-danger" aria-label="Delete">
      <h3 className="editor-section-title">Delete</h3>
      <div className="editor-buttons">
        <button type="button" className="btn btn-warning" disabled={busy} onClick={() => setConfirm('data')} data-testid="delete-data">
          <TrashIcon />
          Delete all data of this profile
        </button>
        <button type="button" className="btn btn-warning" disabled={busy} onClick={() => setConfirm('profile')} data-testid="delete-profile">
          <TrashIcon />
          Delete profile
        </button>
      </div>
      <SectionDone message={done} />
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'profile' ? `Delete the profile ${profile.displayName}?` : `Delete all data of ${profile.displayName}?`}
        confirmLabel={confirm === 'profile' ? 'Delete profile and data' : 'Delete all data'}
        busyLabel="Deleting…"
        danger
        busy={runningFor(kind)}
        error={confirm ? errorFor(kind) : null}
        testId="delete-dialog"
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const removeProfile = confirm === 'profile';
          void deleteDataOfProfile(profile.id, removeProfile).then((result) => {
            if (result) setConfirm(null);
          });
        }}
      >
        <p>This deletes, from this computer, all of {whose} data:</p>
        {goes}
        {confirm === 'profile' ? (
          <p>
            The profile {profile.displayName} goes too{isSelf ? '; you continue as another profile' : ''}.
          </p>
        ) : (
          <p>The profile itself stays, with its name, role{profile.hasPin ? ' and PIN' : ''}.</p>
        )}
        <p>Feedback {isSelf ? 'you' : 'they'} wrote on other people’s sessions stays with those sessions. This cannot be undone (only a backup can bring it back).</p>
      </ConfirmDialog>
    </section>
  );
}
