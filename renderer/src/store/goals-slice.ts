import { openGoalsFirst, type GoalCheckin, type GoalStatus, type GoalView, type ScenarioLocks, type SmartFields, type TrackView } from '../../../shared/goals/types';
import { invoke } from '../ipc/client';
import { describeError } from './errors';
import type { LoadStatus, SliceCreator } from './types';

export type GoalActionKind = 'create' | 'edit' | 'status' | 'delete' | 'checkin';

/** The goal change the user asked for last, and how it went (one at a time). */
export interface GoalAction {
  status: 'idle' | 'running' | 'done' | 'error';
  kind: GoalActionKind | null;
  /** The goal it concerns; null when creating. */
  goalId: string | null;
  error: string | null;
}

export interface CheckinHistory {
  status: LoadStatus;
  /** Oldest first, as main sends them. */
  checkins: GoalCheckin[];
  error: string | null;
}

export const idleGoalAction: GoalAction = { status: 'idle', kind: null, goalId: null, error: null };

/** State and actions of the goals area: personal SMART goals, their check-ins, and tracks. */
export interface GoalsSlice {
  /** The active profile's goals, open ones first (main's order). */
  goals: GoalView[];
  goalsStatus: LoadStatus;
  goalsError: string | null;
  /** Check-ins per goal id, loaded when the goal is shown. */
  checkinHistory: Record<string, CheckinHistory>;
  goalAction: GoalAction;

  /** Every track with the active profile's progress. */
  tracks: TrackView[];
  tracksStatus: LoadStatus;
  tracksError: string | null;
  /** Scenario id → why it is locked for the active profile. */
  scenarioLocks: ScenarioLocks;
  locksStatus: LoadStatus;

  loadGoals(): Promise<void>;
  loadCheckins(goalId: string): Promise<void>;
  /** Resolves with the new goal, or null (the error is in `goalAction`). */
  saveNewGoal(fields: SmartFields): Promise<GoalView | null>;
  /** Saves changed SMART fields; an open goal becomes `revised`. Resolves true when saved. */
  editGoal(goalId: string, fields: SmartFields): Promise<boolean>;
  setGoalStatus(goalId: string, status: GoalStatus): Promise<boolean>;
  removeGoal(goalId: string): Promise<boolean>;
  checkInOnGoal(goalId: string, progress: number, note: string): Promise<boolean>;
  resetGoalAction(): void;

  /** Tracks and locks together, for the library. */
  loadTracks(): Promise<void>;
  /** Only the locks (the scenario detail's Start button). */
  loadScenarioLocks(): Promise<void>;
}

/** Puts a changed goal back in place (or first, when new), keeping open goals first. */
function withGoal(goals: GoalView[], goal: GoalView): GoalView[] {
  const others = goals.filter((existing) => existing.id !== goal.id);
  // The changed goal is the most recently updated: it leads its group, like main's list.
  return [goal, ...others].sort(openGoalsFirst);
}

