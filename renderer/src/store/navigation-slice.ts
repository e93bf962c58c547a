import type { NavigationSlice, SliceCreator } from './types';

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set, get) => ({
  screen: { name: 'library' },
  returnFocusTo: null,

  goToScenario(id) {
    set({ screen: { name: 'scenario', scenarioId: id }, returnFocusTo: id });
    void get().loadScenario(id);
  },

  goToLibrary() {
    get().closeScenario();
    set({ screen: { name: 'library' } });
  },

  focusRestored() {
    set({ returnFocusTo: null });
  },
});
