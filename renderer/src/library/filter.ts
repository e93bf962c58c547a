import type { ScenarioSummary } from '../../../shared/scenario/types';
import type { AppState } from '../store';
import type { Difficulty, LibraryFilters } from '../store/types';

export const difficulties: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];

const normalise = (value: string) => value.toLocaleLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Every word typed must appear in the title, description, domain or a tag. */
export function matchesText(scenario: ScenarioSummary, text: string): boolean {
  const words = normalise(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normalise([scenario.title, scenario.description, scenario.domain, ...scenario.tags].join('\n'));
  return words.every((word) => haystack.includes(word));
}

export function filterScenarios(scenarios: ScenarioSummary[], filters: LibraryFilters): ScenarioSummary[] {
  return scenarios.filter(
    (scenario) =>
      (filters.domain === '' || scenario.domain === filters.domain) &&
      (filters.difficulty === '' || scenario.difficulty === filters.difficulty) &&
      (filters.tag === '' || scenario.tags.includes(filters.tag)) &&
      matchesText(scenario, filters.text),
  );
}

export function filtersActive(filters: LibraryFilters): boolean {
  return filters.text.trim() !== '' || filters.domain !== '' || filters.difficulty !== '' || filters.tag !== '';
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

/** Options for a filter: what the library holds, plus the current choice if it vanished. */
function withSelected(options: string[], selected: string): string[] {
  return selected === '' || options.includes(selected) ? options : sortedUnique([...options, selected]);
}

// Selectors (use with useShallow: they build new arrays).
export const selectVisibleScenarios = (state: AppState) => filterScenarios(state.scenarios, state.filters);
export const selectDomainOptions = (state: AppState) =>
  withSelected(sortedUnique(state.scenarios.map((scenario) => scenario.domain)), state.filters.domain);
export const selectTagOptions = (state: AppState) =>
  withSelected(sortedUnique(state.scenarios.flatMap((scenario) => scenario.tags)), state.filters.tag);
