import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { CoreError } from '../../domain/errors.js';
import { ModelFileError } from '../../reasoning/models.js';

/** A path the page asked about that is no model file Atelier would read. */
export class ModelPathError extends CoreError<'not-a-model-path'> {
  constructor(readonly path: string) {
    super(
      'not-a-model-path',
      'bad-input',
      `${path}: Atelier only reads model files ending in .gguf, or files in its model folders`,
    );
  }
}

const inside = (folder: string, file: string): boolean => {
  const path = relative(resolve(folder), file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
};

/**
 * What engine.inspectModel may open: a .gguf file, or any file in the model folders, and only a regular file
 * (a folder, a device such as /dev/zero or a pipe would be read without end or make no sense). The page names
 * the path, so it is checked before a byte is read.
 */
export async function inspectableModelPath(path: string, modelDirs: readonly string[]): Promise<string> {
  const file = resolve(path);
  if (!file.toLowerCase().endsWith('.gguf') && !modelDirs.some((dir) => inside(dir, file)))
    throw new ModelPathError(path);
  let found;
  try {
    found = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ModelFileError('missing', path, 'no such model file');
    throw new ModelFileError('unreadable', path, `cannot read the model file (${code ?? String(error)})`);
  }
  if (!found.isFile())
    throw new ModelFileError(
      'not-a-file',
      path,
      `is ${found.isDirectory() ? 'a folder' : 'not a regular file (a device or a pipe)'}, not a GGUF model file`,
    );
  return file;
}
