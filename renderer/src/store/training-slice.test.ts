import { beforeEach, describe, expect, it, vi } from 'vitest';
import { scripted } from './testing/scripted-ipc';
import type { ResumableSession, SessionView } from '../../../shared/training/types';

// The store talks to main only through ipc/client; replace it with a scripted fake.
const { calls } = scripted;
const downloads: { fileName: string; mimeType: string; base64: string }[] = [];

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

vi.mock('../files/download', () => ({
  downloadFile: (fileName: string, mimeType: string, base64: string) => downloads.push({ fileName, mimeType, base64 }),
}));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');

const SESSION = '0b6f3c5e-6d0e-4c1e-9a51-4f1f3a2f9d10';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function view(overrides: { id?: string; status?: SessionView['session']['status']; step?: number; messages?: number } = {}): SessionView {
  const id = overrides.id ?? SESSION;
  return {
    session: {
      id,
      userId: 'u',
      userName: 'Trainee',
      scenarioId: 'insurance.claim_handling.v1',
      scenarioTitle: 'Insurance Claim Handling',
      scenarioVersion: '1.0.0',
      variant: 'A',
      status: overrides.status ?? 'in_progress',
      completionReason: null,
      engine: 'offline',
      currentStepIndex: overrides.step ?? 0,
      stepCount: 7,
      totalScore: null,
      passed: null,
      flagged: false,
      startedAt: '2026-03-10T12:00:00.000Z',
      lastActivityAt: '2026-03-10T12:00:00.000Z',
      completedAt: null,
      durationMinutes: 30,
      passScore: 70,
      remainingSeconds: 1800,
    },
    messages: Array.from({ length: overrides.messages ?? 1 }, (_, seq) => ({
      id: `m${seq}`,
      seq,
      role: seq % 2 === 0 ? 'persona' : 'trainee',
      content: `line ${seq}`,
      stepId: 'greeting',
      engine: 'offline',
      sources: [],
      error: null,
      status: 'complete',
      createdAt: '2026-03-10T12:00:00.000Z',
    })),
    steps: [],
    feedback: [],
    risks: [],
    summary: null,
    reflection: null,
    currentHint: 'Say sorry.',
    persona: null,
    smartGoals: [],
  };
}

const initialState = useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  downloads.length = 0;
  useAppStore.setState(initialState, true);
  scripted.handler = async () => undefined;
});

