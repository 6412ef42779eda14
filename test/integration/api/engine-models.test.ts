import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import { testApi } from '../../support/api.js';
import { tinyChatModel } from '../../support/llm.js';

let folder: string;
let models: string;
let api: ApiService;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-model-path-'));
  models = join(folder, 'models');
  mkdirSync(join(models, 'folder.gguf'), { recursive: true });
  writeFileSync(join(models, 'notes.txt'), 'not a model');
  symlinkSync('/dev/zero', join(folder, 'zero.gguf'));
  api = testApi(join(folder, 'b.db'), folder, { modelDirs: [models] });
});
afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

const inspect = (path: string) => api.dispatch('engine.inspectModel', { path });

describe('engine.inspectModel', () => {
  it('answers for a .gguf file wherever it is', async () => {
    expect(await inspect(tinyChatModel)).toMatchObject({
      ok: true,
      value: { path: tinyChatModel, fileName: 'tiny-random-chatml.gguf' },
    });
  });

  it('refuses any other path outside the model folders before reading it', async () => {
    for (const path of ['/etc/passwd', '/dev/zero', join(folder, 'b.db'), `${models}/../b.db`]) {
      expect(await inspect(path), path).toEqual({
        ok: false,
        error: {
          kind: 'bad-input',
          message: `${path}: Atelier only reads model files ending in .gguf, or files in its model folders`,
        },
      });
    }
  });

  it('refuses folders and devices, even named .gguf', async () => {
    expect(await inspect(join(models, 'folder.gguf'))).toEqual({
      ok: false,
      error: {
        kind: 'bad-input',
        message: `${join(models, 'folder.gguf')}: is a folder, not a GGUF model file`,
      },
    });
    expect(await inspect(join(folder, 'zero.gguf'))).toEqual({
      ok: false,
      error: {
        kind: 'bad-input',
        message: `${join(folder, 'zero.gguf')}: is not a regular file (a device or a pipe), not a GGUF model file`,
      },
    });
    expect(await inspect(join(folder, 'missing.gguf'))).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: `${join(folder, 'missing.gguf')}: no such model file` },
    });
  });

  it('reads a file in a model folder whatever its name, and says when it is no GGUF', async () => {
    expect(await inspect(join(models, 'notes.txt'))).toMatchObject({
      ok: false,
      error: {
        kind: 'bad-input',
        message: expect.stringMatching(/notes\.txt: is not a GGUF model file/) as string,
      },
    });
  });
});
