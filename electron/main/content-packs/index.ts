/** Content packs (folders or zips of scenarios, imported into the data folder) and the tracks their manifests define. */
export type { ContentPackInfo, ImportPackResult, PackOrigin, PackProblem, PackSourceKind, Track, TrackScenario, TrackScenarioStatus } from './types';
export { importContentPack, type ImportPackOptions } from './import-pack';
export {
  contentPackRoots,
  contentPacksDir,
  contentRootsFor,
  listContentPacks,
  PACK_RECORD_FILE,
  removeContentPack,
} from './store';
export { packLimits, type PackLimits } from './limits';
export { checkPackManifest, PACK_MANIFEST_FILE, packManifestSchema, parsePackManifest, readPackManifest, type PackManifest, type PackTrack } from './manifest';
export { packIdPattern } from './names';
export { assertScenarioUnlocked, listTracks, loadTrackManifests, lockedScenarios, type TrackSource } from './tracks';
export { importPackAndSync, removePackAndSync, syncAllContent, type PackHost } from './sync';
export { formatPackProblem } from './format';