/** Resolves calls by hand, to test answers that arrive late. */
function deferred() {
  let resolve: (value: unknown) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('training slice', () => {
  it('"Start practice" reuses a session of the scenario that was never begun', async () => {
    const waiting: ResumableSession = {
      id: SESSION,
      scenarioId: 'insurance.claim_handling.v1',
      scenarioTitle: 'Insurance Claim Handling',
      status: 'created',
      currentStepIndex: 0,
      stepCount: 7,
      lastActivityAt: '2026-03-10T12:00:00.000Z',
    };
    scripted.handler = async (channel) => {
      if (channel === 'sessions.resumable') return [waiting];
      if (channel === 'sessions.get') return view({ status: 'created' });
      if (channel === 'scenarios.get') throw new IpcError('NOT_FOUND', 'gone');
      throw new Error(`unexpected ${channel}`);
    };
    await useAppStore.getState().startPractice('insurance.claim_handling.v1');
    expect(calls.map((call) => call.channel)).toEqual(['sessions.resumable', 'sessions.get', 'scenarios.get']);
    const state = useAppStore.getState();
    expect(state.screen).toEqual({ name: 'session', sessionId: SESSION });
    expect(state.session?.session.status).toBe('created');
    expect(state.practiceStart.status).toBe('idle');
  });

  it('creates a new session when none is waiting, and reports a failure in words', async () => {
    scripted.handler = async (channel) => {
      if (channel === 'sessions.resumable') return [];
      if (channel === 'sessions.create') throw new IpcError('DATABASE_LOCKED', 'The database is busy.');
      return undefined;
    };
    await useAppStore.getState().startPractice('insurance.claim_handling.v1');
    expect(calls.map((call) => call.channel)).toEqual(['sessions.resumable', 'sessions.create']);
    expect(useAppStore.getState().practiceStart).toEqual({ status: 'error', error: 'The database is busy.' });
    expect(useAppStore.getState().screen).toEqual({ name: 'library' });
  });

  it('clears the draft only after main accepted the answer', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().setDraft('I am sorry to hear that.');
    const answer = deferred();
    scripted.handler = (channel) => (channel === 'sessions.answer' ? answer.promise : Promise.resolve(undefined));
    const sending = useAppStore.getState().sendAnswer();
    expect(useAppStore.getState().turn.status).toBe('running');
    expect(useAppStore.getState().draft).toBe('I am sorry to hear that.');
    // A second Enter while the turn runs sends nothing.
    expect(await useAppStore.getState().sendAnswer()).toBe(false);
    answer.resolve(view({ messages: 3, step: 1 }));
    expect(await sending).toBe(true);
    const state = useAppStore.getState();
    expect(calls.filter((call) => call.channel === 'sessions.answer')).toEqual([
      { channel: 'sessions.answer', input: { sessionId: SESSION, text: 'I am sorry to hear that.' } },
    ]);
    expect(state.draft).toBe('');
    expect(state.turn).toEqual({ status: 'idle', error: null });
    expect(state.session?.messages).toHaveLength(3);
  });

  it('keeps the draft and shows the reason when the answer is refused', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().setDraft('My answer');
    scripted.handler = async () => {
      throw new IpcError('DATABASE_LOCKED', 'The database is busy.');
    };
    expect(await useAppStore.getState().sendAnswer()).toBe(false);
    expect(useAppStore.getState().draft).toBe('My answer');
    expect(useAppStore.getState().turn).toEqual({ status: 'error', error: 'The database is busy.' });
    // Typing again clears the message.
    useAppStore.getState().setDraft('My answer!');
    expect(useAppStore.getState().turn.status).toBe('idle');
  });

  it('does not send an empty answer', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().setDraft('   \n ');
    expect(await useAppStore.getState().sendAnswer()).toBe(false);
    expect(calls).toEqual([]);
    expect(useAppStore.getState().turn.error).toBe('Write an answer first.');
  });

  it('re-reads the session when main says it is over (time limit)', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().setDraft('Late answer');
    scripted.handler = async (channel) => {
      if (channel === 'sessions.answer') throw new IpcError('SESSION_STATE', 'This session is completed.');
      if (channel === 'sessions.get') return view({ status: 'completed' });
      return undefined;
    };
    await useAppStore.getState().sendAnswer();
    await vi.waitFor(() => expect(useAppStore.getState().session?.session.status).toBe('completed'));
  });

  it('drops a late answer for a session the user has left', async () => {
    const slow = deferred();
    scripted.handler = (channel, input) => {
      if (channel === 'sessions.get' && (input as { sessionId: string }).sessionId === SESSION) return slow.promise;
      if (channel === 'sessions.get') return Promise.resolve(view({ id: OTHER }));
      return Promise.resolve(undefined);
    };
    useAppStore.getState().goToSession(SESSION);
    useAppStore.getState().goToSession(OTHER);
    await vi.waitFor(() => expect(useAppStore.getState().session?.session.id).toBe(OTHER));
    slow.resolve(view({ id: SESSION }));
    await Promise.resolve();
    expect(useAppStore.getState().session?.session.id).toBe(OTHER);
    expect(useAppStore.getState().sessionId).toBe(OTHER);
  });

  it('explains a session that cannot be found', async () => {
    scripted.handler = async () => {
      throw new IpcError('NOT_FOUND', 'There is no training session with id x.');
    };
    useAppStore.getState().goToSession(SESSION);
    await vi.waitFor(() => expect(useAppStore.getState().sessionStatus).toBe('error'));
    expect(useAppStore.getState().sessionError).toMatch(/could not be found/);
  });

  it('hides the hint again when the step changes', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().toggleHint();
    expect(useAppStore.getState().hintShown).toBe(true);
    scripted.handler = async () => view({ step: 0, messages: 3 });
    useAppStore.getState().setDraft('try');
    await useAppStore.getState().sendAnswer();
    expect(useAppStore.getState().hintShown).toBe(true); // same step: still shown
    scripted.handler = async () => view({ step: 1, messages: 5 });
    useAppStore.getState().setDraft('try again');
    await useAppStore.getState().sendAnswer();
    expect(useAppStore.getState().hintShown).toBe(false);
  });

  it('downloads an exported report in browser mode and says where a desktop save went', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view({ status: 'completed' }) });
    scripted.handler = async () => ({ kind: 'download', fileName: 'report.pdf', mimeType: 'application/pdf', base64: 'JVBERi0=' });
    await useAppStore.getState().exportReport('pdf');
    expect(downloads).toEqual([{ fileName: 'report.pdf', mimeType: 'application/pdf', base64: 'JVBERi0=' }]);
    expect(useAppStore.getState().reportExport).toMatchObject({ status: 'done', message: 'PDF report downloaded as report.pdf.' });

    scripted.handler = async () => ({ kind: 'saved', path: '/home/me/report.md' });
    await useAppStore.getState().exportReport('md');
    expect(useAppStore.getState().reportExport).toMatchObject({ status: 'done', message: 'Saved to /home/me/report.md' });

    scripted.handler = async () => ({ kind: 'cancelled' });
    await useAppStore.getState().exportReport('html');
    expect(useAppStore.getState().reportExport).toMatchObject({ status: 'idle', message: 'Export cancelled: nothing was saved.' });
    expect(downloads).toHaveLength(1);
  });

  it('leaving for the library closes the session but keeps its unsent draft for later', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view(), screen: { name: 'session', sessionId: SESSION } });
    useAppStore.getState().setDraft('half written');
    scripted.handler = async () => [];
    useAppStore.getState().goToLibrary();
    let state = useAppStore.getState();
    expect(state.screen).toEqual({ name: 'library' });
    expect(state.session).toBeNull();
    expect(state.draft).toBe('');

    scripted.handler = async (channel) => (channel === 'sessions.get' ? view() : undefined);
    useAppStore.getState().goToSession(SESSION);
    await vi.waitFor(() => expect(useAppStore.getState().sessionStatus).toBe('ready'));
    state = useAppStore.getState();
    expect(state.draft).toBe('half written');
  });
});

