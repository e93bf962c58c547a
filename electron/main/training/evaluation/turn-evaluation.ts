import type { Scenario, ScenarioStep } from '../../../../shared/scenario/schema';
import type { FeedbackType } from '../../db/schema';
import { evaluateAnswer, type RuleEvaluation } from './rule-evaluator';

/** One feedback row to store for an answer. */
export interface FeedbackDraft {
  type: FeedbackType;
  score: number;
  passed: boolean;
  found: string[];
  missing: string[];
  suggestion: string | null;
  details: Record<string, unknown>;
  evaluatorVersion: string;
}

export interface EvaluationInput {
  sessionId: string;
  scenario: Scenario;
  step: ScenarioStep;
  answer: string;
  /** The conversation before the answer, oldest first (read only by evaluators that need it). */
  history: () => Promise<{ role: 'persona' | 'trainee' | 'system'; content: string }[]>;
}

export interface EvaluationResult {
  /** What decides the step (the hybrid score when an LLM judge answered, else the rules). */
  decision: { score: number; passed: boolean };
  /** Always computed, for the trainee's found/missing view and the deterministic summary. */
  rule: RuleEvaluation;
  /** Rows to store, in order; the last one is the deciding evaluation. */
  feedback: FeedbackDraft[];
  /** Document chunks the evaluation was grounded on (stored in the answer's metadata). */
  retrievedChunkIds?: number[];
}

/** How answers of a session are evaluated: by rules only (offline) or with an LLM judge. */
export type TurnEvaluator = (input: EvaluationInput) => Promise<EvaluationResult>;

export function ruleFeedback(rule: RuleEvaluation, extra: Record<string, unknown> = {}): FeedbackDraft {
  return {
    type: 'rule_based',
    score: rule.score,
    passed: rule.passed,
    found: rule.found,
    missing: rule.missing,
    suggestion: rule.suggestion,
    details: { forbidden: rule.forbidden, matchedBy: rule.matchedBy, ...extra },
    evaluatorVersion: rule.evaluatorVersion,
  };
}

/** The offline evaluator: keyword rules only. */
export const evaluateByRules: TurnEvaluator = async ({ step, answer }) => {
  const rule = evaluateAnswer(step, answer);
  return { decision: { score: rule.score, passed: rule.passed }, rule, feedback: [ruleFeedback(rule)] };
};
