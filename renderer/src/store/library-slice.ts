import type { ContentReloadResult, ScenarioProblem } from '../../../shared/scenario/types';
import { invoke } from '../ipc/client';
import { describeError } from './errors';
import { emptyFilters, type LibrarySlice, type SliceCreator } from './types';

function sameProblems(a: ScenarioProblem[], b: ScenarioProblem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((problem, index) => {
    const other = b[index];
    return (
      other !== undefined &&
      problem.file === other.file &&
      problem.line === other.line &&
      problem.column === other.column &&
      problem.path === other.path &&
      problem.message === other.message
    );
  });
}

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get) => {
  // Only the newest list request may write its answer (a quiet refresh can overlap a load).
  let listRequest = 0;

  const applyProblems = (problems: ScenarioProblem[]) => {
    const current = get().problems;
    if (sameProblems(current, problems)) return;
    // New or different problems are shown again even if the panel was collapsed.
    set({ problems, problemsHidden: false });
  };

  return {
    scenarios: [],
    libraryStatus: 'idle',
    libraryError: null,
    filters: emptyFilters,
    problems: [],
    problemsHidden: false,
    reload: { status: 'idle', result: null, error: null, noticeVisible: false },

    async startLibrary() {
      set({ libraryStatus: 'loading', libraryError: null });
      await get().reloadContent({ announce: false });
      await get().loadScenarios();
    },

    async loadScenarios(options = {}) {
      const request = ++listRequest;
      if (!options.quiet || get().libraryStatus !== 'ready') set({ libraryStatus: 'loading', libraryError: null });
      try {
        const scenarios = await invoke('scenarios.list');
        if (request !== listRequest) return;
        set({ scenarios, libraryStatus: 'ready', libraryError: null });
      } catch (error) {
        if (request !== listRequest) return;
        set({ libraryStatus: 'error', libraryError: describeError(error) });
      }
    },

    async reloadContent(options = {}) {
      const announce = options.announce ?? true;
      set((state) => ({ reload: { ...state.reload, status: 'running', error: null } }));
      try {
        const result = await invoke('scenarios.reload');
        set({ reload: { status: 'done', result, error: null, noticeVisible: announce } });
        applyProblems(result.problems);
        if (announce) {
          set({ problemsHidden: false });
          await get().loadScenarios({ quiet: true });
        }
      } catch (error) {
        // A failed reload is always shown, even at start-up: the problems list may be stale.
        set({ reload: { status: 'error', result: null, error: describeError(error), noticeVisible: true } });
      }
    },

    contentChanged(result: ContentReloadResult) {
      applyProblems(result.problems);
      if (result.loaded === 0 && result.removed === 0) return;
      void get().loadScenarios({ quiet: true });
      // The open scenario may have changed (or gone) too.
      const { scenarioId } = get();
      if (scenarioId) void get().loadScenario(scenarioId, { quiet: true });
    },

    setFilter(key, value) {
      set((state) => ({ filters: { ...state.filters, [key]: value } }));
    },

    resetFilters() {
      set({ filters: emptyFilters });
    },

    hideProblems() {
      set({ problemsHidden: true });
    },

    showProblems() {
      set({ problemsHidden: false });
    },

    dismissReloadNotice() {
      set((state) => ({ reload: { ...state.reload, noticeVisible: false } }));
    },
  };
};
