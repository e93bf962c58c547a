import { MAX_ANSWER_LENGTH } from '../../../shared/ipc/contract';
import type { SessionView } from '../../../shared/training/types';
import { invoke } from '../ipc/client';
import { downloadFile } from '../files/download';
import { describeError, errorCode } from './errors';
import { idleAction, idleExport, type SliceCreator, type TrainingSlice } from './types';

const formatLabels = { pdf: 'PDF', html: 'HTML', md: 'Markdown', json: 'JSON' } as const;

/** Everything that belongs to one open session and starts afresh with another. */
const freshSessionState = {
  practiceStart: idleAction,
  sessionAction: { ...idleAction, kind: null },
  draft: '',
  turn: idleAction,
  hintShown: false,
  reflectionSave: idleAction,
  goalSave: { ...idleAction, goalId: null },
  reportExport: idleExport,
  streamText: {},
  replyAction: { ...idleAction, kind: null },
} satisfies Partial<TrainingSlice>;

/**
 * Unsent drafts, per session: leaving a session (or reloading the page) half-way through
 * an answer does not lose it. Kept in memory and in sessionStorage (this tab only).
 */
const drafts = new Map<string, string>();
const draftKey = (sessionId: string) => `chattrain.draft.${sessionId}`;

function rememberDraft(sessionId: string, text: string): void {
  if (text === '') drafts.delete(sessionId);
  else drafts.set(sessionId, text);
  try {
    if (text === '') sessionStorage.removeItem(draftKey(sessionId));
    else sessionStorage.setItem(draftKey(sessionId), text);
  } catch {
    // No storage (tests, private mode, quota): memory is enough.
  }
}

function recallDraft(sessionId: string): string {
  const kept = drafts.get(sessionId);
  if (kept !== undefined) return kept;
  try {
    return sessionStorage.getItem(draftKey(sessionId)) ?? '';
  } catch {
    return '';
  }
}

