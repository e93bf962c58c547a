import { describe, expect, it } from 'vitest';
import { draftProblem, emptySessionFilters, hasFilters, toFilterInput } from './session-filters';

describe('session filter drafts', () => {
  it('turns local days into the instants where they start and end, and leaves "any" out', () => {
    expect(toFilterInput(emptySessionFilters)).toEqual({});
    const input = toFilterInput({ from: '2026-03-29', to: '2026-03-29', scenarioId: '', userId: 'u-1' });
    expect(input).toEqual({ from: new Date(2026, 2, 29).toISOString(), to: new Date(2026, 2, 29, 23, 59, 59, 999).toISOString(), userId: 'u-1' });
    // The whole local day, whatever the zone (a DST change day may be 23 or 25 hours).
    const hours = (Date.parse(input.to!) - Date.parse(input.from!) + 1) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(23);
    expect(hours).toBeLessThanOrEqual(25);
  });

  it('names what is wrong with a range before anything is sent', () => {
    expect(draftProblem({ ...emptySessionFilters, from: '2026-02-30' })).toBe('The “from” date is not a valid date.');
    expect(draftProblem({ ...emptySessionFilters, to: 'soon' })).toBe('The “to” date is not a valid date.');
    expect(draftProblem({ ...emptySessionFilters, from: '2026-03-02', to: '2026-03-01' })).toBe('The “from” date is after the “to” date.');
    expect(draftProblem({ ...emptySessionFilters, from: '2026-03-01', to: '2026-03-01' })).toBeNull();
    expect(hasFilters(emptySessionFilters)).toBe(false);
    expect(hasFilters({ ...emptySessionFilters, scenarioId: 'x' })).toBe(true);
  });
});
