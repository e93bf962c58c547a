import { describe, expect, it } from 'vitest';
import type { ScenarioSummary } from '../../../shared/scenario/types';
import { emptyFilters } from '../store/types';
import { filterScenarios, filtersActive, matchesText } from './filter';

const scenario = (over: Partial<ScenarioSummary>): ScenarioSummary => ({
  id: 'a',
  title: 'Insurance Claim Handling',
  description: 'A policyholder calls after hail damaged their car.',
  domain: 'insurance',
  version: '1.0.0',
  difficulty: 'beginner',
  durationMinutes: 30,
  tags: ['claims', 'customer-service'],
  variant: 'A',
  origin: 'bundled',
  stepCount: 3,
  documentCount: 1,
  ...over,
});

const insurance = scenario({});
const sales = scenario({ id: 'b', title: 'Upselling Café Loyalty', description: 'Offer the card.', domain: 'retail', difficulty: 'advanced', tags: ['sales'] });

describe('library filters', () => {
  it('matches every typed word in title, description, domain or tags, ignoring case and accents', () => {
    expect(matchesText(insurance, 'HAIL claims')).toBe(true);
    expect(matchesText(insurance, 'customer-service')).toBe(true);
    expect(matchesText(insurance, 'hail sales')).toBe(false);
    expect(matchesText(sales, 'cafe')).toBe(true);
    expect(matchesText(sales, '   ')).toBe(true);
  });

  it('combines domain, difficulty, tag and text', () => {
    const all = [insurance, sales];
    expect(filterScenarios(all, emptyFilters)).toEqual(all);
    expect(filterScenarios(all, { ...emptyFilters, domain: 'retail' })).toEqual([sales]);
    expect(filterScenarios(all, { ...emptyFilters, difficulty: 'beginner' })).toEqual([insurance]);
    expect(filterScenarios(all, { ...emptyFilters, tag: 'claims', difficulty: 'advanced' })).toEqual([]);
    expect(filterScenarios(all, { ...emptyFilters, text: 'offer' })).toEqual([sales]);
  });

  it('knows when a filter is active', () => {
    expect(filtersActive(emptyFilters)).toBe(false);
    expect(filtersActive({ ...emptyFilters, text: '  ' })).toBe(false);
    expect(filtersActive({ ...emptyFilters, tag: 'x' })).toBe(true);
  });
});
