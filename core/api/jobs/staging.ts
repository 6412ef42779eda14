import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiFailure } from '../dispatch.js';
import { logger } from '../../log.js';

const log = logger('api');

const fileIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `atelier-staging-<pid>-<random>` (and `atelier-staging-<pid>`, as earlier versions named it). */
const stagingName = /^atelier-staging-(\d+)(?:-[A-Za-z0-9]+)?$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging folders that processes which ended without closing (a crash, a kill) left under `root`:
 * only ours (same owner), only those whose process is gone. Uploaded client files must not outlive the app.
 */
export function removeStaleStaging(root: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(stagingName.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const folder = join(root, name);
    try {
      const stat = lstatSync(folder);
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
      rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch (error) {
      log.warn('could not remove a stale staging folder', { folder, error: String(error) });
    }
  }
  if (removed.length > 0) log.info('removed stale staging folders', { count: removed.length });
  return removed;
}

/**
 * This process's staging folder: made by mkdtemp under `root` (the OS temp folder), so its name cannot be
 * guessed or squatted beforehand, and private (0700); the stale ones of crashed processes go first.
 */
export function createStagingDir(root: string): string {
  mkdirSync(root, { recursive: true });
  removeStaleStaging(root);
  const folder = mkdtempSync(join(root, `atelier-staging-${process.pid}-`));
  chmodSync(folder, 0o700);
  return folder;
}

/**
 * Uploaded import files wait in the staging folder, one sub-folder per file (named by a random id, holding
 * the file under its own name so the importer's report names it as the associate knows it), readable by the
 * owner only.
 */
export function stageFile(stagingDir: string, fileName: string, bytes: Buffer): string {
  const fileId = randomUUID();
  mkdirSync(join(stagingDir, fileId), { recursive: true, mode: 0o700 });
  writeFileSync(join(stagingDir, fileId, fileName), bytes, { mode: 0o600 });
  return fileId;
}

export function stagedPath(stagingDir: string, fileId: string): string {
  // The id comes from the UI: only our own ids, never a path.
  if (!fileIdPattern.test(fileId))
    throw new ApiFailure('invalid-arguments', `"${fileId}" is not a staged file id`);
  let names: string[];
  try {
    names = readdirSync(join(stagingDir, fileId));
  } catch {
    throw new ApiFailure('not-found', 'the uploaded file is gone (the app was restarted?): choose it again');
  }
  const name = names[0];
  if (name === undefined) throw new ApiFailure('not-found', 'the uploaded file is gone: choose it again');
  return join(stagingDir, fileId, name);
}
