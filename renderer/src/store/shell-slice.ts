import { invoke } from '../ipc/client';
import type { ShellSlice, SliceCreator } from './types';

export const createShellSlice: SliceCreator<ShellSlice> = (set) => ({
  appInfo: null,
  theme: 'system',

  async loadShell() {
    // Both are decoration (version label, colour theme): if they fail, the defaults stand
    // and the library, which reports its own errors, carries on.
    const [info, settings] = await Promise.allSettled([invoke('app.info'), invoke('settings.get')]);
    if (info.status === 'fulfilled') set({ appInfo: info.value });
    if (settings.status === 'fulfilled') set({ theme: settings.value.theme });
  },
});
