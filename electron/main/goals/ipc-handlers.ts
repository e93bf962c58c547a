import type { goalsChannels } from '../../../shared/goals/ipc';
import type { CoreServices } from '../chattrain-core';
import type { HandlersFor } from '../ipc/router';

/** Binds the goals channels (`shared/goals/ipc.ts`) to the core's services. */
export function goalsHandlers(_core: CoreServices): HandlersFor<typeof goalsChannels> {
  return {};
}
