import type { Scenario } from '../../../shared/scenario/schema';
import type { Settings } from '../../../shared/settings/schema';
import { normalizeText, TokenizedText } from './evaluation/text-matching';

export interface RiskPhrase {
  phrase: string;
  source: 'global' | 'scenario';
}

export interface RiskMatch extends RiskPhrase {
  resources: string[];
}

/** Safety language in force for a scenario: the global list from settings plus the scenario's own. */
export function riskPhrasesFor(scenario: Scenario, settings: Pick<Settings, 'riskPhrases'>): RiskPhrase[] {
  return [
    ...settings.riskPhrases.map((phrase) => ({ phrase, source: 'global' as const })),
    ...(scenario.risk?.phrases ?? []).map((phrase) => ({ phrase, source: 'scenario' as const })),
  ];
}

/** The scenario's resources first, then global ones that do not say the same thing again. */
export function riskResourcesFor(scenario: Scenario, settings: Pick<Settings, 'riskResources'>): string[] {
  const resources: string[] = [];
  const seen: string[] = [];
  for (const resource of [...(scenario.risk?.resources ?? []), ...settings.riskResources]) {
    const key = normalizeText(resource);
    // "…call your local emergency number now." repeats "…call your local emergency number.": keep one.
    if (seen.some((other) => other.includes(key) || key.includes(other))) continue;
    seen.push(key);
    resources.push(resource);
  }
  return resources;
}

/** The phrases a message contains (normalised like keyword matching), each once. */
export function detectRisks(text: string, phrases: RiskPhrase[], resources: string[]): RiskMatch[] {
  if (phrases.length === 0) return [];
  const tokenized = new TokenizedText(text);
  const seen = new Set<string>();
  const matches: RiskMatch[] = [];
  for (const candidate of phrases) {
    const key = candidate.phrase.toLowerCase();
    if (seen.has(key) || !tokenized.contains(candidate.phrase)) continue;
    seen.add(key);
    matches.push({ ...candidate, resources });
  }
  return matches;
}
