import type {
  BundleExportOutcome,
  BundleImportSummary,
  CohortExportFormat,
  CohortExportOutcome,
  ContentPackItem,
  PackImportOutcome,
  PackRemoval,
  SelectionPreview,
  WorkshopFilterOptions,
} from '../../../shared/workshop/types';
import { draftProblem, emptySessionFilters, toFilterInput, type SessionFilterDraft } from '../cohort/session-filters';
import { chooseFile, receiveDelivery, UploadError } from '../files/choose-file';
import { invoke } from '../ipc/client';
import {
  bundleExportMessage,
  bundleImportMessage,
  cohortExportMessage,
  packImportMessage,
  packRemovalMessage,
} from '../workshop/messages';
import { describeError, errorCode } from './errors';
import type { ActionState, LoadStatus, SliceCreator } from './types';

export type WorkshopTab = 'gather' | 'report' | 'packs';
/** The two exports that take session filters. */
export type FilterSection = 'bundle' | 'cohort';

export interface PreviewState {
  status: LoadStatus;
  preview: SelectionPreview | null;
  error: string | null;
}

/** A button press and how it went; `message` says what happened, in numbers. */
export interface WorkshopAction<T> extends ActionState {
  message: string | null;
  result: T | null;
}

export type WorkshopActionName = 'bundleExport' | 'bundleImport' | 'cohortExport' | 'packImport' | 'packRemove';

const idle = { status: 'idle', error: null, message: null, result: null } as const;
const idlePreview: PreviewState = { status: 'idle', preview: null, error: null };

/** State and actions of the workshop area: cohort exports, workshop bundles, content packs. */
export interface WorkshopSlice {
  workshopTab: WorkshopTab;
  /** Scenarios and trainees with sessions, for the filter menus. */
  workshopOptions: WorkshopFilterOptions | null;
  workshopLoad: LoadStatus;
  workshopError: string | null;
  /** Main refused the area to the active profile (only facilitators and trainers may use it). */
  workshopDenied: boolean;

  filterDrafts: Record<FilterSection, SessionFilterDraft>;
  previews: Record<FilterSection, PreviewState>;
  cohortFormat: CohortExportFormat;
  /** xAPI identifiers for the trainer's LMS; '' means the default. */
  xapiHomePage: string;
  xapiActivityBase: string;

  bundleExport: WorkshopAction<BundleExportOutcome>;
  bundleImport: WorkshopAction<BundleImportSummary>;
  cohortExport: WorkshopAction<CohortExportOutcome>;

  packs: ContentPackItem[];
  packsLoad: LoadStatus;
  packsError: string | null;
  /** A refused import keeps its located problems in `result.problems` until the next import. */
  packImport: WorkshopAction<PackImportOutcome> & { kind: 'zip' | 'folder' | null };
  packRemove: WorkshopAction<PackRemoval> & { packId: string | null };

  setWorkshopTab(tab: WorkshopTab): void;
  /** Filter options and the installed packs (the screen calls it when it opens). */
  loadWorkshop(): Promise<void>;
  setFilterDraft<K extends keyof SessionFilterDraft>(section: FilterSection, key: K, value: SessionFilterDraft[K]): void;
  clearFilters(section: FilterSection): void;
  /** Asks main how many sessions the section's filters cover. */
  previewSelection(section: FilterSection): Promise<void>;
  setCohortFormat(format: CohortExportFormat): void;
  setXapiIdentifiers(ids: { homePage?: string; activityBase?: string }): void;
  exportCohort(): Promise<void>;
  exportBundle(): Promise<void>;
  /** Chooses a bundle file (dialog or upload) and merges it into this laptop's data. */
  importBundle(): Promise<void>;
  loadPacks(): Promise<void>;
  importPack(kind: 'zip' | 'folder'): Promise<void>;
  removePack(packId: string): Promise<boolean>;
  dismissWorkshopAction(name: WorkshopActionName): void;
  /** Forgets outcome messages (leaving the screen); drafts and the tab are kept. */
  resetWorkshopActions(): void;
}

/** Upload failures are written for people too; everything else goes through describeError. */
const explain = (error: unknown) => (error instanceof UploadError ? error.message : describeError(error));

