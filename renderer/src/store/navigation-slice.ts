import type { NavigationSlice, SliceCreator } from './types';

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set, get) => ({
  screen: { name: 'library' },
  returnFocusTo: null,

  goToScenario(id) {
    get().closeSession();
    set({ screen: { name: 'scenario', scenarioId: id }, returnFocusTo: id });
    void get().loadScenario(id);
  },

  goToLibrary() {
    get().closeScenario();
    get().closeSession();
    set({ screen: { name: 'library' } });
  },

  goToSettings() {
    get().closeScenario();
    get().closeSession();
    set({ screen: { name: 'settings' } });
  },

  goToArea(name) {
    get().closeScenario();
    get().closeSession();
    set({ screen: { name } });
  },

  goToReview(id) {
    get().closeScenario();
    get().closeSession();
    set({ screen: { name: 'review', sessionId: id } });
  },

  goToSession(id) {
    set({ screen: { name: 'session', sessionId: id } });
    void get().openSession(id);
  },

  focusRestored() {
    set({ returnFocusTo: null });
  },
});
