import type { goalsChannels } from '../../../shared/goals/ipc';
import { openGoalsFirst, type GoalView, type ScenarioLock, type ScenarioLocks, type TrackView } from '../../../shared/goals/types';
import type { CoreServices } from '../chattrain-core';
import { listTracks, lockedScenarios } from '../content-packs/tracks';
import type { Track } from '../content-packs/types';
import type { HandlersFor } from '../ipc/router';
import { addCheckin, createGoal, deleteGoal, getGoal, listCheckins, listGoals, updateGoal } from './goals';

/** Open goals first: the ones a trainee still works on are the ones to see. */
function openFirst(goals: GoalView[]): GoalView[] {
  // Array.prototype.sort is stable: within a group the back end's most-recent-first order stays.
  return [...goals].sort(openGoalsFirst);
}

function toTrackView(track: Track): TrackView {
  return {
    id: track.id,
    title: track.title,
    description: track.description,
    packId: track.packId,
    packTitle: track.packTitle,
    steps: track.scenarios.map((step) => ({
      scenarioId: step.scenarioId,
      title: step.title,
      available: step.available,
      passScore: step.passScore,
      status: step.status === 'completed' ? 'passed' : step.status,
      lockedReason: step.lockedReason,
      bestScore: step.bestScore,
    })),
    passedCount: track.completedCount,
  };
}

/**
 * The scenario a lock's reason names: the step before `scenarioId` in the track whose lock
 * gave that reason (the previous step is the one to pass).
 */
function scenarioToPassFirst(tracks: Track[], scenarioId: string, reason: string): ScenarioLock['unlockWith'] {
  for (const track of tracks) {
    const index = track.scenarios.findIndex((step) => step.scenarioId === scenarioId && step.status === 'locked' && step.lockedReason === reason);
    const previous = index > 0 ? track.scenarios[index - 1] : undefined;
    if (previous) return previous.available ? { scenarioId: previous.scenarioId, title: previous.title } : null;
  }
  return null;
}

/**
 * Binds the goals channels (`shared/goals/ipc.ts`) to the core's services. Every handler
 * asks main who is active; the renderer never says whose goals it means.
 */
export function goalsHandlers(core: CoreServices): HandlersFor<typeof goalsChannels> {
  const { db } = core.database;
  const clock = { now: core.options.now };
  const me = async () => (await core.people.viewer()).id;

  return {
    'goals.list': async () => openFirst(await listGoals(db, await me())),
    'goals.get': async ({ goalId }) => {
      const userId = await me();
      const goal = await getGoal(db, userId, goalId);
      return { goal, checkins: await listCheckins(db, userId, goalId) };
    },
    'goals.create': async (input) => createGoal(db, await me(), input, clock),
    'goals.update': async ({ goalId, ...patch }) => updateGoal(db, await me(), goalId, patch, clock),
    'goals.delete': async ({ goalId }) => {
      await deleteGoal(db, await me(), goalId);
      return { goalId };
    },
    'goals.checkin': async ({ goalId, progress, note }) => addCheckin(db, await me(), goalId, { progress, note }, clock),
    'tracks.list': async () => (await listTracks(db, core.contentRoots(), await me())).map(toTrackView),
    'tracks.locks': async () => {
      const userId = await me();
      const [locked, tracks] = await Promise.all([lockedScenarios(db, core.contentRoots(), userId), listTracks(db, core.contentRoots(), userId)]);
      const locks: ScenarioLocks = {};
      for (const [scenarioId, lock] of locked) locks[scenarioId] = { ...lock, unlockWith: scenarioToPassFirst(tracks, scenarioId, lock.reason) };
      return locks;
    },
  };
}
