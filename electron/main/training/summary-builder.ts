import type { Scenario } from '../../../shared/scenario/schema';

export interface StepOutcome {
  stepId: string;
  status: 'pending' | 'in_progress' | 'passed' | 'missed';
  attempts: number;
  bestScore: number | null;
}

export interface FeedbackFacts {
  stepId: string | null;
  score: number;
  passed: boolean;
  found: string[];
  missing: string[];
  forbidden: string[];
}

export interface SummaryContent {
  strengths: string[];
  gaps: string[];
  keyLearnings: string[];
  actionItems: string[];
}

/** `verify_identity` → `verify identity`: short enough to read in a list. */
const humanize = (id: string) => id.replace(/[._-]+/g, ' ').trim();

const quoted = (items: string[]) => items.map((item) => `“${item}”`).join(', ');

/**
 * The summary without a model: built only from the step outcomes and feedback rows, so the
 * same session always produces the same summary. Strengths come from passed steps (what
 * was covered), gaps from missed or unfinished steps (what was missing), learnings from
 * steps passed after a retry, action items from the hints of the steps that went wrong.
 */
export function buildDeterministicSummary(scenario: Scenario, outcomes: StepOutcome[], feedback: FeedbackFacts[]): SummaryContent {
  const strengths: string[] = [];
  const gaps: string[] = [];
  const keyLearnings: string[] = [];
  const actionItems: string[] = [];
  const byStep = new Map<string, FeedbackFacts[]>();
  for (const item of feedback) {
    if (!item.stepId) continue;
    byStep.set(item.stepId, [...(byStep.get(item.stepId) ?? []), item]);
  }

  scenario.steps.forEach((step, index) => {
    const outcome = outcomes.find((candidate) => candidate.stepId === step.id);
    const items = byStep.get(step.id) ?? [];
    const best = items.reduce<FeedbackFacts | undefined>((top, item) => (!top || item.score > top.score ? item : top), undefined);
    const label = `Step ${index + 1} (${humanize(step.id)})`;
    if (outcome?.status === 'passed' && best) {
      strengths.push(
        best.found.length > 0
          ? `${label}: you covered ${quoted(best.found)}${outcome.attempts === 1 ? ' on the first attempt' : ''}.`
          : `${label}: passed${outcome.attempts === 1 ? ' on the first attempt' : ''}.`,
      );
      if (outcome.attempts > 1) {
        const first = items[0];
        const recovered = first ? best.found.filter((keyword) => !first.found.includes(keyword)) : [];
        keyLearnings.push(
          recovered.length > 0
            ? `${label}: after feedback you added ${quoted(recovered)} and passed.`
            : `${label}: you passed after ${outcome.attempts} attempts.`,
        );
      }
    } else if (outcome?.status === 'missed') {
      const missing = best?.missing ?? step.expected_keywords;
      gaps.push(`${label}: missed${missing.length > 0 ? `; it still lacked ${quoted(missing)}` : ''}.`);
      if (step.hint) actionItems.push(`Practise step ${index + 1}: ${step.hint}`);
    } else if (outcome && (outcome.status === 'pending' || outcome.status === 'in_progress')) {
      if (items.length > 0 || outcome.status === 'in_progress') {
        gaps.push(`${label}: not finished${best && best.missing.length > 0 ? `; still missing ${quoted(best.missing)}` : ''}.`);
      }
    }
  });

  const forbidden = [...new Set(feedback.flatMap((item) => item.forbidden))];
  if (forbidden.length > 0) {
    gaps.push(`You used ${quoted(forbidden)}, which tends to escalate a conversation.`);
    actionItems.push(`Replace ${quoted(forbidden)} with an acknowledgement of how the other person feels.`);
  }

  const notReached = scenario.steps.filter((step) => outcomes.find((outcome) => outcome.stepId === step.id)?.status === 'pending');
  if (notReached.length > 0 && feedback.length > 0) {
    actionItems.push(`Play the scenario to the end next time: ${notReached.length} step(s) were not reached (${notReached.map((step) => humanize(step.id)).join(', ')}).`);
  }

  const passedCount = outcomes.filter((outcome) => outcome.status === 'passed').length;
  if (outcomes.length > 0 && passedCount === outcomes.length) {
    keyLearnings.push(`You completed all ${outcomes.length} steps of “${scenario.title}”.`);
    if (outcomes.every((outcome) => outcome.attempts === 1)) {
      actionItems.push('Try a harder scenario, or replay this one aiming for a more natural, concise tone.');
    } else {
      actionItems.push('Replay the scenario and aim to pass every step on the first attempt.');
    }
  }
  if (strengths.length === 0 && feedback.length > 0) {
    strengths.push('You stayed engaged and answered every prompt; the feedback below shows what to add next time.');
  }
  return { strengths, gaps, keyLearnings, actionItems };
}
