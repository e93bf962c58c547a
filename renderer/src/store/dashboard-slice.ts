import type { DashboardOverview, SessionPage } from '../../../shared/dashboard/types';
import type { SessionView } from '../../../shared/training/types';
import { draftProblem, emptySessionFilters, toFilterInput, type SessionFilterDraft } from '../cohort/session-filters';
import { invoke } from '../ipc/client';
import { describeError, errorCode } from './errors';
import { idleAction, type ActionState, type LoadStatus, type SliceCreator } from './types';

/** Rows per page of the dashboard's session list. */
export const SESSIONS_PER_PAGE = 20;

/** A failed load: `denied` when the active profile is not a facilitator or trainer. */
export interface LoadProblem {
  message: string;
  denied: boolean;
}

const problemOf = (error: unknown): LoadProblem => ({ message: describeError(error), denied: errorCode(error) === 'UNAUTHORIZED' });

/** The facilitator dashboard and the review of one session. */
export interface DashboardSlice {
  /** What the filter bar shows; kept while the facilitator reviews a session and comes back. */
  dashboardFilters: SessionFilterDraft;
  overview: DashboardOverview | null;
  overviewStatus: LoadStatus;
  overviewProblem: LoadProblem | null;
  /** A load for new filters is under way (what is shown may be for the previous ones). */
  overviewRefreshing: boolean;

  sessionPage: SessionPage | null;
  sessionPageStatus: LoadStatus;
  sessionPageProblem: LoadProblem | null;

  /** The session under review (the one in the address bar). */
  reviewSessionId: string | null;
  review: SessionView | null;
  reviewStatus: LoadStatus;
  reviewProblem: LoadProblem | null;
  /** "Save feedback" on one step; `stepId` says which form it belongs to. */
  manualFeedbackSave: ActionState & { stepId: string | null; message: string | null };

  /** Loads the dashboard and the first page of sessions for the current filters (keeps what is shown while it refreshes). */
  loadDashboard(): Promise<void>;
  /** Changes one filter and loads again (a date range that is back to front is not sent). */
  setDashboardFilter<K extends keyof SessionFilterDraft>(key: K, value: SessionFilterDraft[K]): Promise<void>;
  resetDashboardFilters(): Promise<void>;
  /** Loads the page of sessions starting at `offset`. */
  loadSessionPage(offset: number): Promise<void>;

  openReview(sessionId: string): Promise<void>;
  /** Saves a facilitator's score and comment on one step; resolves true when main stored it. */
  addManualFeedback(stepId: string, score: number, comment: string): Promise<boolean>;
  closeReview(): void;
}

const idleSave = { ...idleAction, stepId: null, message: null };

export const createDashboardSlice: SliceCreator<DashboardSlice> = (set, get) => {
  let overviewRequest = 0;
  let pageRequest = 0;
  let reviewRequest = 0;

  const reload = async (filters: SessionFilterDraft) => {
    set({ dashboardFilters: filters });
    if (draftProblem(filters)) return; // the filter bar says what is wrong
    await get().loadDashboard();
  };

  return {
    dashboardFilters: emptySessionFilters,
    overview: null,
    overviewStatus: 'idle',
    overviewProblem: null,
    overviewRefreshing: false,
    sessionPage: null,
    sessionPageStatus: 'idle',
    sessionPageProblem: null,
    reviewSessionId: null,
    review: null,
    reviewStatus: 'idle',
    reviewProblem: null,
    manualFeedbackSave: idleSave,

    async loadDashboard() {
      const request = ++overviewRequest;
      const filters = toFilterInput(get().dashboardFilters);
      set(get().overviewStatus === 'ready' ? { overviewRefreshing: true } : { overviewStatus: 'loading', overviewProblem: null, overviewRefreshing: true });
      const page = get().loadSessionPage(0);
      try {
        const overview = await invoke('dashboard.overview', filters);
        if (request === overviewRequest) set({ overview, overviewStatus: 'ready', overviewProblem: null });
      } catch (error) {
        if (request === overviewRequest) set({ overviewStatus: 'error', overviewProblem: problemOf(error) });
      }
      await page;
      if (request === overviewRequest) set({ overviewRefreshing: false });
    },

    setDashboardFilter(key, value) {
      return reload({ ...get().dashboardFilters, [key]: value });
    },

    resetDashboardFilters() {
      return reload(emptySessionFilters);
    },

    async loadSessionPage(offset) {
      const request = ++pageRequest;
      const filters = toFilterInput(get().dashboardFilters);
      if (get().sessionPageStatus !== 'ready') set({ sessionPageStatus: 'loading', sessionPageProblem: null });
      try {
        const sessionPage = await invoke('dashboard.sessions', { filters, limit: SESSIONS_PER_PAGE, offset: Math.max(0, offset) });
        if (request !== pageRequest) return;
        set({ sessionPage, sessionPageStatus: 'ready', sessionPageProblem: null });
      } catch (error) {
        if (request !== pageRequest) return;
        set({ sessionPageStatus: 'error', sessionPageProblem: problemOf(error) });
      }
    },

    async openReview(sessionId) {
      const request = ++reviewRequest;
      const same = get().reviewSessionId === sessionId && get().review !== null;
      set({
        reviewSessionId: sessionId,
        reviewStatus: same ? 'ready' : 'loading',
        reviewProblem: null,
        ...(same ? {} : { review: null, manualFeedbackSave: idleSave }),
      });
      try {
        const review = await invoke('review.get', { sessionId });
        if (request !== reviewRequest) return;
        set({ review, reviewStatus: 'ready' });
      } catch (error) {
        if (request !== reviewRequest) return;
        set({ reviewStatus: 'error', reviewProblem: problemOf(error) });
      }
    },

    async addManualFeedback(stepId, score, comment) {
      const sessionId = get().reviewSessionId;
      if (!sessionId || get().manualFeedbackSave.status === 'running') return false;
      set({ manualFeedbackSave: { status: 'running', error: null, stepId, message: null } });
      try {
        const review = await invoke('review.addManualFeedback', { sessionId, stepId, score, comment });
        if (get().reviewSessionId !== sessionId) return true;
        reviewRequest++; // a load started before this save would bring back the older view
        set({ review, reviewStatus: 'ready', manualFeedbackSave: { status: 'done', error: null, stepId, message: 'Saved. The trainee sees it on their session.' } });
        return true;
      } catch (error) {
        set({ manualFeedbackSave: { status: 'error', error: describeError(error), stepId, message: null } });
        return false;
      }
    },

    closeReview() {
      reviewRequest++;
      set({ reviewSessionId: null, review: null, reviewStatus: 'idle', reviewProblem: null, manualFeedbackSave: idleSave });
    },
  };
};
