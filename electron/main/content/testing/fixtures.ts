import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type AppDatabase } from '../../db/open-database';

/** The example scenario of SPEC section 4, verbatim. It must always load. */
export const specExampleYaml = `id: insurance.claim_handling.v1      # [a-z0-9._-], unique
title: Insurance Claim Handling
description: A policyholder calls after hail damaged their car.
domain: insurance
version: 1.0.0                       # SemVer
difficulty: beginner                 # beginner | intermediate | advanced
duration_minutes: 30                 # time limit -> completion_reason time_limit
tags: [customer-service, claims]
variant: A                           # A | B (A/B content testing)
smart_goals:                         # shown to the trainee before starting
  - specific: Capture the policy number and incident details
    measurable: All five required details recorded
    achievable: Using the claim checklist
    relevant: First-notice-of-loss quality
    time_bound: Within 10 minutes
persona:
  name: Dana Miller
  role: Policyholder whose car was damaged in a hailstorm
  traits: [anxious, impatient]
  background: Has never made a claim before.
llm:                                 # used when an LLM provider is configured
  temperature: 0.7
  max_tokens: 200
documents:
  - file: docs/claim-guide.md
    title: Claim Handling Guide
steps:
  - id: greeting
    persona_says: "Hi, I need help with my claim. My car got wrecked in the storm."
    variations: ["Hello? I was told to call about my car claim."]
    goal: Greet, show empathy, ask for the policy number
    expected_keywords: [policy, sorry]
    synonyms: { sorry: ["sorry to hear", apologize, unfortunately] }
    forbidden: ["calm down"]
    pass_score: 60
    max_attempts: 3
    hint: Ask for the policy number and acknowledge the stress.
    follow_up: "Sorry, what do you need from me?"
rubric:                              # used by the LLM judge
  - criterion: empathy
    weight: 0.3
    checks: ["Acknowledges the customer's stress", "Avoids blaming language"]
completion:
  pass_score: 70
risk:                                # safety language (see 5.5)
  phrases: ["hurt myself", "no point anymore"]
  resources: ["If you are in danger call your local emergency number."]
`;

export const specExampleGuide = `# Claim Handling Guide

How to handle a first notice of loss after a hailstorm.

## Required details

Always capture the policy number, the date of the incident, where the car was parked,
a description of the damage and a phone number for call-backs.

## Empathy

Acknowledge the customer's stress before asking for details. Say you are sorry to hear
about the damage; never tell a caller to calm down.
`;

/** A small valid scenario; `extra` is appended as more top-level YAML. */
export function minimalScenarioYaml(id: string, options: { title?: string; extra?: string; steps?: number } = {}): string {
  const steps = Array.from({ length: options.steps ?? 2 }, (_, i) => `  - id: step-${i + 1}
    persona_says: "Line ${i + 1} from the persona"
    goal: Respond to line ${i + 1}
    expected_keywords: [policy]
`).join('');
  return `id: ${id}
title: ${options.title ?? `Scenario ${id}`}
description: A generated scenario for tests.
domain: testing
version: 1.0.0
difficulty: beginner
persona:
  name: Test Persona
  role: Someone to talk to
steps:
${steps}${options.extra ?? ''}`;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'chattrain-content-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → text or bytes) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Opens a real SQLite database file in `dir`. */
export function openTestDatabase(dir: string, name = 'test.db'): Promise<AppDatabase> {
  return openDatabase(path.join(dir, name));
}
