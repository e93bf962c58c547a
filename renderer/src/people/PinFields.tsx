import type { InputHTMLAttributes, Ref } from 'react';
import type { NewPinProblem } from './pin-messages';

/** Longest PIN accepted (`pinInput` in shared/people/ipc.ts is the rule). */
const PIN_MAX_LENGTH = 12;

type PinInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'type' | 'inputMode' | 'pattern' | 'maxLength' | 'onChange' | 'value'> & {
  value: string;
  ref?: Ref<HTMLInputElement>;
  /** The PIN as typed, without white space. */
  onPin(pin: string): void;
};

/** One PIN input: digits only, shown as dots, with the numeric keypad on touch screens. */
export function PinInput({ onPin, ...props }: PinInputProps) {
  return (
    <input
      {...props}
      className="pin-input"
      type="password"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={PIN_MAX_LENGTH}
      onChange={(event) => onPin(event.target.value.replace(/\s/g, ''))}
    />
  );
}

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
  return (
    <div className="pin-fields">
      <div className="pin-fields-row">
        <div className="field">
          <label htmlFor={`${idPrefix}-pin`}>{label}</label>
          <PinInput
            id={`${idPrefix}-pin`}
            autoComplete="new-password"
            value={value.pin}
            disabled={disabled}
            aria-invalid={problem?.field === 'pin'}
            aria-describedby={describe('pin')}
            data-testid={`${testIdPrefix}-pin`}
            onPin={(pin) => onChange({ ...value, pin })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-repeat`}>Repeat the PIN</label>
          <PinInput
            id={`${idPrefix}-repeat`}
            autoComplete="new-password"
            value={value.repeat}
            disabled={disabled}
            aria-invalid={problem?.field === 'repeat'}
            aria-describedby={describe('repeat')}
            data-testid={`${testIdPrefix}-pin-repeat`}
            onPin={(repeat) => onChange({ ...value, repeat })}
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
