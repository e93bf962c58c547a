import { create } from 'zustand';
import { createLibrarySlice } from './library-slice';
import { createNavigationSlice } from './navigation-slice';
import { createScenarioSlice } from './scenario-slice';
import { createShellSlice } from './shell-slice';
import type { AppState } from './types';

/**
 * The renderer's one store, made of slices (each slice keeps its actions beside its state):
 * - shell: app info and theme;
 * - library: scenarios, loading/error state, filters, content problems, reload outcome;
 * - scenario: the open scenario, its documents, the open document and document search;
 * - navigation: which screen is showing.
 * Components read it through selectors (`useShallow` for derived objects and arrays).
 */
export const useAppStore = create<AppState>()((...args) => ({
  ...createShellSlice(...args),
  ...createLibrarySlice(...args),
  ...createScenarioSlice(...args),
  ...createNavigationSlice(...args),
}));

export type { AppState } from './types';
