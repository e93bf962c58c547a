import { scenarioSchema, type Scenario, type ScenarioInput } from '../../shared/scenario/schema';

/** The SPEC's example scenario (section 4), with an extra step and LLM instructions. */
export function claimScenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  return scenarioSchema.parse({
    id: 'insurance.claim_handling.v1',
    title: 'Insurance Claim Handling',
    description: 'A policyholder calls after hail damaged their car.',
    domain: 'insurance',
    version: '1.0.0',
    difficulty: 'beginner',
    persona: {
      name: 'Dana Miller',
      role: 'Policyholder whose car was damaged in a hailstorm',
      traits: ['anxious', 'impatient'],
      background: 'Has never made a claim before.',
    },
    llm: { temperature: 0.6, max_tokens: 200, instructions: 'Mention your daughter needs the car for school.' },
    steps: [
      {
        id: 'greeting',
        persona_says: 'Hi, I need help with my claim. My car got wrecked in the storm.',
        variations: ['Hello? I was told to call about my car claim.'],
        goal: 'Greet, show empathy, ask for the policy number',
        expected_keywords: ['policy', 'sorry'],
        synonyms: { sorry: ['sorry to hear', 'apologize', 'unfortunately'] },
        forbidden: ['calm down'],
        pass_score: 60,
        hint: 'Ask for the policy number and acknowledge the stress.',
        follow_up: 'Sorry, what do you need from me?',
      },
      {
        id: 'details',
        persona_says: 'It happened last night, the roof is full of dents.',
        goal: 'Ask where the car was parked and when the damage happened',
        expected_keywords: ['parked', 'when'],
      },
    ],
    rubric: [
      { criterion: 'empathy', weight: 0.3, checks: ["Acknowledges the customer's stress", 'Avoids blaming language'] },
      { criterion: 'process', weight: 0.7, checks: ['Asks for the policy number'] },
    ],
    ...overrides,
  });
}
