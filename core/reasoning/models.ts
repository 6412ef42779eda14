import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  createModelDownloader,
  GgmlType,
  GgufFileType,
  readGgufFileInfo,
  type GgufFileInfo,
  type Llama,
} from 'node-llama-cpp';
import { CoreError } from '../domain/errors.js';

/**
 * Model management: what a GGUF file is (inspected from its header, without loading it), whether it loads, the
 * fingerprint that keys the reasoning cache, and the download of a recommended small instruct model.
 */

export type ModelFileProblem =
  'missing' | 'not-a-file' | 'not-gguf' | 'truncated' | 'unreadable' | 'load-failed';

/** A model file Atelier cannot use, with a message an associate can act on. */
export class ModelFileError extends CoreError<'bad-model-file'> {
  constructor(
    readonly problem: ModelFileProblem,
    readonly file: string,
    message: string,
  ) {
    super('bad-model-file', problem === 'missing' ? 'not-found' : 'bad-input', `${file}: ${message}`);
  }
}

export interface ModelInfo {
  readonly file: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** general.name, or the file name without extension. */
  readonly name: string;
  readonly architecture: string;
  /** "Q4_K_M", "F16"...: from general.file_type, else the most common tensor type. */
  readonly quantisation: string;
  /** Tokens the model was trained to see at once. */
  readonly contextLength: number | null;
  readonly embeddingLength: number | null;
  readonly parameterCount: number;
  readonly hasChatTemplate: boolean;
  /** A pooling type in the metadata marks a dedicated embedding model. */
  readonly isEmbeddingModel: boolean;
}

const ggufMagic = Buffer.from('GGUF', 'ascii');

/** Bytes per block and elements per block of the tensor types llama.cpp writes (ggml.c's type traits). */
const typeTraits: Partial<Record<GgmlType, readonly [elements: number, bytes: number]>> = {
  [GgmlType.F32]: [1, 4],
  [GgmlType.F16]: [1, 2],
  [GgmlType.BF16]: [1, 2],
  [GgmlType.F64]: [1, 8],
  [GgmlType.I8]: [1, 1],
  [GgmlType.I16]: [1, 2],
  [GgmlType.I32]: [1, 4],
  [GgmlType.I64]: [1, 8],
  [GgmlType.Q4_0]: [32, 18],
  [GgmlType.Q4_1]: [32, 20],
  [GgmlType.Q5_0]: [32, 22],
  [GgmlType.Q5_1]: [32, 24],
  [GgmlType.Q8_0]: [32, 34],
  [GgmlType.Q8_1]: [32, 36],
  [GgmlType.Q2_K]: [256, 84],
  [GgmlType.Q3_K]: [256, 110],
  [GgmlType.Q4_K]: [256, 144],
  [GgmlType.Q5_K]: [256, 176],
  [GgmlType.Q6_K]: [256, 210],
  [GgmlType.Q8_K]: [256, 292],
  [GgmlType.IQ4_NL]: [32, 18],
  [GgmlType.IQ4_XS]: [256, 136],
};

function elementsOf(dimensions: readonly (number | bigint)[]): number {
  return dimensions.reduce<number>((n, d) => n * Number(d), 1);
}

/** The least size a complete file has: the end of its last tensor whose type size is known. */
function expectedMinimumSize(info: GgufFileInfo): number {
  let end = info.infoEndOffset ?? 0;
  for (const t of info.tensorInfo ?? []) {
    const traits = typeTraits[t.ggmlType];
    const bytes = traits ? Math.ceil(elementsOf(t.dimensions) / traits[0]) * traits[1] : 1;
    end = Math.max(end, Number(t.fileOffset) + bytes);
  }
  return end;
}

function quantisationOf(info: GgufFileInfo): string {
  const fileType = info.metadata.general?.file_type;
  if (fileType !== undefined && GgufFileType[fileType] !== undefined)
    return GgufFileType[fileType].replace(/^(MOSTLY|ALL)_/, '');
  // Older converters omit file_type: the type holding most elements names the quantisation.
  const byType = new Map<GgmlType, number>();
  for (const t of info.tensorInfo ?? [])
    byType.set(t.ggmlType, (byType.get(t.ggmlType) ?? 0) + elementsOf(t.dimensions));
  const dominant = [...byType].sort((a, b) => b[1] - a[1])[0];
  return dominant ? (GgmlType[dominant[0]] ?? 'unknown') : 'unknown';
}

async function readMagic(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function fileSize(file: string): Promise<number> {
  let s;
  try {
    s = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelFileError('missing', file, 'no such model file');
    throw new ModelFileError('unreadable', file, `cannot read the model file (${code ?? String(error)})`);
  }
  if (!s.isFile()) throw new ModelFileError('not-a-file', file, 'is a folder, not a GGUF model file');
  return s.size;
}

/** Reads a GGUF's header: name, size, quantisation, context length. Never loads the weights. */
export async function inspectModel(file: string): Promise<ModelInfo> {
  const sizeBytes = await fileSize(file);
  const magic = await readMagic(file);
  if (!magic.equals(ggufMagic))
    throw new ModelFileError(
      'not-gguf',
      file,
      sizeBytes === 0
        ? 'is empty, not a GGUF model file'
        : 'is not a GGUF model file (it does not start with "GGUF")',
    );
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(file, { logWarnings: false });
  } catch (error) {
    throw new ModelFileError(
      'truncated',
      file,
      `the GGUF header cannot be read (${(error as Error).message.split('\n')[0]}): the file is truncated or damaged`,
    );
  }
  const expected = expectedMinimumSize(info);
  if (sizeBytes < expected)
    throw new ModelFileError(
      'truncated',
      file,
      `is truncated: its tensors need at least ${expected} bytes but the file has ${sizeBytes} ` +
        '(an interrupted download or copy?)',
    );
  const arch = info.architectureMetadata;
  const fileName = basename(file);
  return {
    file,
    fileName,
    sizeBytes,
    name: info.metadata.general?.name ?? fileName.replace(/\.gguf$/i, ''),
    architecture: info.metadata.general?.architecture ?? 'unknown',
    quantisation: quantisationOf(info),
    contextLength: typeof arch.context_length === 'number' ? arch.context_length : null,
    embeddingLength: typeof arch.embedding_length === 'number' ? arch.embedding_length : null,
    parameterCount: (info.tensorInfo ?? []).reduce((n, t) => n + elementsOf(t.dimensions), 0),
    hasChatTemplate: typeof info.metadata.tokenizer?.chat_template === 'string',
    isEmbeddingModel: typeof (arch as { pooling_type?: unknown }).pooling_type === 'number',
  };
}

