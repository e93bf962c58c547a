import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import type {
  ContentReloadResult,
  DocumentContent,
  DocumentSearchHit,
  ScenarioDetail,
  ScenarioProblem,
  ScenarioSummary,
} from '../../../shared/scenario/types';
import type { Settings } from '../../../shared/settings/schema';

/** The state of something fetched from main. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export type Difficulty = ScenarioSummary['difficulty'];

// ---------------------------------------------------------------- shell

export interface ShellSlice {
  appInfo: AppInfo | null;
  theme: Settings['theme'];
  /** Loads app info and the theme setting; failures only lose the decoration. */
  loadShell(): Promise<void>;
}

// ---------------------------------------------------------------- library

export interface LibraryFilters {
  /** Free text, matched against title, description, domain and tags. */
  text: string;
  /** '' means any. */
  domain: string;
  difficulty: '' | Difficulty;
  tag: string;
}

export const emptyFilters: LibraryFilters = { text: '', domain: '', difficulty: '', tag: '' };

export interface ReloadState {
  status: 'idle' | 'running' | 'done' | 'error';
  result: ContentReloadResult | null;
  error: string | null;
  /** Whether the outcome banner is showing (the user can close it). */
  noticeVisible: boolean;
}

export interface LibrarySlice {
  scenarios: ScenarioSummary[];
  libraryStatus: LoadStatus;
  libraryError: string | null;
  filters: LibraryFilters;
  /** Problems reported by the latest content reload. Never dropped silently. */
  problems: ScenarioProblem[];
  /** The user collapsed the problems panel; it stays reachable from a button. */
  problemsHidden: boolean;
  reload: ReloadState;

  /** Start-up: reload content once (so the initial problems are known), then list. */
  startLibrary(): Promise<void>;
  loadScenarios(options?: { quiet?: boolean }): Promise<void>;
  /** "Reload content": rescans the content folders and reports what happened. */
  reloadContent(options?: { announce?: boolean }): Promise<void>;
  /** Main pushed `scenarios.changed` (a reload from anywhere). */
  contentChanged(result: ContentReloadResult): void;
  setFilter<K extends keyof LibraryFilters>(key: K, value: LibraryFilters[K]): void;
  resetFilters(): void;
  hideProblems(): void;
  showProblems(): void;
  dismissReloadNotice(): void;
}

// ---------------------------------------------------------------- scenario detail

export interface HeadingTarget {
  heading: string;
  /** Changes on every request, so asking for the same heading twice scrolls again. */
  nonce: number;
}

export interface DocumentSearchState {
  /** What is in the search box. */
  query: string;
  status: 'idle' | 'searching' | 'done' | 'error';
  /** The query the current results belong to. */
  searchedQuery: string;
  results: DocumentSearchHit[];
  error: string | null;
}

export const idleSearch: DocumentSearchState = { query: '', status: 'idle', searchedQuery: '', results: [], error: null };

export interface ScenarioSlice {
  scenarioId: string | null;
  detail: ScenarioDetail | null;
  detailStatus: LoadStatus;
  detailError: string | null;

  openDocumentId: number | null;
  openDocument: DocumentContent | null;
  documentStatus: LoadStatus;
  documentError: string | null;
  headingTarget: HeadingTarget | null;

  search: DocumentSearchState;

  loadScenario(id: string, options?: { quiet?: boolean }): Promise<void>;
  /** Opens a document of the current scenario, optionally scrolling to a heading. */
  openDocumentById(id: number, heading?: string): Promise<void>;
  /** Updates the search box; the search itself runs after a short pause in typing. */
  setSearchQuery(query: string): void;
  /** Searches now (no debounce). An empty query clears the results. */
  runSearch(query: string): Promise<void>;
  clearSearch(): void;
  closeScenario(): void;
}

// ---------------------------------------------------------------- navigation

export type Screen = { name: 'library' } | { name: 'scenario'; scenarioId: string };

export interface NavigationSlice {
  screen: Screen;
  /** The scenario card to focus when the library is shown again (keyboard users). */
  returnFocusTo: string | null;
  goToScenario(id: string): void;
  goToLibrary(): void;
  focusRestored(): void;
}

// ---------------------------------------------------------------- the store

export type AppState = ShellSlice & LibrarySlice & ScenarioSlice & NavigationSlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