export const createWorkshopSlice: SliceCreator<WorkshopSlice> = (set, get) => {
  const previewRequests: Record<FilterSection, number> = { bundle: 0, cohort: 0 };
  let optionsRequest = 0;
  let packsRequest = 0;

  const setPreview = (section: FilterSection, state: PreviewState) => set((current) => ({ previews: { ...current.previews, [section]: state } }));

  /** Sessions arrived or left: the menus and counts are stale. */
  const refreshSelection = async () => {
    await get().loadWorkshop();
    await Promise.all([get().previewSelection('bundle'), get().previewSelection('cohort')]);
  };

  const denied = (error: unknown) => errorCode(error) === 'UNAUTHORIZED';

  return {
    workshopTab: 'gather',
    workshopOptions: null,
    workshopLoad: 'idle',
    workshopError: null,
    workshopDenied: false,
    filterDrafts: { bundle: emptySessionFilters, cohort: emptySessionFilters },
    previews: { bundle: idlePreview, cohort: idlePreview },
    cohortFormat: 'csv',
    xapiHomePage: '',
    xapiActivityBase: '',
    bundleExport: idle,
    bundleImport: idle,
    cohortExport: idle,
    packs: [],
    packsLoad: 'idle',
    packsError: null,
    packImport: { ...idle, kind: null },
    packRemove: { ...idle, packId: null },

    setWorkshopTab(tab) {
      set({ workshopTab: tab });
    },

    async loadWorkshop() {
      const request = ++optionsRequest;
      if (get().workshopLoad !== 'ready') set({ workshopLoad: 'loading', workshopError: null });
      const packs = get().loadPacks();
      try {
        const options = await invoke('workshop.filterOptions');
        if (request !== optionsRequest) return;
        set({ workshopOptions: options, workshopLoad: 'ready', workshopError: null, workshopDenied: false });
      } catch (error) {
        if (request !== optionsRequest) return;
        set({ workshopLoad: 'error', workshopError: describeError(error), workshopDenied: denied(error) });
      }
      await packs;
    },

    setFilterDraft(section, key, value) {
      set((state) => ({ filterDrafts: { ...state.filterDrafts, [section]: { ...state.filterDrafts[section], [key]: value } } }));
    },

    clearFilters(section) {
      set((state) => ({ filterDrafts: { ...state.filterDrafts, [section]: emptySessionFilters } }));
    },

    async previewSelection(section) {
      const request = ++previewRequests[section];
      const draft = get().filterDrafts[section];
      const problem = draftProblem(draft);
      if (problem) {
        setPreview(section, { status: 'error', preview: null, error: problem });
        return;
      }
      setPreview(section, { ...get().previews[section], status: 'loading', error: null });
      try {
        const preview = await invoke('workshop.previewSelection', { filters: toFilterInput(draft) });
        if (request !== previewRequests[section]) return;
        setPreview(section, { status: 'ready', preview, error: null });
      } catch (error) {
        if (request !== previewRequests[section]) return;
        setPreview(section, { status: 'error', preview: null, error: describeError(error) });
      }
    },

    setCohortFormat(format) {
      // The outcome of the other format's export would read as this one's.
      set((state) => ({ cohortFormat: format, ...(state.cohortExport.status === 'running' ? {} : { cohortExport: idle }) }));
    },

    setXapiIdentifiers(ids) {
      set((state) => ({ xapiHomePage: ids.homePage ?? state.xapiHomePage, xapiActivityBase: ids.activityBase ?? state.xapiActivityBase }));
    },

    async exportCohort() {
      if (get().cohortExport.status === 'running') return;
      const { filterDrafts, cohortFormat: format, xapiHomePage, xapiActivityBase } = get();
      const problem = draftProblem(filterDrafts.cohort);
      if (problem) {
        set({ cohortExport: { ...idle, status: 'error', error: problem } });
        return;
      }
      set({ cohortExport: { ...idle, status: 'running' } });
      const xapi = { ...(xapiHomePage.trim() ? { homePage: xapiHomePage.trim() } : {}), ...(xapiActivityBase.trim() ? { activityBase: xapiActivityBase.trim() } : {}) };
      try {
        const outcome = await invoke('workshop.exportCohort', {
          format,
          filters: toFilterInput(filterDrafts.cohort),
          ...(format === 'xapi' && Object.keys(xapi).length > 0 ? { xapi } : {}),
        });
        receiveDelivery(outcome.delivery);
        set({ cohortExport: { status: outcome.delivery.kind === 'cancelled' ? 'idle' : 'done', error: null, message: cohortExportMessage(outcome), result: outcome } });
      } catch (error) {
        set({ cohortExport: { ...idle, status: 'error', error: describeError(error) } });
      }
    },

    async exportBundle() {
      if (get().bundleExport.status === 'running') return;
      const draft = get().filterDrafts.bundle;
      const problem = draftProblem(draft);
      if (problem) {
        set({ bundleExport: { ...idle, status: 'error', error: problem } });
        return;
      }
      set({ bundleExport: { ...idle, status: 'running' } });
      try {
        const outcome = await invoke('workshop.exportBundle', { filters: toFilterInput(draft) });
        receiveDelivery(outcome.delivery);
        set({ bundleExport: { status: outcome.delivery.kind === 'cancelled' ? 'idle' : 'done', error: null, message: bundleExportMessage(outcome), result: outcome } });
      } catch (error) {
        set({ bundleExport: { ...idle, status: 'error', error: describeError(error) } });
      }
    },

    async importBundle() {
      if (get().bundleImport.status === 'running') return;
      set({ bundleImport: { ...idle, status: 'running' } });
      try {
        const source = await chooseFile(get().appInfo?.mode, { accept: '.chattrain-bundle,.ctbundle' });
        if (!source) {
          set({ bundleImport: idle });
          return;
        }
        const summary = await invoke('workshop.importBundle', { source });
        if (!summary) {
          set({ bundleImport: idle });
          return;
        }
        set({ bundleImport: { status: 'done', error: null, message: bundleImportMessage(summary), result: summary } });
        await refreshSelection();
      } catch (error) {
        set({ bundleImport: { ...idle, status: 'error', error: explain(error) } });
      }
    },

    async loadPacks() {
      const request = ++packsRequest;
      if (get().packsLoad !== 'ready') set({ packsLoad: 'loading', packsError: null });
      try {
        const packs = await invoke('workshop.listPacks');
        if (request !== packsRequest) return;
        set({ packs, packsLoad: 'ready', packsError: null });
      } catch (error) {
        if (request !== packsRequest) return;
        set({ packsLoad: 'error', packsError: describeError(error), ...(denied(error) ? { workshopDenied: true } : {}) });
      }
    },

    async importPack(kind) {
      if (get().packImport.status === 'running') return;
      set({ packImport: { ...idle, status: 'running', kind } });
      try {
        const source = await chooseFile(get().appInfo?.mode, { accept: '.zip,application/zip' });
        if (!source) {
          set({ packImport: { ...idle, kind: null } });
          return;
        }
        const outcome = await invoke('workshop.importPack', { source, kind });
        if (!outcome) {
          set({ packImport: { ...idle, kind: null } });
          return;
        }
        set({ packImport: { status: 'done', error: null, message: packImportMessage(outcome), result: outcome, kind } });
        if (outcome.ok) await get().loadPacks();
      } catch (error) {
        set({ packImport: { ...idle, status: 'error', error: explain(error), kind } });
      }
    },

    async removePack(packId) {
      if (get().packRemove.status === 'running') return false;
      set({ packRemove: { ...idle, status: 'running', packId } });
      try {
        const removal = await invoke('workshop.removePack', { packId });
        set({ packRemove: { status: 'done', error: null, message: packRemovalMessage(removal), result: removal, packId } });
        await get().loadPacks();
        return true;
      } catch (error) {
        set({ packRemove: { ...idle, status: 'error', error: describeError(error), packId } });
        return false;
      }
    },

    dismissWorkshopAction(name) {
      if (name === 'packImport') set({ packImport: { ...idle, kind: null } });
      else if (name === 'packRemove') set({ packRemove: { ...idle, packId: null } });
      else set({ [name]: idle } as Pick<WorkshopSlice, typeof name>);
    },

    resetWorkshopActions() {
      const running = (action: { status: string }) => action.status === 'running';
      const state = get();
      // A request still under way reports into its state when it ends; leave those alone.
      set({
        ...(running(state.bundleExport) ? {} : { bundleExport: idle }),
        ...(running(state.bundleImport) ? {} : { bundleImport: idle }),
        ...(running(state.cohortExport) ? {} : { cohortExport: idle }),
        ...(running(state.packImport) ? {} : { packImport: { ...idle, kind: null } }),
        ...(running(state.packRemove) ? {} : { packRemove: { ...idle, packId: null } }),
      });
    },
  };
};
