import { resolve } from 'node:path';

/** Where tests find the repository, its data fixtures and the shared material beside the checkout. */
export const repoRoot = resolve(import.meta.dirname, '../..');
export const fixturesDir = resolve(repoRoot, 'test/fixtures');
export const sharedDir = resolve(repoRoot, '../shared');
export const fixture = (...parts: string[]): string => resolve(fixturesDir, ...parts);
