import { useId, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../../../shared/people/types';
import { useAppStore } from '../store';
import { roleLabels } from '../store/people-slice';
import { AlertIcon, Spinner, UserPlusIcon } from '../ui/icons';
import { emptyPinPair, PinFields, type PinPair } from './PinFields';
import { newPinProblem, type NewPinProblem } from './pin-messages';

export const roleExplanations: Record<Role, string> = {
  trainee: 'Practises scenarios. Sees only their own sessions, goals and results.',
  facilitator:
    'Runs workshops: sees everyone’s sessions on this computer (dashboard, review, exports, workshop bundles, data care) and manages profiles. Can be protected by a PIN.',
  trainer: 'The same access as a facilitator, for the people who write and maintain the training.',
};

interface Props {
  /** The active profile is a facilitator or trainer (may add any role). */
  manager: boolean;
  /** Whether any facilitator or trainer exists (if not, anyone may add the first). */
  facilitatorExists: boolean;
}

/**
 * "Add a profile": a name, a role (facilitator and trainer only for facilitators, or for
 * anyone while there is none yet), and for those roles an optional PIN typed twice.
 */
export function AddProfileForm({ manager, facilitatorExists }: Props) {
  const createProfile = useAppStore((state) => state.createProfile);
  const action = useAppStore((state) => state.profileAction);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('trainee');
  const [pins, setPins] = useState<PinPair>(emptyPinPair);
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [pinProblem, setPinProblem] = useState<NewPinProblem | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const mayAddFacilitators = manager || !facilitatorExists;
  const running = action.status === 'running' && action.kind === 'create';
  const error = action.status === 'error' && action.kind === 'create' ? action.error : null;
  const withPin = role !== 'trainee';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (running) return;
    const trimmed = name.trim();
    const namedProblem = trimmed === '' ? 'Give the profile a name.' : null;
    const pinIssue = withPin ? newPinProblem(pins.pin, pins.repeat, false) : null;
    setNameProblem(namedProblem);
    setPinProblem(pinIssue);
    if (namedProblem) {
      nameRef.current?.focus();
      return;
    }
    if (pinIssue) {
      document.getElementById(`${id}-${pinIssue.field}`)?.focus();
      return;
    }
    const created = await createProfile({ displayName: trimmed, role, ...(withPin && pins.pin ? { pin: pins.pin } : {}) });
    if (created) {
      setName('');
      setRole('trainee');
      setPins(emptyPinPair);
      nameRef.current?.focus();
    }
  };

  return (
    <section className="people-card add-profile" aria-labelledby={`${id}-title`} data-testid="add-profile">
      <h2 id={`${id}-title`} className="people-card-title">
        <UserPlusIcon size={18} />
        {mayAddFacilitators ? 'Add a profile' : 'Add a trainee profile'}
      </h2>
      <form className="add-profile-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            type="text"
            maxLength={200}
            autoComplete="off"
            value={name}
            disabled={running}
            aria-invalid={nameProblem !== null}
            aria-describedby={nameProblem ? `${id}-name-problem` : undefined}
            data-testid="new-profile-name"
            onChange={(event) => {
              setName(event.target.value);
              if (nameProblem) setNameProblem(null);
            }}
          />
          {nameProblem && (
            <p id={`${id}-name-problem`} className="people-field-error">
              {nameProblem}
            </p>
          )}
        </div>

        {mayAddFacilitators ? (
          <fieldset className="role-choice" disabled={running}>
            <legend>Role</legend>
            {(['trainee', 'facilitator', 'trainer'] as const).map((option) => (
              <label key={option} className={role === option ? 'role-option role-option-checked' : 'role-option'}>
                <input type="radio" name={`${id}-role`} value={option} checked={role === option} onChange={() => setRole(option)} data-testid={`new-profile-role-${option}`} />
                <span>
                  <span className="role-option-name">{roleLabels[option]}</span>
                  <span className="role-option-text">{roleExplanations[option]}</span>
                </span>
              </label>
            ))}
            {!facilitatorExists && (
              <p className="people-hint" data-testid="first-facilitator-hint">
                There is no facilitator or trainer yet, so anyone can add the first one. Give it a PIN so trainees cannot open it.
              </p>
            )}
          </fieldset>
        ) : (
          <p className="people-hint">{roleExplanations.trainee} Only a facilitator or trainer can add facilitator and trainer profiles.</p>
        )}

        {withPin && (
          <PinFields
            idPrefix={id}
            value={pins}
            problem={pinProblem}
            label="PIN (optional)"
            hint="4 to 12 digits, asked for whenever someone switches to this profile. Leave empty for no PIN."
            disabled={running}
            testIdPrefix="new-profile"
            onChange={(value) => {
              setPins(value);
              if (pinProblem) setPinProblem(null);
            }}
          />
        )}

        {error && (
          <p className="inline-error" role="alert" data-testid="add-profile-error">
            <AlertIcon size={16} /> {error}
          </p>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={running} aria-busy={running} data-testid="add-profile-submit">
            {running && <Spinner />}
            {running ? 'Adding…' : 'Add profile'}
          </button>
        </div>
      </form>
    </section>
  );
}
