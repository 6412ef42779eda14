import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiFailure } from '../dispatch.js';

const fileIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Uploaded import files wait in the staging folder, one sub-folder per file (named by a random id, holding
 * the file under its own name so the importer's report names it as the associate knows it).
 */
export function stageFile(stagingDir: string, fileName: string, bytes: Buffer): string {
  const fileId = randomUUID();
  mkdirSync(join(stagingDir, fileId), { recursive: true });
  writeFileSync(join(stagingDir, fileId, fileName), bytes);
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
