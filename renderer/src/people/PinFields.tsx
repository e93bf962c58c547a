import type { NewPinProblem } from './pin-messages';

export interface PinPair {
  pin: string;
  repeat: string;
}

export const emptyPinPair: PinPair = { pin: '', repeat: '' };

interface Props {
  /** Prefix for the inputs' ids (`<idPrefix>-pin`, `<idPrefix>-repeat`), also used to focus them. */
  idPrefix: string;
  value: PinPair;
  problem: NewPinProblem | null;
  /** "PIN (optional)" when adding a profile; "New PIN" when setting one. */
  label: string;
  hint?: string;
  disabled?: boolean;
  testIdPrefix: string;
  onChange(value: PinPair): void;
}

/** A new PIN typed twice, digits only (shown as dots, with the numeric keypad on touch screens). */
export function PinFields({ idPrefix, value, problem, label, hint, disabled, testIdPrefix, onChange }: Props) {
  const problemId = `${idPrefix}-pin-problem`;
  const hintId = `${idPrefix}-pin-hint`;
  const describe = (field: NewPinProblem['field']) => [hint ? hintId : null, problem?.field === field ? problemId : null].filter(Boolean).join(' ') || undefined;
  const clean = (text: string) => text.replace(/\s/g, '').slice(0, 12);
  return (
    <div className="pin-fields">
      <div className="pin-fields-row">
        <div className="field">
          <label htmlFor={`${idPrefix}-pin`}>{label}</label>
          <input
            id={`${idPrefix}-pin`}
            className="pin-input"
            type="password"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="new-password"
            maxLength={12}
            value={value.pin}
            disabled={disabled}
            aria-invalid={problem?.field === 'pin'}
            aria-describedby={describe('pin')}
            data-testid={`${testIdPrefix}-pin`}
            onChange={(event) => onChange({ ...value, pin: clean(event.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-repeat`}>Repeat the PIN</label>
          <input
            id={`${idPrefix}-repeat`}
            className="pin-input"
            type="password"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="new-password"
            maxLength={12}
            value={value.repeat}
            disabled={disabled}
            aria-invalid={problem?.field === 'repeat'}
            aria-describedby={describe('repeat')}
            data-testid={`${testIdPrefix}-pin-repeat`}
            onChange={(event) => onChange({ ...value, repeat: clean(event.target.value) })}
          />
        </div>
      </div>
      {hint && (
        <p id={hintId} className="people-hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={problemId} className="people-field-error" data-testid={`${testIdPrefix}-pin-problem`}>
          {problem.message}
        </p>
      )}
    </div>
  );
}
