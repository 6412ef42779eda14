/** The demo boutique: a seeded, deterministic luxury boutique with planted taste groups. */
export {
  demoDefaults,
  demoGroundTruth,
  demoMinimums,
  generateDemo,
  resolveDemoOptions,
  type DemoBoutique,
  type DemoGroundTruth,
  type DemoOptions,
  type PlantedTasteGroup,
} from './generate.js';
export { ensureDemoDatabase, seedDemo, type DemoSeed, type DemoWrites } from './seed.js';
export { tasteGroupDefinitions, tasteVocabulary } from './taste-groups.js';
export { HISTORY_DAYS } from './interactions.js';
