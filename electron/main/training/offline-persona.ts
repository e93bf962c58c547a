import type { Scenario, ScenarioStep } from '../../../shared/scenario/schema';

/**
 * The offline persona: no model, fully deterministic. It opens each step with the step's
 * line; after a missed attempt it answers with the follow-up first, then rotates through
 * the variations (and the original line), so a replay with the same answers produces the
 * same transcript.
 */
export function openingLine(step: ScenarioStep): string {
  return step.persona_says;
}

/** What the persona says after the trainee's `failedAttempts`-th miss on a step (1-based). */
export function retryLine(step: ScenarioStep, failedAttempts: number): string {
  const lines = [...(step.follow_up ? [step.follow_up] : []), ...step.variations, step.persona_says];
  return lines[(Math.max(1, failedAttempts) - 1) % lines.length]!;
}

/** The persona's last words when every step is done. */
export function closingLine(scenario: Scenario): string {
  return `Thank you, that's everything I needed for now. — ${scenario.persona.name}`;
}