/** Bytes hashed at each end of the file. */
const sampleBytes = 8 * 1024 * 1024;

/**
 * A content fingerprint for the cache key: sha256 of the size, the first and last 8 MiB and 8 chunks across the
 * middle. Hashing a whole 5 GB model would cost a minute at every start; the header (metadata, quantisation,
 * tensor layout) and weights sampled across the file tell different models and quantisations apart.
 */
export async function fingerprintModel(file: string): Promise<string> {
  const size = await fileSize(file);
  const hash = createHash('sha256').update(`gguf:${size}:`);
  const handle = await open(file, 'r');
  try {
    const ranges: [number, number][] = [];
    if (size <= 3 * sampleBytes) ranges.push([0, size]);
    else {
      ranges.push([0, sampleBytes]);
      const chunk = 256 * 1024;
      for (let k = 1; k <= 8; k++) ranges.push([Math.floor(((size - chunk) * k) / 9), chunk]);
      ranges.push([size - sampleBytes, sampleBytes]);
    }
    const buffer = Buffer.alloc(Math.min(size, sampleBytes * 3));
    for (const [start, length] of ranges) {
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(
          buffer,
          0,
          Math.min(buffer.length, length - read),
          start + read,
        );
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        read += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** What runs and cached outcomes record as the model: readable, and unique per file content. */
export function modelKey(fileName: string, fingerprint: string): string {
  return `${fileName}@${fingerprint.slice(0, 12)}`;
}

export interface LoadCheck {
  readonly loadMs: number;
  readonly trainContextSize: number;
  readonly embeddingVectorSize: number | null;
}

/** Loads the model once and frees it: the "check that it loads" button. */
export async function checkModelLoads(llama: Llama, file: string): Promise<LoadCheck> {
  const info = await inspectModel(file);
  const started = performance.now();
  let model;
  try {
    model = await llama.loadModel({ modelPath: info.file });
  } catch (error) {
    throw new ModelFileError('load-failed', file, `llama.cpp could not load it: ${(error as Error).message}`);
  }
  try {
    return {
      loadMs: Math.round(performance.now() - started),
      trainContextSize: model.trainContextSize,
      embeddingVectorSize: model.fileInsights.embeddingVectorSize ?? null,
    };
  } finally {
    await model.dispose();
  }
}

/**
 * The small instruct model Atelier recommends for a laptop CPU: Qwen2.5 1.5B Instruct at Q4_K_M (about 1.1 GB,
 * Apache-2.0, follows JSON-schema grammars well, reads French and English catalogs).
 */
export const recommendedModel = {
  name: 'Qwen2.5 1.5B Instruct (Q4_K_M)',
  uri: 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf',
  approximateBytes: 1_120_000_000,
} as const;

export interface DownloadProgress {
  readonly downloadedBytes: number;
  readonly totalBytes: number;
  readonly bytesPerSecond: number;
  readonly secondsLeft: number;
}

export class ModelDownloadError extends CoreError<'model-download-failed'> {
  constructor(
    readonly uri: string,
    message: string,
  ) {
    super('model-download-failed', 'bad-input', message);
  }
}

export interface DownloadOptions {
  /** A model URI (hf:user/repo/file.gguf or https://...); the recommended model by default. */
  readonly uri?: string;
  readonly dir: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Downloads a model with node-llama-cpp's downloader. An interrupted download keeps its partial file and the
 * next call resumes it; a complete file already in `dir` is not downloaded again. The result is inspected, so
 * a download that ends with a broken file is an error, not a model.
 */
export async function downloadModel(options: DownloadOptions): Promise<ModelInfo> {
  const uri = options.uri ?? recommendedModel.uri;
  let path: string;
  try {
    const downloader = await createModelDownloader({
      modelUri: uri,
      dirPath: options.dir,
      skipExisting: true,
      deleteTempFileOnCancel: false,
      showCliProgress: false,
      ...(options.onProgress
        ? {
            onProgress: (s: {
              totalSize: number;
              downloadedSize: number;
              estimatedTimeLeft: number;
              averageSpeed: number;
            }) =>
              options.onProgress?.({
                downloadedBytes: s.downloadedSize,
                totalBytes: s.totalSize,
                bytesPerSecond: s.averageSpeed,
                secondsLeft: s.estimatedTimeLeft,
              }),
          }
        : {}),
    });
    path = await downloader.download(options.signal ? { signal: options.signal } : {});
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const cause = (error as Error).message.split('\n')[0] ?? String(error);
    const refused = /Status code: 4\d\d/.test(cause);
    throw new ModelDownloadError(
      uri,
      `could not download the model from ${uri}: ${cause}` +
        (refused
          ? ' (the server has no such file, or needs an access token)'
          : '. Check the network connection and try again; a partial download resumes where it stopped.'),
    );
  }
  return inspectModel(path);
}
