import type { ScenarioStep } from '../../../../shared/scenario/schema';
import { TokenizedText } from './text-matching';

export const RULE_EVALUATOR_VERSION = 'rules-1.0.0';

/** Points taken off the score for each forbidden phrase the answer contains. */
export const FORBIDDEN_PENALTY = 25;

export interface RuleEvaluation {
  score: number;
  passed: boolean;
  /** Expected keywords the answer covered (by the keyword itself or a synonym). */
  found: string[];
  missing: string[];
  /** Forbidden phrases the answer used. */
  forbidden: string[];
  /** For each found keyword, the words that matched it (the keyword or a synonym). */
  matchedBy: Record<string, string>;
  suggestion: string;
  evaluatorVersion: string;
}

/**
 * Scores an answer against a step's expectations:
 * score = 100 × (expected keywords covered ÷ expected keywords) − 25 per forbidden phrase,
 * clamped to 0–100. A keyword counts as covered if it or any of its synonyms appears
 * (case, punctuation, accents and simple inflections ignored). A step without expected
 * keywords scores 100 for any non-empty answer. Passing needs score ≥ the step's pass_score.
 */
export function evaluateAnswer(step: ScenarioStep, answer: string): RuleEvaluation {
  const text = new TokenizedText(answer);
  const found: string[] = [];
  const missing: string[] = [];
  const matchedBy: Record<string, string> = {};

  for (const keyword of step.expected_keywords) {
    const alternatives = [keyword, ...(step.synonyms[keyword] ?? [])];
    const match = alternatives.find((candidate) => text.contains(candidate));
    if (match !== undefined) {
      found.push(keyword);
      matchedBy[keyword] = match;
    } else {
      missing.push(keyword);
    }
  }
  const forbidden = step.forbidden.filter((phrase) => text.contains(phrase));

  const empty = text.tokens.length === 0;
  const coverage = step.expected_keywords.length === 0 ? (empty ? 0 : 100) : (100 * found.length) / step.expected_keywords.length;
  const score = Math.max(0, Math.min(100, Math.round(coverage - FORBIDDEN_PENALTY * forbidden.length)));
  const passed = !empty && score >= step.pass_score;

  return {
    score,
    passed,
    found,
    missing,
    forbidden,
    matchedBy,
    suggestion: suggestionFor(step, { empty, missing, forbidden, passed }),
    evaluatorVersion: RULE_EVALUATOR_VERSION,
  };
}

function quoteList(items: string[]): string {
  const quoted = items.map((item) => `“${item}”`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function suggestionFor(
  step: ScenarioStep,
  result: { empty: boolean; missing: string[]; forbidden: string[]; passed: boolean },
): string {
  if (result.empty) return `Write a reply that works towards the goal: ${step.goal}`;
  if (result.forbidden.length > 0) {
    return `Avoid ${quoteList(result.forbidden)}: it tends to escalate the conversation. Rephrase with acknowledgement instead.`;
  }
  if (result.missing.length > 0) {
    const first = result.missing[0]!;
    const synonyms = step.synonyms[first] ?? [];
    const alternative = synonyms.length > 0 ? ` (or say it your way, e.g. “${synonyms[0]}”)` : '';
    const lead = result.passed ? 'Good answer. To make it complete, also cover' : 'Cover';
    return `${lead} ${quoteList(result.missing.slice(0, 3))}${alternative}.${!result.passed && step.hint ? ` Hint: ${step.hint}` : ''}`;
  }
  return 'Well done: you covered everything this step expects. Keep the same clear, friendly tone.';
}
