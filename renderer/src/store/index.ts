import { create } from 'zustand';
import { createLibrarySlice } from './library-slice';
import { createLlmSlice } from './llm-slice';
import { createPeopleSlice } from './people-slice';
import { createDashboardSlice } from './dashboard-slice';
import { createWorkshopSlice } from './workshop-slice';
import { createDataCareSlice } from './data-care-slice';
import { createGoalsSlice } from './goals-slice';
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
 * - llm: the AI provider settings (status from main, save, key, connection test);
 * - people: the active profile, the profile list, switching (with PIN) and managing profiles;
 * - dashboard: the facilitator dashboard and the review of one session;
 * - workshop: cohort exports, workshop bundles and content packs;
 * - dataCare: backups, restore, retention, the data folder;
 * - goals: personal SMART goals and their check-ins.
 * Components read it through selectors (`useShallow` for derived objects and arrays).
 */
export const useAppStore = create<AppState>()((...args) => ({
  ...createShellSlice(...args),
  ...createLibrarySlice(...args),
  ...createScenarioSlice(...args),
  ...createTrainingSlice(...args),
  ...createNavigationSlice(...args),
  ...createLlmSlice(...args),
  ...createPeopleSlice(...args),
  ...createDashboardSlice(...args),
  ...createWorkshopSlice(...args),
  ...createDataCareSlice(...args),
  ...createGoalsSlice(...args),
}));

export type { AppState } from './types';
