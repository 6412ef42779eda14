import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stagedPath } from '../../../core/api/jobs/staging.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let root: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-staging-test-'));
  root = join(folder, 'staging');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const mode = (path: string): number => statSync(path).mode & 0o777;

/** The pid of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('uploads staged by the app', () => {
  it('wait in a private mkdtemp folder (0700, files 0600) that goes when the service closes', async () => {
    const umask = process.umask(0o022);
    try {
      const api = testApi(join(folder, 'b.db'), folder);
      const staging = api.context.stagingDir;
      expect(dirname(staging)).toBe(root);
      expect(basename(staging)).toMatch(new RegExp(`^atelier-staging-${process.pid}-[A-Za-z0-9]{6}$`));
      expect(mode(staging)).toBe(0o700);

      const { fileId } = await apiValue(api, 'import.stage', {
        fileName: 'clients.csv',
        base64: Buffer.from('id,name\nC1,Camille Moreau\n').toString('base64'),
      });
      const staged = stagedPath(staging, fileId);
      expect([mode(dirname(staged)), mode(staged)]).toEqual([0o700, 0o600]);

      // Two services in one process (the tests) get two folders.
      const second = testApi(join(folder, 'c.db'), folder);
      expect(second.context.stagingDir).not.toBe(staging);
      await second.close();
      expect(existsSync(staging)).toBe(true);

      await api.close();
      expect(existsSync(staging)).toBe(false);
    } finally {
      process.umask(umask);
    }
  });

  it('left by a crashed process are removed on the next start; a running process keeps its own', async () => {
    const dead = endedPid();
    mkdirSync(join(root, `atelier-staging-${dead}-Ab12Cd`), { recursive: true });
    writeFileSync(join(root, `atelier-staging-${dead}-Ab12Cd`, 'clients.csv'), 'Camille Moreau');
    mkdirSync(join(root, `atelier-staging-${dead}`)); // as earlier versions named it
    const running = join(root, `atelier-staging-${process.ppid}-Zz99Yy`);
    mkdirSync(running);
    mkdirSync(join(root, 'someone-else'));

    const api = testApi(join(folder, 'b.db'), folder);
    try {
      expect(readdirSync(root).sort()).toEqual(
        [basename(api.context.stagingDir), basename(running), 'someone-else'].sort(),
      );
    } finally {
      await api.close();
    }
  });
});