export const createGoalsSlice: SliceCreator<GoalsSlice> = (set, get) => {
  let goalsRequest = 0;
  let tracksRequest = 0;
  let locksRequest = 0;

  /** Runs one goal change; only one may run at a time. */
  async function act<T>(kind: GoalActionKind, goalId: string | null, run: () => Promise<T>): Promise<T | null> {
    if (get().goalAction.status === 'running') return null;
    set({ goalAction: { status: 'running', kind, goalId, error: null } });
    try {
      const result = await run();
      set({ goalAction: { status: 'done', kind, goalId, error: null } });
      return result;
    } catch (error) {
      set({ goalAction: { status: 'error', kind, goalId, error: describeError(error) } });
      return null;
    }
  }

  /** Who is using the app now (as far as the page knows), to drop another person's data. */
  const activeProfileId = () => get().currentProfile?.id ?? null;
  // Whose goals and tracks the state holds; another profile's are cleared before loading.
  let goalsOwner: string | null = null;
  let tracksOwner: string | null = null;
  let locksOwner: string | null = null;

  const storeGoal = (goal: GoalView) => {
    goalsRequest++; // an older list answer must not undo this change
    set((state) => ({ goals: withGoal(state.goals, goal) }));
  };

  async function loadLocks() {
    const request = ++locksRequest;
    if (locksOwner !== activeProfileId()) {
      locksOwner = activeProfileId();
      set({ scenarioLocks: {}, locksStatus: 'loading' });
    } else if (get().locksStatus !== 'ready') {
      set({ locksStatus: 'loading' });
    }
    try {
      const locks = await invoke('tracks.locks');
      if (request !== locksRequest) return;
      set({ scenarioLocks: locks, locksStatus: 'ready' });
    } catch {
      if (request !== locksRequest) return;
      // Without the locks the Start button stays offered; main still refuses a locked scenario and says why.
      set({ locksStatus: 'error' });
    }
  }

  return {
    goals: [],
    goalsStatus: 'idle',
    goalsError: null,
    checkinHistory: {},
    goalAction: idleGoalAction,
    tracks: [],
    tracksStatus: 'idle',
    tracksError: null,
    scenarioLocks: {},
    locksStatus: 'idle',

    async loadGoals() {
      const request = ++goalsRequest;
      if (goalsOwner !== activeProfileId()) {
        goalsOwner = activeProfileId();
        set({ goals: [], checkinHistory: {}, goalsStatus: 'loading', goalsError: null });
      } else if (get().goalsStatus !== 'ready') {
        set({ goalsStatus: 'loading', goalsError: null });
      }
      try {
        const goals = await invoke('goals.list');
        if (request !== goalsRequest) return;
        set({ goals, goalsStatus: 'ready', goalsError: null });
      } catch (error) {
        if (request !== goalsRequest) return;
        set({ goalsStatus: 'error', goalsError: describeError(error) });
      }
    },

    async loadCheckins(goalId) {
      const previous = get().checkinHistory[goalId];
      set((state) => ({
        checkinHistory: { ...state.checkinHistory, [goalId]: { status: 'loading', checkins: previous?.checkins ?? [], error: null } },
      }));
      try {
        const { goal, checkins } = await invoke('goals.get', { goalId });
        set((state) => ({ checkinHistory: { ...state.checkinHistory, [goalId]: { status: 'ready', checkins, error: null } } }));
        if (get().goals.some((existing) => existing.id === goalId && existing.updatedAt !== goal.updatedAt)) storeGoal(goal);
      } catch (error) {
        set((state) => ({
          checkinHistory: { ...state.checkinHistory, [goalId]: { status: 'error', checkins: previous?.checkins ?? [], error: describeError(error) } },
        }));
      }
    },

    async saveNewGoal(fields) {
      const goal = await act('create', null, () => invoke('goals.create', fields));
      if (goal) {
        storeGoal(goal);
        set((state) => ({ checkinHistory: { ...state.checkinHistory, [goal.id]: { status: 'ready', checkins: [], error: null } } }));
        set({ goalsStatus: 'ready' });
      }
      return goal;
    },

    async editGoal(goalId, fields) {
      const current = get().goals.find((goal) => goal.id === goalId);
      // Changing an open goal is a revision; a closed one keeps its status.
      const revise = current?.status === 'active';
      const goal = await act('edit', goalId, () => invoke('goals.update', { goalId, ...fields, ...(revise ? { status: 'revised' as const } : {}) }));
      if (goal) storeGoal(goal);
      return goal !== null;
    },

    async setGoalStatus(goalId, status) {
      const goal = await act('status', goalId, () => invoke('goals.update', { goalId, status }));
      if (goal) storeGoal(goal);
      return goal !== null;
    },

    async removeGoal(goalId) {
      const removed = await act('delete', goalId, () => invoke('goals.delete', { goalId }));
      if (!removed) return false;
      goalsRequest++;
      set((state) => {
        const { [goalId]: _gone, ...history } = state.checkinHistory;
        return { goals: state.goals.filter((goal) => goal.id !== goalId), checkinHistory: history };
      });
      return true;
    },

    async checkInOnGoal(goalId, progress, note) {
      const trimmed = note.trim();
      const result = await act('checkin', goalId, () => invoke('goals.checkin', { goalId, progress, note: trimmed === '' ? null : trimmed }));
      if (!result) return false;
      storeGoal(result.goal);
      set((state) => {
        const history = state.checkinHistory[goalId];
        const checkins = [...(history?.checkins ?? []), result.checkin];
        return { checkinHistory: { ...state.checkinHistory, [goalId]: { status: history?.status ?? 'ready', checkins, error: history?.error ?? null } } };
      });
      return true;
    },

    resetGoalAction() {
      if (get().goalAction.status !== 'running') set({ goalAction: idleGoalAction });
    },

    async loadTracks() {
      const request = ++tracksRequest;
      if (tracksOwner !== activeProfileId()) {
        tracksOwner = activeProfileId();
        set({ tracks: [], tracksStatus: 'loading', tracksError: null });
      } else if (get().tracksStatus !== 'ready') {
        set({ tracksStatus: 'loading', tracksError: null });
      }
      const locks = loadLocks();
      try {
        const tracks = await invoke('tracks.list');
        if (request === tracksRequest) set({ tracks, tracksStatus: 'ready', tracksError: null });
      } catch (error) {
        if (request === tracksRequest) set({ tracksStatus: 'error', tracksError: describeError(error) });
      }
      await locks;
    },

    loadScenarioLocks: loadLocks,
  };
};
