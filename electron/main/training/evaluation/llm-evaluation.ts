import type { Kysely } from 'kysely';
import type { ProviderConfig } from '../../../../shared/llm/provider-config';
import { retrieveChunks } from '../../content/queries';
import type { Database } from '../../db/schema';
import { evaluateTurn, type LlmClient } from '../../llm';
import { ruleFeedback, type FeedbackDraft, type TurnEvaluator } from './turn-evaluation';

/**
 * Evaluation with the LLM judge: the answer is scored by the keyword rules and by the judge
 * (grounded on the top-k document chunks for the step and answer), and the hybrid of the two
 * decides. Stored rows, in order: rule_based, llm_judge, hybrid. If the judge fails, only
 * the rule row is stored, carrying a notice that says why, and the rules decide.
 */
export function llmEvaluator(db: Kysely<Database>, client: LlmClient, config: ProviderConfig, topK: number): TurnEvaluator {
  return async ({ scenario, step, answer, history }) => {
    const chunks = await retrieveChunks(db, { scenarioId: scenario.id, text: `${step.goal} ${answer}`, k: topK });
    const retrieved = chunks.map((chunk) => ({ title: chunk.documentTitle, heading: chunk.heading, content: chunk.content }));
    const evaluation = await evaluateTurn(client, config, { scenario, step, answer, history: await history(), retrieved });
    const { rule, judge, final } = evaluation;
    const retrievedChunkIds = chunks.map((chunk) => chunk.chunkId);

    if (!judge?.ok) {
      const notice = evaluation.fallbackNotice ? { notice: evaluation.fallbackNotice, judgeError: judge?.error.kind ?? null } : {};
      return { decision: { score: rule.score, passed: rule.passed }, rule, feedback: [ruleFeedback(rule, notice)], retrievedChunkIds };
    }

    const { verdict } = judge;
    const judgeRow: FeedbackDraft = {
      type: 'llm_judge',
      score: verdict.score,
      passed: verdict.score >= step.pass_score,
      found: verdict.result.checks.filter((check) => check.passed).map((check) => check.check),
      missing: verdict.result.checks.filter((check) => !check.passed).map((check) => check.check),
      suggestion: verdict.result.overall_comment || null,
      details: {
        checks: verdict.result.checks,
        promptTokens: verdict.promptTokens,
        completionTokens: verdict.completionTokens,
        responseMs: Math.round(verdict.responseMs),
        attempts: verdict.attempts,
        retrievedChunkIds,
      },
      evaluatorVersion: verdict.evaluatorVersion,
    };
    const hybridRow: FeedbackDraft = {
      type: 'hybrid',
      score: final.score,
      passed: final.passed,
      found: rule.found,
      missing: rule.missing,
      suggestion: verdict.result.overall_comment || rule.suggestion,
      details: { forbidden: rule.forbidden, ruleScore: rule.score, judgeScore: verdict.score, ruleWeight: config.hybridRuleWeight },
      evaluatorVersion: final.evaluatorVersion,
    };
    return { decision: { score: final.score, passed: final.passed }, rule, feedback: [ruleFeedback(rule), judgeRow, hybridRow], retrievedChunkIds };
  };
}
