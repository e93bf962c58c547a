import type { StateCreator } from 'zustand';
import type { AppInfo, LlmConnectionTest, LlmStatus } from '../../../shared/ipc/contract';
import type { ProviderConfigInput } from '../../../shared/llm/provider-config';
import type {
  ContentReloadResult,
  DocumentContent,
  DocumentSearchHit,
  ScenarioDetail,
  ScenarioProblem,
  ScenarioSummary,
} from '../../../shared/scenario/types';
import type { Settings } from '../../../shared/settings/schema';
import type { ReportFormat, ResumableSession, SessionView } from '../../../shared/training/types';
// Feature areas declare their slice beside its implementation.
import type { PeopleSlice } from './people-slice';
import type { DashboardSlice } from './dashboard-slice';
import type { WorkshopSlice } from './workshop-slice';
import type { DataCareSlice } from './data-care-slice';
import type { GoalsSlice } from './goals-slice';

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
  /**
   * Opens a document of the current scenario, optionally scrolling to a heading. While a
   * session is running, views the user asked for are logged for it (`automatic` ones,
   * such as the first document shown when the panel loads, are not).
   */
  openDocumentById(id: number, heading?: string, options?: { automatic?: boolean }): Promise<void>;
  /** Updates the search box; the search itself runs after a short pause in typing. */
  setSearchQuery(query: string): void;
  /** Searches now (no debounce). An empty query clears the results. */
  runSearch(query: string): Promise<void>;
  clearSearch(): void;
  closeScenario(): void;
}

// ---------------------------------------------------------------- training sessions

/** A request the user started (a button press), and how it went. */
export interface ActionState {
  status: 'idle' | 'running' | 'done' | 'error';
  error: string | null;
}

export const idleAction: ActionState = { status: 'idle', error: null };

export interface ExportState extends ActionState {
  /** The format being (or last) exported. */
  format: ReportFormat | null;
  /** What happened, in words ("Saved to …", "Downloaded …"). */
  message: string | null;
}

export const idleExport: ExportState = { status: 'idle', error: null, format: null, message: null };

export interface PersonalGoalDraft {
  specific: string;
  measurable: string;
  achievable: string;
  relevant: string;
  time_bound: string;
}

export interface TrainingSlice {
  /** The open session (the one in the address bar), if any. */
  sessionId: string | null;
  session: SessionView | null;
  /** `Date.now()` when `session` arrived: its remainingSeconds count down from there. */
  sessionReceivedAt: number;
  sessionStatus: LoadStatus;
  sessionError: string | null;

  /** "Start practice" on the scenario screen (and "Practise again"). */
  practiceStart: ActionState;
  /** "Begin" on the start page, or "End session". */
  sessionAction: ActionState & { kind: 'begin' | 'end' | null };
  /** What is typed in the composer; cleared only once main accepted the answer. */
  draft: string;
  /** The answer being evaluated (`running`), or why the last one was not accepted. */
  turn: ActionState;
  hintShown: boolean;

  reflectionSave: ActionState;
  goalSave: ActionState & { goalId: string | null };
  reportExport: ExportState;

  /**
   * What has streamed in so far of persona replies being written (`session.token`), by
   * message id. Shown in place of the stored (still empty) content while a reply streams.
   */
  streamText: Record<string, string>;
  /** "Stop" or "Retry reply" on the persona's AI reply. */
  replyAction: ActionState & { kind: 'stop' | 'retry' | null };

  resumable: ResumableSession[];
  resumableStatus: LoadStatus;
  resumableError: string | null;

