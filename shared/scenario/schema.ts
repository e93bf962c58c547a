import { z } from 'zod';

/**
 * The scenario file format (SPEC section 4). The SPEC's example file is the contract: it
 * must load as written. Fields may be added; existing ones are never renamed. Unknown
 * fields are rejected so that a typo (`persona_say:`) is reported instead of ignored.
 */

const text = (max = 10_000) => z.string().trim().min(1).max(max);
const phraseList = z.array(text(500)).max(500);

export const scenarioIdPattern = /^[a-z0-9._-]{1,128}$/;
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const smartGoalSchema = z.strictObject({
  specific: text(1000),
  measurable: text(1000),
  achievable: text(1000),
  relevant: text(1000),
  time_bound: text(1000),
});

export const personaSchema = z.strictObject({
  name: text(200),
  role: text(1000),
  traits: z.array(text(100)).max(50).default([]),
  background: text(5000).optional(),
});

export const llmProfileSchema = z.strictObject({
  temperature: z.number().min(0).max(2).default(0.7),
  max_tokens: z.number().int().min(1).max(8192).default(300),
  /** Extra instructions appended to the persona's system prompt. */
  instructions: text(5000).optional(),
  /** Whether the persona (not only the judge) gets the scenario's documents as context. */
  use_documents: z.boolean().default(false),
});

export const documentRefSchema = z.strictObject({
  file: text(500),
  title: text(300),
});

export const stepSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'use letters, digits, ".", "_" or "-" (at most 100)'),
  persona_says: text(),
  variations: z.array(text()).max(20).default([]),
  goal: text(2000),
  expected_keywords: phraseList.default([]),
  synonyms: z.record(z.string().min(1).max(200), phraseList).default({}),
  forbidden: phraseList.default([]),
  pass_score: z.number().min(0).max(100).default(60),
  max_attempts: z.number().int().min(1).max(20).default(3),
  hint: text(2000).optional(),
  follow_up: text().optional(),
});

export const rubricCriterionSchema = z.strictObject({
  criterion: text(200),
  weight: z.number().min(0).max(1),
  checks: z.array(text(1000)).min(1).max(20),
});

export const scenarioSchema = z
  .strictObject({
    id: z.string().regex(scenarioIdPattern, 'use only a-z, 0-9, ".", "_" and "-" (at most 128 characters)'),
    title: text(300),
    description: text(5000),
    domain: text(100),
    version: z.string().regex(semver, 'must be a SemVer version such as 1.0.0'),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
    duration_minutes: z.number().int().min(1).max(24 * 60).optional(),
    tags: z.array(text(60)).max(50).default([]),
    variant: z.enum(['A', 'B']).default('A'),
    smart_goals: z.array(smartGoalSchema).max(20).default([]),
    persona: personaSchema,
    llm: llmProfileSchema.optional(),
    documents: z.array(documentRefSchema).max(100).default([]),
    steps: z.array(stepSchema).min(1).max(200),
    rubric: z.array(rubricCriterionSchema).max(50).default([]),
    completion: z.strictObject({ pass_score: z.number().min(0).max(100).default(70) }).default({ pass_score: 70 }),
    risk: z
      .strictObject({
        phrases: phraseList.default([]),
        resources: z.array(text(2000)).max(50).default([]),
      })
      .optional(),
  })
  .superRefine((scenario, ctx) => {
    const seen = new Map<string, number>();
    scenario.steps.forEach((step, index) => {
      const first = seen.get(step.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `duplicate step id "${step.id}" (already used by step ${first + 1})`,
        });
      } else {
        seen.set(step.id, index);
      }
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
export type SmartGoal = z.infer<typeof smartGoalSchema>;
export type Persona = z.infer<typeof personaSchema>;
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;
