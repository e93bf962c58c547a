import { describe, expect, it } from 'vitest';
import type { LlmStatus } from '../../../shared/ipc/contract';
import { providerPresets } from '../../../shared/llm/provider-config';
import { applyPreset, fieldErrorsFromMessage, firstInvalidField, formFromStatus, formToConfig, hybridExample, matchPreset, sameSettings } from './provider-form';

const empty: LlmStatus = {
  config: null,
  enabled: false,
  keySet: false,
  keyStorage: { kind: 'file-fallback', description: 'A file.' },
  presets: providerPresets,
};

describe('provider settings form', () => {
  it('starts from the schema defaults when nothing is saved', () => {
    const form = formFromStatus(empty);
    expect(form).toMatchObject({
      enabled: false,
      preset: 'custom',
      baseUrl: '',
      model: '',
      temperature: '0.7',
      maxTokens: '300',
      timeoutSeconds: '30',
      requestsPerMinute: '30',
      tokensPerHour: '100000',
      proxyUrl: '',
      judgeEnabled: true,
      hybridRuleWeight: 0.5,
    });
  });

  it('shows saved settings, the timeout in seconds, and recognises the preset', () => {
    const form = formFromStatus({
      ...empty,
      enabled: true,
      config: {
        baseUrl: 'http://localhost:11434/v1',
        model: 'llama3.2',
        temperature: 0.2,
        maxTokens: 500,
        timeoutMs: 12_500,
        requestsPerMinute: 10,
        tokensPerHour: 5_000,
        judgeEnabled: false,
        hybridRuleWeight: 0.25,
      },
    });
    expect(form).toMatchObject({ enabled: true, preset: 'ollama', timeoutSeconds: '12.5', judgeEnabled: false, hybridRuleWeight: 0.25 });
    expect(matchPreset(providerPresets, 'https://api.openai.com/v1/')).toBe('openai');
    expect(matchPreset(providerPresets, 'http://10.0.0.5:8000/v1')).toBe('custom');
  });

  it('a preset fills base URL and model only', () => {
    const form = { ...formFromStatus(empty), temperature: '1.1' };
    const next = applyPreset(form, providerPresets, 'lm-studio');
    expect(next).toMatchObject({ preset: 'lm-studio', baseUrl: 'http://localhost:1234/v1', model: 'llama-3.2-3b-instruct', temperature: '1.1' });
    expect(applyPreset(next, providerPresets, 'custom')).toMatchObject({ preset: 'custom', baseUrl: 'http://localhost:1234/v1' });
    expect(sameSettings(next, { ...next, preset: 'custom' })).toBe(true);
    expect(sameSettings(next, { ...next, model: 'other' })).toBe(false);
  });

  it('turns the form into the config main expects (seconds → milliseconds)', () => {
    const result = formToConfig({
      ...formFromStatus(empty),
      baseUrl: ' http://127.0.0.1:8080/v1 ',
      model: 'fake-model',
      temperature: '0,4',
      timeoutSeconds: '2.5',
      proxyUrl: '',
      hybridRuleWeight: 0.35000000000000003,
    });
    expect(result).toEqual({
      ok: true,
      config: {
        baseUrl: 'http://127.0.0.1:8080/v1',
        model: 'fake-model',
        temperature: 0.4,
        maxTokens: 300,
        timeoutMs: 2_500,
        requestsPerMinute: 30,
        tokensPerHour: 100_000,
        judgeEnabled: true,
        hybridRuleWeight: 0.35,
      },
    });
  });

  it('names every problem in plain words, next to its field', () => {
    const result = formToConfig({
      ...formFromStatus(empty),
      baseUrl: 'ftp://server',
      model: '  ',
      temperature: 'hot',
      maxTokens: '1.5',
      timeoutSeconds: '',
      tokensPerHour: '99',
      proxyUrl: 'http://proxy:8080/?x=1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      baseUrl: 'The base URL must start with http:// or https://.',
      model: 'The model name is required.',
      temperature: 'Temperature must be a number from 0 to 2.',
      maxTokens: 'Max tokens per reply must be a whole number from 1 to 32,768.',
      timeoutSeconds: 'Request timeout must be a number of seconds from 0.1 to 600.',
      tokensPerHour: 'Tokens per hour must be a whole number from 100 to 100,000,000.',
      proxyUrl: 'The proxy URL must not contain a query (?…) or fragment (#…).',
    });
    expect(firstInvalidField(result.errors)).toBe('baseUrl');
  });

  it('puts main’s refusal next to the fields it names', () => {
    expect(
      fieldErrorsFromMessage('Invalid input for llm.configure: config.baseUrl: The base URL is required; config.timeoutMs: Too big: expected number to be <=600000'),
    ).toEqual({
      fields: { baseUrl: 'The base URL is required.', timeoutSeconds: 'Request timeout must be a number of seconds from 0.1 to 600.' },
      general: null,
    });
    expect(fieldErrorsFromMessage('Invalid LLM provider settings — model: The model name is required')).toEqual({
      fields: { model: 'The model name is required.' },
      general: null,
    });
    expect(fieldErrorsFromMessage('The database is busy.')).toEqual({ fields: {}, general: 'The database is busy.' });
  });

  it('explains the hybrid weight with numbers', () => {
    expect(hybridExample(0.5)).toBe('With w = 0.50, a keyword score of 80 and a judge score of 60 give 70.');
    expect(hybridExample(1)).toContain('give 80');
    expect(hybridExample(0)).toContain('give 60');
  });
});
