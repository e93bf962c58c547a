import { create } from 'zustand';
import { createLibrarySlice } from './library-slice';
import { createLlmSlice } from './llm-slice';
import { createNavigationSlice } from './navigation-slice';
import { createScenarioSlice } from './scenario-slice';
import { createShellSlice } from './shell-slice';
import { createTrainingSlice } from './training-slice';
import type { AppState } from './types';

/**
 * The renderer's one store, made of slices (each slice keeps its actions beside its state):
 * - shell: app info and theme;
 * - library: scenarios, loading/error state, filters, content problems, reload outcome;
 * - scenario: the open scenario, its documents, the open document and document search;
 * - training: the open practice session (start page, chat, summary), the composer's draft,
 *   the outcome of each session action, and the sessions that can be continued;
 * - navigation: which screen is showing (mirrored in the address bar's hash);
 * - llm: the AI provider settings (status from main, save, key, connection test).
 * Components read it through selectors (`useShallow` for derived objects and arrays).
 */
export const useAppStore = create<AppState>()((...args) => ({
  ...createShellSlice(...args),
  ...createLibrarySlice(...args),
  ...createScenarioSlice(...args),
  ...createTrainingSlice(...args),
  ...createNavigationSlice(...args),
  ...createLlmSlice(...args),
}));

export type { AppState } from './types';
