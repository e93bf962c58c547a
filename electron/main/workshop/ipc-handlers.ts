import type { workshopChannels } from '../../../shared/workshop/ipc';
import type { CoreServices } from '../chattrain-core';
import type { HandlersFor } from '../ipc/router';

/** Binds the workshop channels (`shared/workshop/ipc.ts`) to the core's services. */
export function workshopHandlers(_core: CoreServices): HandlersFor<typeof workshopChannels> {
  return {};
}
