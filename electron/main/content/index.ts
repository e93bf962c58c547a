/** The scenario content loader: validation, discovery, syncing into SQLite, and queries. */
export { parseYamlSafely, type ParsedYaml, type SafeYamlResult, type YamlError } from './safe-yaml';
export { formatPath, locatePath } from './locate';
export { parseScenarioFile, type ScenarioFileResult } from './scenario-file';
export { loadScenario, SCENARIO_FILE_NAME, type LoadedScenario, type ScenarioFolderResult } from './scenario-folder';
export { discoverTarget, findScenarioFolders, validateContent, type ValidationReport } from './discovery';
export { syncContent, type ContentRoot, type ContentOrigin } from './library';
export { getDocument, getScenario, listScenarios, retrieveChunks, searchDocuments, type RetrievedChunk } from './queries';
export { formatProblem } from './problems';
export { contentLimits } from './limits';
