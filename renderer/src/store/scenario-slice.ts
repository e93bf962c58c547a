import type { DocumentContent } from '../../../shared/scenario/types';
import { invoke } from '../ipc/client';
import { describeError, errorCode } from './errors';
import { idleSearch, type ScenarioSlice, type SliceCreator } from './types';

/** Pause after the last keystroke before a document search runs. */
export const SEARCH_DEBOUNCE_MS = 200;
/** Hits asked for per search. */
export const SEARCH_LIMIT = 20;
/** The contract's limit on a query; the search box enforces it too. */
export const MAX_QUERY_LENGTH = 1000;

/** The slice's state with no scenario open: the start, and what closing one returns to. */
const closedScenario = {
  scenarioId: null,
  detail: null,
  detailStatus: 'idle',
  detailError: null,
  openDocumentId: null,
  openDocument: null,
  documentStatus: 'idle',
  documentError: null,
  headingTarget: null,
  search: idleSearch,
} as const satisfies Partial<ScenarioSlice>;

export const createScenarioSlice: SliceCreator<ScenarioSlice> = (set, get) => {
  // Sequence numbers: only the newest request of each kind may write its answer, so a slow
  // response for a scenario or query the user has already left never overwrites the screen.
  let detailRequest = 0;
  let documentRequest = 0;
  let searchRequest = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let headingNonce = 0;
  // Documents of the open scenario already fetched (they are static until a reload).
  let documentCache = new Map<number, DocumentContent>();

  /** The session being practised on screen, if any. */
  const practisingSessionId = (): string | undefined => {
    const { screen, session } = get();
    if (screen.name !== 'session' || session?.session.status !== 'in_progress') return undefined;
    return session.session.id;
  };

  const cancelPendingSearch = () => {
    if (searchTimer !== undefined) clearTimeout(searchTimer);
    searchTimer = undefined;
  };

  return {
    ...closedScenario,

    async loadScenario(id, options = {}) {
      const request = ++detailRequest;
      const quiet = options.quiet === true && get().scenarioId === id && get().detail !== null;
      if (!quiet) {
        cancelPendingSearch();
        searchRequest++;
        documentRequest++;
        documentCache = new Map();
        set({
          scenarioId: id,
          detail: null,
          detailStatus: 'loading',
          detailError: null,
          openDocumentId: null,
          openDocument: null,
          documentStatus: 'idle',
          documentError: null,
          headingTarget: null,
          search: idleSearch,
        });
      } else {
        // The files may have changed: fetch documents again when next opened.
        documentCache = new Map();
      }
      try {
        const detail = await invoke('scenarios.get', { id });
        if (request !== detailRequest || get().scenarioId !== id) return;
        set({ detail, detailStatus: 'ready', detailError: null });
        const { openDocumentId } = get();
        const stillThere = detail.documents.some((document) => document.id === openDocumentId);
        const first = detail.documents[0];
        if (openDocumentId !== null && stillThere) await get().openDocumentById(openDocumentId, undefined, { automatic: true });
        else if (first) await get().openDocumentById(first.id, undefined, { automatic: true });
        else set({ openDocumentId: null, openDocument: null, documentStatus: 'idle' });
      } catch (error) {
        if (request !== detailRequest || get().scenarioId !== id) return;
        const message =
          errorCode(error) === 'NOT_FOUND'
            ? 'This scenario is no longer in the library. It may have been removed or renamed during a content reload.'
            : describeError(error);
        set({ detail: null, detailStatus: 'error', detailError: message });
      }
    },

    async openDocumentById(id, heading, options = {}) {
      const request = ++documentRequest;
      const headingTarget = heading ? { heading, nonce: ++headingNonce } : null;
      // While practising, a document the trainee opens is logged for the session.
      const sessionId = options.automatic ? undefined : practisingSessionId();
      const cached = documentCache.get(id);
      if (cached) {
        set({ openDocumentId: id, openDocument: cached, documentStatus: 'ready', documentError: null, headingTarget });
        // Shown from the cache at once; the view is still logged.
        if (sessionId) invoke('documents.get', { id, sessionId }).catch(() => undefined);
        return;
      }
      set({ openDocumentId: id, documentStatus: 'loading', documentError: null, headingTarget });
      const scenarioId = get().scenarioId;
      try {
        const document = await invoke('documents.get', sessionId ? { id, sessionId } : { id });
        if (request !== documentRequest || get().scenarioId !== scenarioId) return;
        documentCache.set(id, document);
        set({ openDocument: document, documentStatus: 'ready', documentError: null });
      } catch (error) {
        if (request !== documentRequest) return;
        set({ openDocument: null, documentStatus: 'error', documentError: describeError(error) });
      }
    },

    setSearchQuery(query) {
      const bounded = query.slice(0, MAX_QUERY_LENGTH);
      set((state) => ({ search: { ...state.search, query: bounded } }));
      cancelPendingSearch();
      if (bounded.trim() === '') {
        // An empty box clears at once; nothing to wait for.
        void get().runSearch('');
        return;
      }
      searchTimer = setTimeout(() => {
        searchTimer = undefined;
        void get().runSearch(bounded);
      }, SEARCH_DEBOUNCE_MS);
    },

    async runSearch(query) {
      const request = ++searchRequest;
      const trimmed = query.trim();
      if (trimmed === '') {
        set((state) => ({ search: { ...idleSearch, query: state.search.query } }));
        return;
      }
      const scenarioId = get().scenarioId;
      if (!scenarioId) return;
      set((state) => ({ search: { ...state.search, status: 'searching', error: null } }));
      try {
        const results = await invoke('documents.search', { query: trimmed, scenarioId, limit: SEARCH_LIMIT });
        if (request !== searchRequest) return;
        set((state) => ({ search: { ...state.search, status: 'done', searchedQuery: trimmed, results, error: null } }));
      } catch (error) {
        if (request !== searchRequest) return;
        if (errorCode(error) === 'BAD_INPUT') {
          // Whatever was typed, a query main cannot use simply matches nothing.
          set((state) => ({ search: { ...state.search, status: 'done', searchedQuery: trimmed, results: [], error: null } }));
          return;
        }
        set((state) => ({
          search: { ...state.search, status: 'error', searchedQuery: trimmed, results: [], error: describeError(error) },
        }));
      }
    },

    clearSearch() {
      cancelPendingSearch();
      searchRequest++;
      set({ search: idleSearch });
    },

    closeScenario() {
      cancelPendingSearch();
      detailRequest++;
      documentRequest++;
      searchRequest++;
      documentCache = new Map();
      set(closedScenario);
    },
  };
};
