import { useId, useState, type FormEvent } from 'react';
import type { SmartFields } from '../../../shared/goals/types';
import { AlertIcon, Spinner } from '../ui/icons';
import { missingFields, SMART_FIELD_MAX, smartFieldInfo, trimFields } from './smart-fields';

interface Props {
  initial: SmartFields;
  submitLabel: string;
  busy: boolean;
  /** Main's refusal, shown under the buttons. */
  error: string | null;
  onSubmit(fields: SmartFields): void;
  onCancel(): void;
  /** Prefix of the fields' test ids (`<prefix>-specific`, …). */
  testId: string;
}

/** The five SMART fields, each with a line of guidance and an example as placeholder. */
export function SmartGoalForm({ initial, submitLabel, busy, error, onSubmit, onCancel, testId }: Props) {
  const [fields, setFields] = useState<SmartFields>(initial);
  const [missing, setMissing] = useState<string[]>([]);
  const formId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = missingFields(fields);
    setMissing(empty.map((field) => field.key));
    if (empty.length > 0) {
      document.getElementById(`${formId}-${empty[0]!.key}`)?.focus();
      return;
    }
    onSubmit(trimFields(fields));
  };

  const missingLabels = smartFieldInfo.filter((field) => missing.includes(field.key)).map((field) => field.label);

  return (
    <form className="smart-form" onSubmit={submit} noValidate data-testid={testId}>
      {smartFieldInfo.map((field) => {
        const id = `${formId}-${field.key}`;
        const invalid = missing.includes(field.key);
        return (
          <div className="field smart-form-field" key={field.key}>
            <label htmlFor={id}>
              <span className="smart-letter" aria-hidden="true">
                {field.letter}
              </span>
              {field.label}
            </label>
            <p className="smart-guidance" id={`${id}-help`}>
              {field.guidance}
            </p>
            <textarea
              id={id}
              rows={2}
              maxLength={SMART_FIELD_MAX}
              required
              aria-describedby={`${id}-help`}
              aria-invalid={invalid}
              placeholder={`e.g. ${field.example}`}
              data-testid={`${testId}-${field.key}`}
              value={fields[field.key]}
              disabled={busy}
              onChange={(event) => {
                const value = event.target.value;
                setFields((current) => ({ ...current, [field.key]: value }));
                if (invalid && value.trim() !== '') setMissing((current) => current.filter((key) => key !== field.key));
              }}
            />
          </div>
        );
      })}
      {(missingLabels.length > 0 || error) && (
        <p className="inline-error" role="alert" data-testid={`${testId}-error`}>
          <AlertIcon size={16} />
          {missingLabels.length > 0 ? `Fill in: ${missingLabels.join(', ')}.` : error}
        </p>
      )}
      <div className="smart-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy} data-testid={`${testId}-save`}>
          {busy && <Spinner />}
          {submitLabel}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={onCancel} data-testid={`${testId}-cancel`}>
          Cancel
        </button>
      </div>
    </form>
  );
}
