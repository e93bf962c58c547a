import type { dashboardChannels } from '../../../shared/dashboard/ipc';
import { facilitatorRoles } from '../../../shared/people/types';
import type { SessionView } from '../../../shared/training/types';
import type { CoreServices } from '../chattrain-core';
import type { HandlersFor } from '../ipc/router';
import { addManualFeedback } from '../review/manual-feedback';
import { loadSessionView } from '../training/session-view';
import { dashboardFilterOptions, listSessions, loadDashboard } from './dashboard';

/** Flagged sessions listed on the dashboard (the total is always given; filters narrow the list). */
export const FLAGGED_SHOWN = 20;

/**
 * Binds the dashboard and review channels (`shared/dashboard/ipc.ts`) to the cohort
 * queries and the manual-feedback service. Every handler checks the role itself: the
 * renderer hiding the dashboard from trainees is not what protects it.
 */
export function dashboardHandlers(core: CoreServices): HandlersFor<typeof dashboardChannels> {
  const { db } = core.database;
  const { people, training } = core;
  const now = () => core.options.now?.() ?? new Date();

  /**
   * A session as its trainee saw it, read as it is stored: unlike the trainee's own
   * `sessions.get`, reviewing never moves a running session on (time limits, replies).
   */
  async function reviewView(sessionId: string): Promise<SessionView> {
    const { scenario } = await training.scenarioForSession(sessionId);
    return loadSessionView(db, sessionId, scenario, now());
  }

  return {
    'dashboard.overview': async (filters) => {
      await people.require(facilitatorRoles);
      const [dashboard, options] = await Promise.all([loadDashboard(db, filters, { flaggedLimit: FLAGGED_SHOWN }), dashboardFilterOptions(db)]);
      return { ...dashboard, options };
    },
    'dashboard.sessions': async ({ filters, status, limit, offset }) => {
      await people.require(facilitatorRoles);
      const page = await listSessions(db, filters, { limit, offset, ...(status ? { status } : {}) });
      return { ...page, limit, offset };
    },
    'review.get': async ({ sessionId }) => {
      await people.require(facilitatorRoles);
      return reviewView(sessionId);
    },
    'review.addManualFeedback': async (input) => {
      const author = await people.require(facilitatorRoles);
      await addManualFeedback(db, author, input);
      return reviewView(input.sessionId);
    },
  };
}
