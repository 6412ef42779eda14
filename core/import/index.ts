export { importFiles, type ImportFiles } from './import.js';
export { formatIssue } from './issues.js';
export { MappingError, parseMapping, type ImportMapping, type ParsedMapping } from './mapping.js';
export { isPresetName, presetNames, presets, type PresetName } from './presets/index.js';
export { loadMapping, presetMapping, resolveMapping } from './resolve-mapping.js';
export type * from './types.js';
