// dependency-cruiser with the project's rules (.dependency-cruiser.cjs), through its API: used by
// `npm run lint` (scripts/check-boundaries.ts) and by the boundary tests, so both check the same rules the same way.
// Why not the `depcruise` CLI: 18.x refuses to start on Node 20 (engines ^22||^24||>=26), which this
// project supports; the API it wraps runs fine there.
import { join, resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import type { ICruiseOptions, ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const depcruiseConfigFile = join(repoRoot, '.dependency-cruiser.cjs');

let projectOptions: Promise<ICruiseOptions> | undefined;

/** The options and rule set of .dependency-cruiser.cjs, read once. */
export function depcruiseOptions(): Promise<ICruiseOptions> {
  projectOptions ??= extractDepcruiseOptions(depcruiseConfigFile);
  return projectOptions;
}

/**
 * Cruises `paths` (relative to `baseDir`) with the project's rules; rule paths ('^core/db/') are read
 * relative to `baseDir` too, so a tree in a temp folder is judged as if it were the repository. The
 * tsconfig is always the repository's.
 */
export async function cruiseWithProjectRules(paths: string[], baseDir = repoRoot): Promise<ICruiseResult> {
  const options = await depcruiseOptions();
  const tsConfigFile = join(repoRoot, options.tsConfig?.fileName ?? 'tsconfig.json');
  const reporting = await cruise(
    paths,
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof reporting.output === 'string')
    throw new Error('dependency-cruiser returned a report, not a result');
  return reporting.output;
}
