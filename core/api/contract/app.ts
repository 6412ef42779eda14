import { noArgs } from './shared.js';

// ---- app: the app itself and the open database -------------------------------------------------------

export const appMethods = {
  'app.info': noArgs,
};
export interface AppResults {
  'app.info': AppInfo;
}

/** What the app shows about itself and the open database. */
export interface AppInfo {
  readonly version: string;
  readonly mode: 'desktop' | 'web';
  readonly databaseFile: string;
  readonly schemaVersion: number;
  readonly counts: { readonly items: number; readonly clients: number; readonly interactions: number };
}
