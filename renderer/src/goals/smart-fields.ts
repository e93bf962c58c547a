import type { GoalStatus, SmartFieldKey, SmartFields } from '../../../shared/goals/types';

export interface SmartFieldInfo {
  key: SmartFieldKey;
  letter: string;
  label: string;
  /** One line of guidance under the label. */
  guidance: string;
  example: string;
}

/** The five parts of a SMART goal, with what each asks of the trainee. */
export const smartFieldInfo: readonly SmartFieldInfo[] = [
  {
    key: 'specific',
    letter: 'S',
    label: 'Specific',
    guidance: 'What exactly will you do? Name the behaviour, not a wish.',
    example: 'Ask for the policy number in the first minute of every claim call',
  },
  {
    key: 'measurable',
    letter: 'M',
    label: 'Measurable',
    guidance: 'How will you know you did it? A number, a count or a check.',
    example: 'In 4 of my next 5 practice sessions',
  },
  {
    key: 'achievable',
    letter: 'A',
    label: 'Achievable',
    guidance: 'What makes it realistic for you? What will help?',
    example: 'Using the greeting checklist from the claim guide',
  },
  {
    key: 'relevant',
    letter: 'R',
    label: 'Relevant',
    guidance: 'Why does it matter in your work?',
    example: 'Callers feel heard and claims start faster',
  },
  {
    key: 'time_bound',
    letter: 'T',
    label: 'Time-bound',
    guidance: 'By when? Give a date or a number of sessions.',
    example: 'By the end of this month',
  },
];

export const emptySmartFields: SmartFields = { specific: '', measurable: '', achievable: '', relevant: '', time_bound: '' };

/** Longest SMART field main accepts. */
export const SMART_FIELD_MAX = 1_000;

export function trimFields(fields: SmartFields): SmartFields {
  return {
    specific: fields.specific.trim(),
    measurable: fields.measurable.trim(),
    achievable: fields.achievable.trim(),
    relevant: fields.relevant.trim(),
    time_bound: fields.time_bound.trim(),
  };
}

/** The labels of the fields still empty, in form order. */
export function missingFields(fields: SmartFields): SmartFieldInfo[] {
  return smartFieldInfo.filter((field) => fields[field.key].trim() === '');
}

export const goalStatusLabels: Record<GoalStatus, string> = {
  active: 'In progress',
  revised: 'In progress · revised',
  completed: 'Achieved',
  abandoned: 'Abandoned',
};

export const isOpenGoal = (status: GoalStatus) => status === 'active' || status === 'revised';

/** A check-in's progress as typed: a whole number from 0 to 100, or why not. */
export function parseProgress(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { ok: false, message: 'Enter your progress as a number from 0 to 100.' };
  const value = Number(trimmed);
  if (!Number.isInteger(value)) return { ok: false, message: 'Use a whole number from 0 to 100.' };
  if (value < 0 || value > 100) return { ok: false, message: 'Progress is a percentage: from 0 to 100.' };
  return { ok: true, value };
}
