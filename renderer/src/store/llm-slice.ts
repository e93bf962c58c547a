import { invoke } from '../ipc/client';
import { describeError } from './errors';
import { idleAction, type LlmSlice, type SliceCreator } from './types';

const idleTest = { status: 'idle', result: null, error: null } as const;

/**
 * The AI provider settings. The API key only ever travels renderer → main (when the
 * trainee saves or tests it); nothing here keeps it: main answers with `keySet` alone.
 */
export const createLlmSlice: SliceCreator<LlmSlice> = (set, get) => {
  let statusRequest = 0;
  let testRequest = 0;

  return {
    llmStatus: null,
    llmStatusLoad: 'idle',
    llmStatusError: null,
    llmSave: { ...idleAction, message: null },
    llmKeyAction: { ...idleAction, kind: null, message: null },
    llmTest: idleTest,

    async loadLlmStatus() {
      const request = ++statusRequest;
      if (get().llmStatusLoad !== 'ready') set({ llmStatusLoad: 'loading', llmStatusError: null });
      try {
        const status = await invoke('llm.status');
        if (request !== statusRequest) return;
        set({ llmStatus: status, llmStatusLoad: 'ready', llmStatusError: null });
      } catch (error) {
        if (request !== statusRequest) return;
        set({ llmStatusLoad: 'error', llmStatusError: describeError(error) });
      }
    },

    async saveLlmConfig(config, enabled) {
      if (get().llmSave.status === 'running') return null;
      set({ llmSave: { status: 'running', error: null, message: null } });
      try {
        const status = await invoke('llm.configure', { config, enabled });
        statusRequest++;
        set({
          llmStatus: status,
          llmStatusLoad: 'ready',
          llmSave: {
            status: 'done',
            error: null,
            message: enabled
              ? 'Saved. New practice sessions use the AI persona.'
              : 'Saved. The AI persona is off: new practice sessions use the offline persona.',
          },
        });
        return status;
      } catch (error) {
        set({ llmSave: { status: 'error', error: describeError(error), message: null } });
        return null;
      }
    },

    async saveApiKey(apiKey) {
      if (get().llmKeyAction.status === 'running') return false;
      set({ llmKeyAction: { status: 'running', error: null, kind: 'save', message: null } });
      try {
        const status = await invoke('llm.setApiKey', { apiKey });
        statusRequest++;
        set({ llmStatus: status, llmKeyAction: { status: 'done', error: null, kind: 'save', message: 'Key saved.' } });
        return true;
      } catch (error) {
        set({ llmKeyAction: { status: 'error', error: describeError(error), kind: 'save', message: null } });
        return false;
      }
    },

    async clearApiKey() {
      if (get().llmKeyAction.status === 'running') return;
      set({ llmKeyAction: { status: 'running', error: null, kind: 'clear', message: null } });
      try {
        const status = await invoke('llm.clearApiKey');
        statusRequest++;
        set({ llmStatus: status, llmKeyAction: { status: 'done', error: null, kind: 'clear', message: 'Key removed.' } });
      } catch (error) {
        set({ llmKeyAction: { status: 'error', error: describeError(error), kind: 'clear', message: null } });
      }
    },

    async testLlmConnection(config, apiKey) {
      const request = ++testRequest;
      set({ llmTest: { status: 'running', result: null, error: null } });
      try {
        const result = await invoke('llm.testConnection', apiKey ? { config, apiKey } : { config });
        if (request !== testRequest) return;
        set({ llmTest: { status: 'done', result, error: null } });
      } catch (error) {
        if (request !== testRequest) return;
        set({ llmTest: { status: 'error', result: null, error: describeError(error) } });
      }
    },

    resetLlmActions() {
      testRequest++;
      set({
        llmSave: { ...idleAction, message: null },
        llmKeyAction: { ...idleAction, kind: null, message: null },
        llmTest: idleTest,
      });
    },
  };
};
