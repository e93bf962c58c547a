import type { Scenario } from '../../../shared/scenario/schema';
import type { Settings } from '../../../shared/settings/schema';
import { TokenizedText } from './evaluation/text-matching';

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

export function riskResourcesFor(scenario: Scenario, settings: Pick<Settings, 'riskResources'>): string[] {
  return [...new Set([...(scenario.risk?.resources ?? []), ...settings.riskResources])];
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