  /** Loads a session (and its scenario, for the persona and the documents panel). */
  openSession(id: string): Promise<void>;
  /** Reloads the open session without a loading state (time ran out, window refocused). */
  syncSession(): Promise<void>;
  /** Opens the start page of a new session of the scenario (or of one not begun yet). */
  startPractice(scenarioId: string): Promise<void>;
  /** "Begin": the persona says the first line. */
  beginSession(): Promise<void>;
  setDraft(text: string): void;
  /** Sends the draft; resolves true if main accepted it. */
  sendAnswer(): Promise<boolean>;
  toggleHint(): void;
  /** A piece of a persona reply arrived (`session.token`). */
  receiveToken(payload: { sessionId: string; messageId: string; delta: string }): void;
  /** Main says a session changed on its own (`session.updated`): re-read it if it is open. */
  sessionChanged(sessionId: string): void;
  /** "Stop": ends the streaming reply at once, keeping what arrived. */
  stopReply(): Promise<void>;
  /** "Retry reply": asks the AI persona again for its last failed or stopped reply. */
  retryReply(): Promise<void>;
  endSession(): Promise<void>;
  saveReflection(takeaways: string, revisedGoal: string | null): Promise<boolean>;
  createGoal(goal: PersonalGoalDraft): Promise<boolean>;
  resetGoalForm(): void;
  exportReport(format: ReportFormat): Promise<void>;
  dismissExport(): void;
  loadResumable(): Promise<void>;
  /** Forgets the open session (leaving its screen). */
  closeSession(): void;
}

// ---------------------------------------------------------------- navigation

export type Screen =
  | { name: 'library' }
  | { name: 'scenario'; scenarioId: string }
  | { name: 'session'; sessionId: string }
  | { name: 'settings' }
  /** Facilitator and trainer areas (main refuses their data to other roles). */
  | { name: 'dashboard' }
  | { name: 'review'; sessionId: string }
  | { name: 'workshop' }
  | { name: 'data-care' }
  /** Everyone. */
  | { name: 'people' }
  | { name: 'goals' };

/** Screens that need nothing but their name to open. */
export type AreaScreen = Extract<Screen, { name: 'dashboard' | 'workshop' | 'data-care' | 'people' | 'goals' }>['name'];

export interface NavigationSlice {
  screen: Screen;
  /** The scenario card to focus when the library is shown again (keyboard users). */
  returnFocusTo: string | null;
  goToScenario(id: string): void;
  goToLibrary(): void;
  /** Shows a training session: its start page, chat or summary, whichever its status calls for. */
  goToSession(id: string): void;
  goToSettings(): void;
  /** Opens one of the areas (dashboard, workshop, data care, people, goals); each screen loads its own data. */
  goToArea(name: AreaScreen): void;
  /** A facilitator or trainer reading (and adding manual feedback to) someone's session. */
  goToReview(sessionId: string): void;
  focusRestored(): void;
}

// ---------------------------------------------------------------- settings: the LLM provider

export interface ConnectionTestState {
  status: 'idle' | 'running' | 'done' | 'error';
  /** What the server said (ok or the failure), once the test ran. */
  result: LlmConnectionTest | null;
  /** The test could not run at all (bad settings, app error). */
  error: string | null;
}

export interface LlmSlice {
  /** What main says about the provider (never the key: only whether one is stored). */
  llmStatus: LlmStatus | null;
  llmStatusLoad: LoadStatus;
  llmStatusError: string | null;
  /** "Save" of the provider settings; `message` says what happened. */
  llmSave: ActionState & { message: string | null };
  /** "Save key" / "Clear key". */
  llmKeyAction: ActionState & { kind: 'save' | 'clear' | null; message: string | null };
  llmTest: ConnectionTestState;

  loadLlmStatus(): Promise<void>;
  /** Saves the provider settings; resolves to the saved status, or null when main refused them. */
  saveLlmConfig(config: ProviderConfigInput, enabled: boolean): Promise<LlmStatus | null>;
  /** Hands the key to main (which keeps it in the secret store); resolves true if stored. */
  saveApiKey(apiKey: string): Promise<boolean>;
  clearApiKey(): Promise<void>;
  /** Tries the provider with the settings being edited (and the typed key, if any). */
  testLlmConnection(config: ProviderConfigInput, apiKey?: string): Promise<void>;
  /** Forgets the outcome messages (leaving the screen). */
  resetLlmActions(): void;
}

// ---------------------------------------------------------------- the store

export type AppState = ShellSlice &
  LibrarySlice &
  ScenarioSlice &
  TrainingSlice &
  NavigationSlice &
  LlmSlice &
  PeopleSlice &
  DashboardSlice &
  WorkshopSlice &
  DataCareSlice &
  GoalsSlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
