import type { SmartFieldInfo } from './smart-fields';

/** The name of a SMART part with its letter, as the term of a description list. */
export function SmartFieldTerm({ field }: { field: Pick<SmartFieldInfo, 'letter' | 'label'> }) {
  return (
    <dt>
      <span className="smart-letter" aria-hidden="true">
        {field.letter}
      </span>
      {field.label}
    </dt>
  );
}
