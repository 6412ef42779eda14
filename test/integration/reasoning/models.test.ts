import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaReasoner } from '../../../core/reasoning/llama/reasoner.js';
import {
  checkModelLoads,
  downloadModel,
  fingerprintModel,
  inspectModel,
  ModelDownloadError,
  ModelFileError,
  modelKey,
} from '../../../core/reasoning/models.js';
import { storiesModel, tinyChatModel } from '../../support/llm.js';
import { fixture } from '../../support/paths.js';

const notAModel = fixture('llm/not-a-model.gguf');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-models-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function problemOf(file: string): Promise<string> {
  try {
    await inspectModel(file);
    return 'none';
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message.startsWith(file)).toBe(true);
    return (error as ModelFileError).problem;
  }
}

describe('model files', () => {
  it('reads name, size, quantisation and context length from the GGUF header', async () => {
    expect(await inspectModel(tinyChatModel)).toMatchObject({
      fileName: 'tiny-random-chatml.gguf',
      sizeBytes: 204_256,
      name: 'tiny-random-llama',
      architecture: 'llama',
      quantisation: 'F32',
      contextLength: 512,
      embeddingLength: 32,
      hasChatTemplate: true,
      isEmbeddingModel: false,
    });
    expect(await inspectModel(storiesModel)).toMatchObject({
      sizeBytes: 1_185_376,
      contextLength: 2048,
      embeddingLength: 64,
      hasChatTemplate: false,
    });
  });

  it('names what is wrong with a missing, non-GGUF, empty, truncated file or a folder', async () => {
    expect(await problemOf(join(dir, 'nowhere.gguf'))).toBe('missing');
    expect(await problemOf(notAModel)).toBe('not-gguf');
    const empty = join(dir, 'empty.gguf');
    writeFileSync(empty, '');
    expect(await problemOf(empty)).toBe('not-gguf');
    const bytes = readFileSync(tinyChatModel);
    const cutInWeights = join(dir, 'cut-weights.gguf');
    writeFileSync(cutInWeights, bytes.subarray(0, 100_000));
    expect(await problemOf(cutInWeights)).toBe('truncated');
    await expect(inspectModel(cutInWeights)).rejects.toThrow(
      'is truncated: its tensors need at least 204256 bytes but the file has 100000',
    );
    const cutInHeader = join(dir, 'cut-header.gguf');
    writeFileSync(cutInHeader, bytes.subarray(0, 2_000));
    expect(await problemOf(cutInHeader)).toBe('truncated');
    const folder = join(dir, 'folder.gguf');
    mkdirSync(folder);
    expect(await problemOf(folder)).toBe('not-a-file');
    // The reasoner refuses such a file before it loads anything.
    await expect(LlamaReasoner.create({ modelPath: cutInWeights, gpu: false, threads: 1 })).rejects.toThrow(
      ModelFileError,
    );
  });

  it('fingerprints by content, not by name', async () => {
    const copy = join(dir, 'renamed.gguf');
    copyFileSync(tinyChatModel, copy);
    const tiny = await fingerprintModel(tinyChatModel);
    expect(await fingerprintModel(copy)).toBe(tiny);
    expect(await fingerprintModel(storiesModel)).not.toBe(tiny);
    expect(tiny).toMatch(/^[0-9a-f]{64}$/);
    expect(modelKey('tiny-random-chatml.gguf', tiny)).toBe(`tiny-random-chatml.gguf@${tiny.slice(0, 12)}`);
  });

  it('checks that a model loads', async () => {
    const llama = await getLlama({
      build: 'never',
      gpu: false,
      maxThreads: 1,
      logLevel: LlamaLogLevel.error,
    });
    try {
      const check = await checkModelLoads(llama, tinyChatModel);
      expect(check.trainContextSize).toBe(512);
      expect(check.embeddingVectorSize).toBe(32);
      await expect(checkModelLoads(llama, notAModel)).rejects.toThrow('is not a GGUF model file');
    } finally {
      await llama.dispose();
    }
  });
});

describe('model download', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const bytes = readFileSync(tinyChatModel);

  beforeAll(async () => {
    // A real HTTP file server with range requests, as Hugging Face's CDN answers.
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`.trim());
      if (req.url !== '/models/tiny.gguf') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not Found');
        return;
      }
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : bytes.length - 1;
      res.writeHead(range ? 206 : 200, {
        'content-length': end - start + 1,
        'accept-ranges': 'bytes',
        'content-type': 'application/octet-stream',
        ...(range ? { 'content-range': `bytes ${start}-${end}/${bytes.length}` } : {}),
      });
      res.end(bytes.subarray(start, end + 1));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('downloads with progress into the folder and inspects the result; a second call downloads nothing', async () => {
    const target = join(dir, 'downloads');
    const progress: number[] = [];
    const info = await downloadModel({
      uri: `${base}/models/tiny.gguf`,
      dir: target,
      onProgress: (p) => progress.push(p.downloadedBytes),
    });
    expect(info).toMatchObject({ name: 'tiny-random-llama', sizeBytes: bytes.length });
    expect(readdirSync(target)).toEqual(['tiny.gguf']);
    expect(progress.at(-1)).toBe(bytes.length);
    const before = requests.filter((r) => r.startsWith('GET')).length;
    await downloadModel({ uri: `${base}/models/tiny.gguf`, dir: target });
    const ranged = requests.slice(before).filter((r) => /bytes=\d+-/.test(r));
    expect(ranged).toEqual([]);
  });

  it('reports a file the server does not have, naming the address', async () => {
    const uri = `${base}/models/missing.gguf`;
    const error = await downloadModel({ uri, dir: join(dir, 'missing') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect((error as Error).message).toContain(`could not download the model from ${uri}`);
    expect((error as Error).message).toContain('404');
  });
});