/** A view whose last persona message has the given status (an AI session). */
function aiView(status: SessionView['messages'][number]['status'], content = ''): SessionView {
  const base = view({ messages: 3 });
  const messages = base.messages.map((message, index) =>
    index === 2 ? { ...message, id: 'reply', role: 'persona' as const, engine: 'llm' as const, status, content } : message,
  );
  return { ...base, session: { ...base.session, engine: 'llm' }, messages };
}

describe('AI persona replies', () => {
  it('collects streamed pieces by message, for the open session only', () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('streaming') });
    const { receiveToken } = useAppStore.getState();
    receiveToken({ sessionId: SESSION, messageId: 'reply', delta: 'Hi,' });
    receiveToken({ sessionId: SESSION, messageId: 'reply', delta: ' my car' });
    receiveToken({ sessionId: OTHER, messageId: 'elsewhere', delta: 'not shown' });
    expect(useAppStore.getState().streamText).toEqual({ reply: 'Hi, my car' });
  });

  it('Stop freezes the text at once, then shows the stored reply', async () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('streaming') });
    useAppStore.getState().receiveToken({ sessionId: SESSION, messageId: 'reply', delta: 'Hi,' });
    const stop = deferred();
    scripted.handler = (channel) => (channel === 'sessions.stop' ? stop.promise : Promise.resolve(undefined));
    const stopping = useAppStore.getState().stopReply();
    expect(useAppStore.getState().replyAction).toEqual({ kind: 'stop', status: 'running', error: null });
    // Pieces still in flight are not shown any more.
    useAppStore.getState().receiveToken({ sessionId: SESSION, messageId: 'reply', delta: ' more' });
    expect(useAppStore.getState().streamText.reply).toBe('Hi,');
    stop.resolve(aiView('stopped', 'Hi, more'));
    await stopping;
    expect(calls.map((call) => call.channel)).toEqual(['sessions.stop']);
    expect(useAppStore.getState().session?.messages[2]).toMatchObject({ status: 'stopped', content: 'Hi, more' });
    expect(useAppStore.getState().replyAction.status).toBe('idle');
  });

  it('Retry starts the reply afresh and shows its pieces again', async () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('streaming') });
    useAppStore.getState().receiveToken({ sessionId: SESSION, messageId: 'reply', delta: 'Old' });
    scripted.handler = async (channel) => (channel === 'sessions.stop' ? aiView('stopped', 'Old') : aiView('streaming'));
    await useAppStore.getState().stopReply();
    await useAppStore.getState().retryReply();
    expect(calls.map((call) => call.channel)).toEqual(['sessions.stop', 'sessions.retry']);
    expect(useAppStore.getState().streamText.reply).toBeUndefined();
    useAppStore.getState().receiveToken({ sessionId: SESSION, messageId: 'reply', delta: 'New' });
    expect(useAppStore.getState().streamText.reply).toBe('New');
  });

  it('a failed Retry says so in words and reads the session again', async () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('failed') });
    scripted.handler = async (channel) => {
      if (channel === 'sessions.retry') throw new IpcError('SESSION_STATE', 'There is no failed or stopped AI reply to retry.');
      return aiView('failed');
    };
    await useAppStore.getState().retryReply();
    expect(useAppStore.getState().replyAction).toEqual({
      kind: 'retry',
      status: 'error',
      error: 'The reply could not be retried. There is no failed or stopped AI reply to retry.',
    });
    await vi.waitFor(() => expect(calls.map((call) => call.channel)).toContain('sessions.get'));
  });

  it('does not send an answer while the persona is replying', async () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('streaming') });
    useAppStore.getState().setDraft('Hello');
    expect(await useAppStore.getState().sendAnswer()).toBe(false);
    expect(calls).toEqual([]);
    expect(useAppStore.getState().turn.error).toMatch(/still replying/);
    expect(useAppStore.getState().draft).toBe('Hello');
  });

  it('"session.updated" re-reads the open session only', async () => {
    useAppStore.setState({ sessionId: SESSION, session: aiView('streaming') });
    scripted.handler = async () => aiView('complete', 'Hi, my car is wrecked.');
    useAppStore.getState().sessionChanged(OTHER);
    expect(calls).toEqual([]);
    useAppStore.getState().sessionChanged(SESSION);
    await vi.waitFor(() => expect(useAppStore.getState().session?.messages[2]?.status).toBe('complete'));
    expect(calls).toEqual([{ channel: 'sessions.get', input: { sessionId: SESSION } }]);
  });

  it('an older view arriving late does not undo a newer one', async () => {
    useAppStore.setState({ sessionId: SESSION, session: view() });
    useAppStore.getState().setDraft('My answer');
    const answer = deferred();
    scripted.handler = (channel) => (channel === 'sessions.answer' ? answer.promise : Promise.resolve(aiView('complete', 'Done.')));
    const sending = useAppStore.getState().sendAnswer();
    // The reply finished before the answer's own response came back.
    useAppStore.getState().sessionChanged(SESSION);
    await vi.waitFor(() => expect(useAppStore.getState().session?.messages[2]?.status).toBe('complete'));
    answer.resolve(aiView('streaming'));
    expect(await sending).toBe(true);
    const state = useAppStore.getState();
    expect(state.session?.messages[2]).toMatchObject({ status: 'complete', content: 'Done.' });
    expect(state.draft).toBe('');
    expect(state.turn.status).toBe('idle');
  });

  it('a reply already streaming when the session is opened is not shown half', async () => {
    scripted.handler = async () => aiView('streaming');
    useAppStore.getState().goToSession(SESSION);
    await vi.waitFor(() => expect(useAppStore.getState().sessionStatus).toBe('ready'));
    useAppStore.getState().receiveToken({ sessionId: SESSION, messageId: 'reply', delta: '…the end of a sentence' });
    expect(useAppStore.getState().streamText.reply).toBeUndefined();
  });
});
