import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scripted } from './testing/scripted-ipc';
import type { ContentReloadResult, ScenarioSummary } from '../../../shared/scenario/types';

// The store talks to main only through ipc/client; replace it with a scripted fake.
const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');

const summary: ScenarioSummary = {
  id: 'insurance.claim_handling.v1',
  title: 'Insurance Claim Handling',
  description: 'd',
  domain: 'insurance',
  version: '1.0.0',
  difficulty: 'beginner',
  durationMinutes: 30,
  tags: ['claims'],
  variant: 'A',
  origin: 'bundled',
  stepCount: 1,
  documentCount: 0,
};
const problem = { file: '/c/bad/scenario.yaml', line: 6, column: 13, path: 'difficulty', message: 'difficulty: bad' };
const reloadResult: ContentReloadResult = { loaded: 0, unchanged: 1, removed: 0, problems: [problem] };
const initialState = useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('library slice', () => {
  it('reloads once on start-up, keeps the problems, then lists', async () => {
    scripted.handler = async (channel) => (channel === 'scenarios.reload' ? reloadResult : [summary]);
    await useAppStore.getState().startLibrary();
    expect(calls.map((call) => call.channel)).toEqual(['scenarios.reload', 'scenarios.list']);
    const state = useAppStore.getState();
    expect(state.problems).toEqual([problem]);
    expect(state.libraryStatus).toBe('ready');
    expect(state.scenarios).toEqual([summary]);
    // Start-up does not announce a reload that the user did not ask for.
    expect(state.reload.noticeVisible).toBe(false);
  });

  it('shows failures in words and still lists when the reload fails', async () => {
    scripted.handler = async (channel) => {
      if (channel === 'scenarios.reload') throw new IpcError('IO_ERROR', 'The content folder cannot be read.');
      return [summary];
    };
    await useAppStore.getState().startLibrary();
    const state = useAppStore.getState();
    expect(state.reload).toMatchObject({ status: 'error', error: 'The content folder cannot be read.', noticeVisible: true });
    expect(state.libraryStatus).toBe('ready');
  });

  it('shows hidden problems again when a reload reports different ones', async () => {
    scripted.handler = async (channel) => (channel === 'scenarios.reload' ? reloadResult : [summary]);
    await useAppStore.getState().startLibrary();
    useAppStore.getState().hideProblems();
    useAppStore.getState().contentChanged(reloadResult);
    expect(useAppStore.getState().problemsHidden).toBe(true);
    useAppStore.getState().contentChanged({ ...reloadResult, problems: [{ ...problem, line: 7 }] });
    expect(useAppStore.getState().problemsHidden).toBe(false);
  });
});

describe('document search', () => {
  beforeEach(() => {
    useAppStore.setState({ scenarioId: summary.id });
  });

  it('waits for a pause in typing and sends only the last query, scoped to the scenario', async () => {
    vi.useFakeTimers();
    scripted.handler = async () => [];
    const { setSearchQuery } = useAppStore.getState();
    setSearchQuery('h');
    setSearchQuery('ha');
    setSearchQuery('hail');
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toEqual([{ channel: 'documents.search', input: { query: 'hail', scenarioId: summary.id, limit: 20 } }]);
    expect(useAppStore.getState().search).toMatchObject({ status: 'done', searchedQuery: 'hail', results: [] });
  });

  it('clears at once for an empty query and ignores a late answer', async () => {
    let answer: (value: unknown) => void = () => undefined;
    scripted.handler = () => new Promise((resolve) => (answer = resolve));
    const pending = useAppStore.getState().runSearch('hail');
    useAppStore.getState().setSearchQuery('  ');
    answer([{ chunkId: 1 }]);
    await pending;
    expect(useAppStore.getState().search).toMatchObject({ status: 'idle', results: [], query: '  ' });
  });

  it('treats a query main refuses as no matches, other failures as errors', async () => {
    scripted.handler = async () => {
      throw new IpcError('BAD_INPUT', 'query: too long');
    };
    await useAppStore.getState().runSearch('x');
    expect(useAppStore.getState().search).toMatchObject({ status: 'done', results: [], error: null });

    scripted.handler = async () => {
      throw new IpcError('DATABASE_LOCKED', 'The database is busy.');
    };
    await useAppStore.getState().runSearch('y');
    expect(useAppStore.getState().search).toMatchObject({ status: 'error', error: 'The database is busy.' });
  });
});

describe('navigation', () => {
  it('opens a scenario and its first document, and closes everything on the way back', async () => {
    const detail = {
      summary,
      definition: {},
      documents: [{ id: 7, title: 'Guide', path: 'docs/guide.md', format: 'md' }],
    };
    scripted.handler = async (channel) => {
      if (channel === 'scenarios.get') return detail;
      if (channel === 'documents.get') return { ...detail.documents[0], scenarioId: summary.id, content: '# Guide' };
      return [];
    };
    useAppStore.getState().goToScenario(summary.id);
    expect(useAppStore.getState().screen).toEqual({ name: 'scenario', scenarioId: summary.id });
    await vi.waitFor(() => expect(useAppStore.getState().documentStatus).toBe('ready'));
    expect(useAppStore.getState().openDocument?.content).toBe('# Guide');

    useAppStore.getState().goToLibrary();
    const state = useAppStore.getState();
    expect(state.screen).toEqual({ name: 'library' });
    expect(state.detail).toBeNull();
    expect(state.returnFocusTo).toBe(summary.id);
  });
});
