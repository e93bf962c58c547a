import type { dataCareChannels } from '../../../shared/data-care/ipc';
import type { CoreServices } from '../chattrain-core';
import type { HandlersFor } from '../ipc/router';

/** Binds the data-care channels (`shared/data-care/ipc.ts`) to the core's services. */
export function dataCareHandlers(_core: CoreServices): HandlersFor<typeof dataCareChannels> {
  return {};
}
