import { describe, expect, it } from 'vitest';
import { stepSchema, type ScenarioStep } from '../../../../shared/scenario/schema';
import { FORBIDDEN_PENALTY, RULE_EVALUATOR_VERSION, evaluateAnswer } from './rule-evaluator';
import { normalizeText, TokenizedText } from './text-matching';

const step = (overrides: Partial<ScenarioStep> = {}): ScenarioStep =>
  stepSchema.parse({
    id: 'greeting',
    persona_says: 'Hi, I need help with my claim.',
    goal: 'Greet, show empathy, ask for the policy number',
    expected_keywords: ['policy number', 'sorry'],
    synonyms: { sorry: ['sorry to hear', 'apologize', 'unfortunately'] },
    forbidden: ['calm down'],
    pass_score: 60,
    hint: 'Ask for the policy number and acknowledge the stress.',
    ...overrides,
  });

describe('evaluateAnswer', () => {
  it('scores full coverage 100 and passes, recording the evaluator version', () => {
    const result = evaluateAnswer(step(), "I'm so sorry about your car. What's your policy number?");
    expect(result).toMatchObject({ score: 100, passed: true, found: ['policy number', 'sorry'], missing: [], forbidden: [] });
    expect(result.evaluatorVersion).toBe(RULE_EVALUATOR_VERSION);
    expect(result.suggestion).toMatch(/Well done/);
  });

  it('ignores case and punctuation and forgives inflections', () => {
    const result = evaluateAnswer(step({ expected_keywords: ['claim', 'policy number'] }), 'CLAIMING?! ... your POLICY-number, please.');
    expect(result.found).toEqual(['claim', 'policy number']);
    expect(evaluateAnswer(step({ expected_keywords: ['claims'] }), 'about the claim').found).toEqual(['claims']);
  });

  it('counts a synonym as the keyword and says which words matched', () => {
    const result = evaluateAnswer(step(), 'We apologized already; can you give me the policy number?');
    expect(result.found).toContain('sorry');
    expect(result.matchedBy.sorry).toBe('apologize');
  });

  it('needs multi-word phrases to appear together and in order', () => {
    expect(evaluateAnswer(step(), 'What number is on your policy? Sorry.').missing).toEqual(['policy number']);
  });

  it('lists missing keywords and gives one concrete suggestion including the hint when failing', () => {
    const result = evaluateAnswer(step(), 'Hello there, how can I help?');
    expect(result).toMatchObject({ score: 0, passed: false, found: [], missing: ['policy number', 'sorry'] });
    expect(result.suggestion).toMatch(/Cover “policy number” and “sorry”/);
    expect(result.suggestion).toMatch(/Hint: Ask for the policy number/);
  });

  it('subtracts a penalty per forbidden phrase and suggests avoiding it', () => {
    const result = evaluateAnswer(step(), 'Calm down! Sorry, what is your policy number?');
    expect(result.forbidden).toEqual(['calm down']);
    expect(result.score).toBe(100 - FORBIDDEN_PENALTY);
    expect(result.suggestion).toMatch(/Avoid “calm down”/);
  });

  it('never goes below zero', () => {
    const result = evaluateAnswer(step({ forbidden: ['calm down', 'not my problem', 'whatever'] }), 'calm down, not my problem, whatever');
    expect(result.score).toBe(0);
  });

  it('treats an empty answer as a fail with a suggestion to answer the goal', () => {
    for (const answer of ['', '   ', '\n\t']) {
      const result = evaluateAnswer(step(), answer);
      expect(result).toMatchObject({ score: 0, passed: false, missing: ['policy number', 'sorry'] });
      expect(result.suggestion).toMatch(/Greet, show empathy/);
    }
  });

  it('treats an answer of only punctuation like an empty one', () => {
    const result = evaluateAnswer(step(), '?!... ;;; --- ???');
    expect(result).toMatchObject({ score: 0, passed: false, found: [] });
  });

  it('handles a 20 KB answer and still finds keywords at its end', () => {
    const answer = `${'lorem ipsum dolor sit amet '.repeat(760)} I am sorry, may I have your policy number?`;
    expect(answer.length).toBeGreaterThan(20_000);
    const result = evaluateAnswer(step(), answer);
    expect(result).toMatchObject({ score: 100, passed: true });
  });

  it('matches non-Latin keywords, with and without spaces between words', () => {
    const german = step({ expected_keywords: ['Versicherungsnummer', 'tut mir leid'], synonyms: {} });
    expect(evaluateAnswer(german, 'Das tut mir leid! Wie lautet Ihre Versicherungsnummer?').score).toBe(100);
    const russian = step({ expected_keywords: ['номер полиса'], synonyms: {} });
    expect(evaluateAnswer(russian, 'Назовите, пожалуйста, номер полиса.').found).toEqual(['номер полиса']);
    const japanese = step({ expected_keywords: ['保険証券番号'], synonyms: {} });
    expect(evaluateAnswer(japanese, 'お客様の保険証券番号を教えてください。').found).toEqual(['保険証券番号']);
    expect(evaluateAnswer(japanese, 'こんにちは').missing).toEqual(['保険証券番号']);
  });

  it('gives any non-empty answer full marks on a step with no expected keywords', () => {
    const open = step({ expected_keywords: [], synonyms: {}, forbidden: [] });
    expect(evaluateAnswer(open, 'Sure.').score).toBe(100);
    expect(evaluateAnswer(open, '').score).toBe(0);
  });
});

describe('text matching', () => {
  it('normalises accents, quotes and punctuation', () => {
    expect(normalizeText("  Café-Owner's   RÉSUMÉ!! ")).toBe('cafe owners resume');
  });

  it('does not match a phrase across a word boundary', () => {
    expect(new TokenizedText('the policyholder called').contains('policy')).toBe(false);
  });
});
