import type { dashboardChannels } from '../../../shared/dashboard/ipc';
import type { CoreServices } from '../chattrain-core';
import type { HandlersFor } from '../ipc/router';

/** Binds the dashboard channels (`shared/dashboard/ipc.ts`) to the core's services. */
export function dashboardHandlers(_core: CoreServices): HandlersFor<typeof dashboardChannels> {
  return {};
}
