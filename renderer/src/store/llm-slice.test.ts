import { beforeEach, describe, expect, it, vi } from 'vitest';
import { scripted } from './testing/scripted-ipc';
import type { LlmStatus } from '../../../shared/ipc/contract';
import { providerPresets } from '../../../shared/llm/provider-config';

const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');

const KEY = 'sk-unit-SECRET-1234';
const status = (overrides: Partial<LlmStatus> = {}): LlmStatus => ({
  config: null,
  enabled: false,
  keySet: false,
  keyStorage: { kind: 'os-keychain', description: 'Encrypted with the OS keychain.' },
  presets: providerPresets,
  ...overrides,
});
const config = { baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' };
const initialState = useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
  scripted.handler = async () => undefined;
});

describe('LLM settings slice', () => {
  it('loads the status and saves the provider', async () => {
    scripted.handler = async (channel) => (channel === 'llm.status' ? status() : status({ enabled: true, config: { ...config, temperature: 0.7, maxTokens: 300, timeoutMs: 30_000, requestsPerMinute: 30, tokensPerHour: 100_000, judgeEnabled: true, hybridRuleWeight: 0.5 } }));
    await useAppStore.getState().loadLlmStatus();
    expect(useAppStore.getState().llmStatusLoad).toBe('ready');
    const saved = await useAppStore.getState().saveLlmConfig(config, true);
    expect(saved?.enabled).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'llm.configure', input: { config, enabled: true } });
    expect(useAppStore.getState().llmSave).toMatchObject({ status: 'done', message: 'Saved. New practice sessions use the AI persona.' });
  });

  it('keeps main’s refusal for the form to show', async () => {
    scripted.handler = async () => {
      throw new IpcError('BAD_INPUT', 'Invalid input for llm.configure: config.model: The model name is required');
    };
    expect(await useAppStore.getState().saveLlmConfig({ ...config, model: '' }, true)).toBeNull();
    expect(useAppStore.getState().llmSave).toMatchObject({ status: 'error', error: 'Invalid input for llm.configure: config.model: The model name is required' });
  });

  it('hands the key to main and keeps nothing of it', async () => {
    scripted.handler = async () => status({ keySet: true });
    expect(await useAppStore.getState().saveApiKey(KEY)).toBe(true);
    expect(calls).toEqual([{ channel: 'llm.setApiKey', input: { apiKey: KEY } }]);
    const state = useAppStore.getState();
    expect(state.llmStatus?.keySet).toBe(true);
    expect(state.llmKeyAction).toMatchObject({ status: 'done', message: 'Key saved.' });
    expect(JSON.stringify(state)).not.toContain(KEY);

    scripted.handler = async () => status({ keySet: false });
    await useAppStore.getState().clearApiKey();
    expect(useAppStore.getState().llmStatus?.keySet).toBe(false);
    expect(useAppStore.getState().llmKeyAction.message).toBe('Key removed.');
  });

  it('tests the connection with the typed key only when there is one, and keeps the exact failure', async () => {
    scripted.handler = async () => ({ ok: false, error: { kind: 'auth', message: 'The model server rejected the API key (HTTP 401).', status: 401 } });
    const running = useAppStore.getState().testLlmConnection(config);
    expect(useAppStore.getState().llmTest.status).toBe('running');
    await running;
    expect(calls.at(-1)).toEqual({ channel: 'llm.testConnection', input: { config } });
    expect(useAppStore.getState().llmTest).toEqual({
      status: 'done',
      error: null,
      result: { ok: false, error: { kind: 'auth', message: 'The model server rejected the API key (HTTP 401).', status: 401 } },
    });
    expect(JSON.stringify(useAppStore.getState())).not.toContain(KEY);

    scripted.handler = async () => ({ ok: true, model: 'llama3.2', latencyMs: 42 });
    await useAppStore.getState().testLlmConnection(config, KEY);
    expect(calls.at(-1)).toEqual({ channel: 'llm.testConnection', input: { config, apiKey: KEY } });
    expect(useAppStore.getState().llmTest.result).toEqual({ ok: true, model: 'llama3.2', latencyMs: 42 });
    expect(JSON.stringify(useAppStore.getState())).not.toContain(KEY);
  });

  it('opens Settings from anywhere, closing the session', () => {
    useAppStore.setState({ screen: { name: 'library' } });
    useAppStore.getState().goToSettings();
    expect(useAppStore.getState().screen).toEqual({ name: 'settings' });
  });
});
