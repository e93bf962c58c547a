import type { RubricCriterion } from '../../../shared/scenario/schema';
import { evaluateAnswer, type RuleEvaluation } from '../training/evaluation/rule-evaluator';
import type { SummaryContent } from '../training/summary-builder';
import type { LlmClient } from './llm-client';
import { LlmError } from './llm-error';
import type { ProviderConfig } from '../../../shared/llm/provider-config';
import {
  judgeMessages,
  judgeRubric,
  judgeSchemaFor,
  scoreFromJudge,
  summaryMessages,
  summarySchema,
  toSummaryContent,
  type JudgePromptInput,
  type JudgeResult,
  type SummaryPromptInput,
} from './prompts';

/**
 * The LLM judge, the hybrid score and LLM summaries, each with a safe fallback: when the
 * model fails (unreachable, invalid JSON twice, …) the outcome says so and the caller uses
 * the rule-based score / the deterministic summary. A failure never lowers a score.
 */

export const LLM_JUDGE_VERSION = 'llm-judge-1.0.0';
export const HYBRID_VERSION = 'hybrid-1.0.0';
export const LLM_SUMMARY_VERSION = 'llm-summary-1.0.0';

export interface LlmCallStats {
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  responseMs: number;
  /** 2 when the first answer was invalid and the retry succeeded. */
  attempts: 1 | 2;
}

export interface JudgeVerdict extends LlmCallStats {
  /** 0–100, from `scoreFromJudge`. */
  score: number;
  /** The validated checks and overall comment (store as the feedback row's details). */
  result: JudgeResult;
  /** The criteria that were checked: the scenario's rubric, or derived from the step goal. */
  rubric: RubricCriterion[];
  evaluatorVersion: string;
}

export type JudgeOutcome = { ok: true; verdict: JudgeVerdict } | { ok: false; error: LlmError };

export interface JudgeOptions {
  signal?: AbortSignal;
}

/** Asks the LLM judge about one answer. Never throws for model failures: `{ ok: false, error }`. */
export async function judgeAnswer(client: LlmClient, input: JudgePromptInput, options: JudgeOptions = {}): Promise<JudgeOutcome> {
  const rubric = judgeRubric(input.scenario, input.step);
  const checkCount = rubric.reduce((sum, criterion) => sum + criterion.checks.length, 0);
  try {
    const reply = await client.completeJson(judgeSchemaFor(rubric), {
      messages: judgeMessages(input),
      temperature: 0,
      // Room for one entry per check; the provider default (sized for persona lines) may be too small.
      maxTokens: Math.min(4096, Math.max(client.config.maxTokens, 200 + 120 * checkCount)),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      ok: true,
      verdict: {
        score: scoreFromJudge(reply.value, rubric),
        result: reply.value,
        rubric,
        evaluatorVersion: LLM_JUDGE_VERSION,
        promptTokens: reply.usage.promptTokens,
        completionTokens: reply.usage.completionTokens,
        usageEstimated: reply.usage.usageEstimated,
        responseMs: reply.responseMs,
        attempts: reply.attempts,
      },
    };
  } catch (error) {
    if (error instanceof LlmError) return { ok: false, error };
    throw error;
  }
}

/**
 * The hybrid score: `round(w · rule + (1 − w) · judge)` with w = `hybridRuleWeight`
 * (0–1, default 0.5), both scores 0–100.
 */
export function hybridScore(ruleScore: number, judgeScore: number, ruleWeight: number): number {
  const w = Math.min(1, Math.max(0, ruleWeight));
  return Math.max(0, Math.min(100, Math.round(w * ruleScore + (1 - w) * judgeScore)));
}

export interface TurnEvaluation {
  /** Always computed; stored as the `rule_based` feedback row. */
  rule: RuleEvaluation;
  /** The judge's outcome (stored as the `llm_judge` row when ok); null when not asked. */
  judge: JudgeOutcome | null;
  /** What decides the step: the hybrid score when the judge answered, else the rule result. */
  final: { type: 'hybrid' | 'rule_based'; score: number; passed: boolean; evaluatorVersion: string };
  /** When the judge failed: a sentence for the trainee, e.g. to show beside the feedback. */
  fallbackNotice?: string;
}

/**
 * Evaluates an answer by rules and — when a client is given and `judgeEnabled` — by the
 * LLM judge, combined into the hybrid score. If the judge fails, the rule result decides
 * and `fallbackNotice` says why. An empty answer is never sent to the judge.
 */
export async function evaluateTurn(
  client: LlmClient | null,
  config: Pick<ProviderConfig, 'judgeEnabled' | 'hybridRuleWeight'>,
  input: JudgePromptInput,
  options: JudgeOptions = {},
): Promise<TurnEvaluation> {
  const rule = evaluateAnswer(input.step, input.answer);
  const ruleFinal = { type: 'rule_based' as const, score: rule.score, passed: rule.passed, evaluatorVersion: rule.evaluatorVersion };
  if (!client || !config.judgeEnabled || input.answer.trim() === '') return { rule, judge: null, final: ruleFinal };

  const judge = await judgeAnswer(client, input, options);
  if (!judge.ok) {
    const notice =
      judge.error.kind === 'cancelled'
        ? 'The LLM judge was stopped; this answer was scored by the keyword rules.'
        : `The LLM judge could not score this answer, so it was scored by the keyword rules. ${judge.error.message}`;
    return { rule, judge, final: ruleFinal, fallbackNotice: notice };
  }
  const score = hybridScore(rule.score, judge.verdict.score, config.hybridRuleWeight);
  return {
    rule,
    judge,
    final: { type: 'hybrid', score, passed: score >= input.step.pass_score, evaluatorVersion: HYBRID_VERSION },
  };
}

export type SummaryOutcome =
  | { ok: true; summary: SummaryContent; evaluatorVersion: string; stats: LlmCallStats }
  | { ok: false; error: LlmError };

/**
 * An LLM summary, validated like the judge (one retry on invalid output). On failure the
 * caller uses `buildDeterministicSummary` instead.
 */
export async function summarizeSession(client: LlmClient, input: SummaryPromptInput, options: JudgeOptions = {}): Promise<SummaryOutcome> {
  try {
    const reply = await client.completeJson(summarySchema, {
      messages: summaryMessages(input),
      temperature: 0.3,
      maxTokens: Math.min(4096, Math.max(client.config.maxTokens, 1200)),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      ok: true,
      summary: toSummaryContent(reply.value),
      evaluatorVersion: LLM_SUMMARY_VERSION,
      stats: { ...reply.usage, responseMs: reply.responseMs, attempts: reply.attempts },
    };
  } catch (error) {
    if (error instanceof LlmError) return { ok: false, error };
    throw error;
  }
}
