import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

const root = repoRoot;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('layout', () => {
  it('core/ imports neither electron, react nor renderer code', () => {
    const offending = sources(join(root, 'core')).filter((file) =>
      /from ['"](electron|react|react-dom)(\/[^'"]*)?['"]|require\(['"]electron['"]\)|from ['"](\.\.\/)+renderer/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offending.map((f) => relative(root, f))).toEqual([]);
  });
});