export const createTrainingSlice: SliceCreator<TrainingSlice> = (set, get) => {
  // Only the newest read of a session may write its answer, and only while that session
  // is still the open one: a slow answer for a session the user has left is dropped.
  let sessionRequest = 0;
  let resumableRequest = 0;
  // Views of one session can come back out of order (an answer's reply and the re-read
  // after "session.updated" race): each call takes a ticket when it is sent, and a view is
  // shown only if no later-sent call's view of the same session was shown already.
  let viewTickets = 0;
  let shownTicket = 0;
  let shownFor: string | null = null;
  const ticket = () => ++viewTickets;
  // Replies whose tokens are no longer shown: stopped by the trainee (the text stops at
  // once, whatever is still in flight), or already under way when the session was opened
  // (their beginning was missed; the stored reply shows when it is done).
  const frozen = new Set<string>();

  /** A fresh view of the open session arrived (from any call). Returns false if it was outdated. */
  const receive = (view: SessionView, ticketNo: number): boolean => {
    if (shownFor === view.session.id && ticketNo < shownTicket) return false;
    shownFor = view.session.id;
    shownTicket = ticketNo;
    const previous = get().session;
    const stepChanged =
      previous === null || previous.session.id !== view.session.id || previous.session.currentStepIndex !== view.session.currentStepIndex;
    set({
      session: view,
      sessionReceivedAt: Date.now(),
      sessionStatus: 'ready',
      sessionError: null,
      ...(stepChanged ? { hintShown: false } : {}),
    });
    return true;
  };

  /** Streaming replies in a view the session was opened with: their start was not seen here. */
  const freezeStreaming = (view: SessionView) => {
    for (const message of view.messages) if (message.status === 'streaming') frozen.add(message.id);
  };

  /** The scenario of the session feeds the start page (persona, goals) and the documents panel. */
  const ensureScenario = (scenarioId: string) => {
    const state = get();
    if (state.scenarioId === scenarioId && (state.detailStatus === 'ready' || state.detailStatus === 'loading')) return;
    void state.loadScenario(scenarioId);
  };

  /** Shows a session the store already has a view of (no second read). */
  const showSession = (view: SessionView, ticketNo: number) => {
    sessionRequest++;
    frozen.clear();
    set({
      ...freshSessionState,
      draft: recallDraft(view.session.id),
      sessionId: view.session.id,
      screen: { name: 'session', sessionId: view.session.id },
    });
    receive(view, ticketNo);
    ensureScenario(view.session.scenarioId);
  };

  /** True while `sessionId` is still the session on screen. */
  const stillOpen = (sessionId: string) => get().sessionId === sessionId;

  return {
    sessionId: null,
    session: null,
    sessionReceivedAt: 0,
    sessionStatus: 'idle',
    sessionError: null,
    ...freshSessionState,
    resumable: [],
    resumableStatus: 'idle',
    resumableError: null,

    async openSession(id) {
      const request = ++sessionRequest;
      const same = get().sessionId === id && get().session?.session.id === id;
      if (!same) frozen.clear();
      set({
        ...(same ? {} : { ...freshSessionState, draft: recallDraft(id), session: null }),
        sessionId: id,
        sessionStatus: 'loading',
        sessionError: null,
      });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.get', { sessionId: id });
        if (request !== sessionRequest || !stillOpen(id)) return;
        if (!same) freezeStreaming(view);
        receive(view, ticketNo);
        ensureScenario(view.session.scenarioId);
      } catch (error) {
        if (request !== sessionRequest || !stillOpen(id)) return;
        const code = errorCode(error);
        const message =
          code === 'NOT_FOUND' || code === 'BAD_INPUT'
            ? 'This training session could not be found. It may have been deleted, or the link is from another computer.'
            : describeError(error);
        set({ session: null, sessionStatus: 'error', sessionError: message });
      }
    },

    async syncSession() {
      const { sessionId } = get();
      if (!sessionId) return;
      const request = ++sessionRequest;
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.get', { sessionId });
        if (request !== sessionRequest || !stillOpen(sessionId)) return;
        receive(view, ticketNo);
      } catch (error) {
        if (request !== sessionRequest || !stillOpen(sessionId)) return;
        set({ turn: { status: 'error', error: `The session could not be brought up to date. ${describeError(error)}` } });
      }
    },

    async startPractice(scenarioId) {
      if (get().practiceStart.status === 'running') return;
      set({ practiceStart: { status: 'running', error: null } });
      try {
        // A session of this scenario that was opened but never begun is used again, so
        // "Start practice" pressed twice does not leave a trail of empty sessions.
        const resumable = await invoke('sessions.resumable');
        const waiting = resumable.find((candidate) => candidate.scenarioId === scenarioId && candidate.status === 'created');
        const ticketNo = ticket();
        const view = waiting
          ? await invoke('sessions.get', { sessionId: waiting.id })
          : await invoke('sessions.create', { scenarioId });
        showSession(view, ticketNo);
      } catch (error) {
        set({ practiceStart: { status: 'error', error: describeError(error) } });
      }
    },

    async beginSession() {
      const { sessionId, sessionAction } = get();
      if (!sessionId || sessionAction.status === 'running') return;
      set({ sessionAction: { kind: 'begin', status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.start', { sessionId });
        if (!stillOpen(sessionId)) return;
        receive(view, ticketNo);
        set({ sessionAction: { kind: null, ...idleAction } });
      } catch (error) {
        if (!stillOpen(sessionId)) return;
        set({ sessionAction: { kind: 'begin', status: 'error', error: describeError(error) } });
      }
    },

    setDraft(text) {
      const { sessionId } = get();
      if (sessionId) rememberDraft(sessionId, text);
      set((state) => ({ draft: text, turn: state.turn.status === 'error' ? idleAction : state.turn }));
    },

    async sendAnswer() {
      const { sessionId, draft, turn } = get();
      if (!sessionId || turn.status === 'running') return false;
      if (draft.trim() === '') {
        set({ turn: { status: 'error', error: 'Write an answer first.' } });
        return false;
      }
      if (draft.length > MAX_ANSWER_LENGTH) {
        set({ turn: { status: 'error', error: `Your answer is too long: at most ${MAX_ANSWER_LENGTH.toLocaleString('en')} characters.` } });
        return false;
      }
      if (get().session?.messages.some((message) => message.status === 'streaming')) {
        set({ turn: { status: 'error', error: 'The persona is still replying. Wait for the reply to finish, or press Stop, then send your answer.' } });
        return false;
      }
      set({ turn: { status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.answer', { sessionId, text: draft });
        if (!stillOpen(sessionId)) return true;
        receive(view, ticketNo);
        // Only now, with the answer stored and evaluated, is the typed text let go.
        rememberDraft(sessionId, '');
        set({ draft: '', turn: idleAction });
        return true;
      } catch (error) {
        if (!stillOpen(sessionId)) return false;
        set({ turn: { status: 'error', error: describeError(error) } });
        // The session may have ended under us (time limit): show what it is now.
        if (errorCode(error) === 'SESSION_STATE') void get().syncSession();
        return false;
      }
    },

    toggleHint() {
      set((state) => ({ hintShown: !state.hintShown }));
    },

    receiveToken({ sessionId, messageId, delta }) {
      if (!stillOpen(sessionId) || frozen.has(messageId) || delta === '') return;
      set((state) => ({ streamText: { ...state.streamText, [messageId]: (state.streamText[messageId] ?? '') + delta } }));
    },

    sessionChanged(sessionId) {
      if (stillOpen(sessionId)) void get().syncSession();
    },

    async stopReply() {
      const { sessionId, session, replyAction } = get();
      if (!sessionId || !session || (replyAction.kind === 'stop' && replyAction.status === 'running')) return;
      // The reply stops on screen now; main keeps what it had received by then.
      for (const message of session.messages) if (message.status === 'streaming') frozen.add(message.id);
      set({ replyAction: { kind: 'stop', status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.stop', { sessionId });
        if (!stillOpen(sessionId)) return;
        receive(view, ticketNo);
        set({ replyAction: { kind: null, ...idleAction } });
      } catch (error) {
        if (!stillOpen(sessionId)) return;
        set({ replyAction: { kind: 'stop', status: 'error', error: `The reply could not be stopped. ${describeError(error)}` } });
        void get().syncSession();
      }
    },

    async retryReply() {
      const { sessionId, session, replyAction } = get();
      if (!sessionId || !session || replyAction.status === 'running') return;
      const last = session.messages.findLast((message) => message.role === 'persona');
      if (last) {
        // The new reply starts from nothing; its tokens are shown again.
        frozen.delete(last.id);
        set((state) => {
          const streamText = { ...state.streamText };
          delete streamText[last.id];
          return { streamText };
        });
      }
      set({ replyAction: { kind: 'retry', status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.retry', { sessionId });
        if (!stillOpen(sessionId)) return;
        receive(view, ticketNo);
        set({ replyAction: { kind: null, ...idleAction } });
      } catch (error) {
        if (!stillOpen(sessionId)) return;
        set({ replyAction: { kind: 'retry', status: 'error', error: `The reply could not be retried. ${describeError(error)}` } });
        void get().syncSession();
      }
    },

    async endSession() {
      const { sessionId, sessionAction } = get();
      if (!sessionId || sessionAction.status === 'running') return;
      set({ sessionAction: { kind: 'end', status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.end', { sessionId });
        if (!stillOpen(sessionId)) return;
        receive(view, ticketNo);
        set({ sessionAction: { kind: null, ...idleAction } });
      } catch (error) {
        if (!stillOpen(sessionId)) return;
        set({ sessionAction: { kind: 'end', status: 'error', error: describeError(error) } });
      }
    },

    async saveReflection(takeaways, revisedGoal) {
      const { sessionId } = get();
      if (!sessionId || get().reflectionSave.status === 'running') return false;
      set({ reflectionSave: { status: 'running', error: null } });
      const ticketNo = ticket();
      try {
        const view = await invoke('sessions.reflect', { sessionId, takeaways, revisedGoal });
        if (!stillOpen(sessionId)) return false;
        receive(view, ticketNo);
        set({ reflectionSave: { status: 'done', error: null } });
        return true;
      } catch (error) {
        if (!stillOpen(sessionId)) return false;
        set({ reflectionSave: { status: 'error', error: describeError(error) } });
        return false;
      }
    },

    async createGoal(goal) {
      const { sessionId } = get();
      if (!sessionId || get().goalSave.status === 'running') return false;
      set({ goalSave: { status: 'running', error: null, goalId: null } });
      try {
        const { id } = await invoke('goals.create', { sessionId, ...goal });
        if (!stillOpen(sessionId)) return false;
        set({ goalSave: { status: 'done', error: null, goalId: id } });
        return true;
      } catch (error) {
        if (!stillOpen(sessionId)) return false;
        set({ goalSave: { status: 'error', error: describeError(error), goalId: null } });
        return false;
      }
    },

    resetGoalForm() {
      set({ goalSave: { ...idleAction, goalId: null } });
    },

    async exportReport(format) {
      const { sessionId } = get();
      if (!sessionId || get().reportExport.status === 'running') return;
      set({ reportExport: { status: 'running', error: null, format, message: null } });
      try {
        const result = await invoke('reports.export', { sessionId, format });
        if (!stillOpen(sessionId)) return;
        if (result.kind === 'download') {
          downloadFile(result.fileName, result.mimeType, result.base64);
          set({ reportExport: { status: 'done', error: null, format, message: `${formatLabels[format]} report downloaded as ${result.fileName}.` } });
        } else if (result.kind === 'saved') {
          set({ reportExport: { status: 'done', error: null, format, message: `Saved to ${result.path}` } });
        } else {
          set({ reportExport: { status: 'idle', error: null, format, message: 'Export cancelled: nothing was saved.' } });
        }
      } catch (error) {
        if (!stillOpen(sessionId)) return;
        set({ reportExport: { status: 'error', error: describeError(error), format, message: null } });
      }
    },

    dismissExport() {
      set({ reportExport: idleExport });
    },

    async loadResumable() {
      const request = ++resumableRequest;
      if (get().resumableStatus !== 'ready') set({ resumableStatus: 'loading', resumableError: null });
      try {
        const resumable = await invoke('sessions.resumable');
        if (request !== resumableRequest) return;
        set({ resumable, resumableStatus: 'ready', resumableError: null });
      } catch (error) {
        if (request !== resumableRequest) return;
        set({ resumableStatus: 'error', resumableError: describeError(error) });
      }
    },

    closeSession() {
      sessionRequest++;
      frozen.clear();
      set({ ...freshSessionState, sessionId: null, session: null, sessionReceivedAt: 0, sessionStatus: 'idle', sessionError: null });
    },
  };
};
