import { resolve } from 'node:path';
import {
  getLlama,
  LlamaChatSession,
  LlamaLogLevel,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaGrammar,
  type LlamaModel,
} from 'node-llama-cpp';
import { logger } from '../../log.js';
import {
  EmbeddingUnavailableError,
  type FeatureEmbedder,
  type MeteredReasoner,
  type ReasonerUsage,
} from '../abilities.js';
import { fingerprintModel, inspectModel, modelKey, ModelFileError, type ModelInfo } from '../models.js';
import type { ClientReasoning, ItemReasoning } from '../types.js';
import type { ClientForReasoning, ItemForReasoning } from '../../domain/catalog.js';
import { ReasoningChain, type ChatDriver, type ChatMessage, type StepCall, type StepReply } from './chain.js';
import { Pool } from './pool.js';
import {
  promptVersionFor,
  resolveBounds,
  stepTokens,
  type JsonObjectSchema,
  type OutputBounds,
} from './prompts.js';
import { physicalCores } from './threads.js';

const log = logger('llama');

export interface LlamaReasonerOptions {
  readonly modelPath: string;
  /** llama.cpp threads; physical cores by default (tests: 1). */
  readonly threads?: number;
  /** 'auto' uses Metal, CUDA or Vulkan when node-llama-cpp finds one; false stays on the CPU (tests). */
  readonly gpu?: 'auto' | false;
  /** Context sequences decoded in parallel, one subject each. */
  readonly sequences?: number;
  /** Tokens per sequence: the system prompt, the subject and three short answers. */
  readonly contextSize?: number;
  readonly bounds?: Partial<OutputBounds>;
  /** Caps every step's tokens below what the bounds need (tests force truncated output with it). */
  readonly maxTokens?: number;
  /** Seed of the retry's sampling (the first attempt is greedy). */
  readonly seed?: number;
  /** A GGUF to embed feature phrases with (may be the reasoning model itself); none: no embeddings. */
  readonly embeddingModelPath?: string | null;
  /** A Llama instance to share (tests, the app's one instance); otherwise the reasoner makes and frees one. */
  readonly llama?: Llama;
}

interface Loaded {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly sessions: Pool<LlamaChatSession>;
}

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    switch (m.role) {
      case 'system':
        return { type: 'system', text: m.content };
      case 'user':
        return { type: 'user', text: m.content };
      case 'assistant':
        return { type: 'model', response: [m.content] };
      default:
        return m.role satisfies never;
    }
  });
}

/**
 * The `llama` reasoner: a GGUF on this machine through node-llama-cpp. One context with several sequences, each
 * running one subject's chain; llama.cpp decodes the sequences in the same batches. Each sequence keeps its
 * evaluated tokens, so the shared system prompt is evaluated once per sequence and every later step only
 * evaluates its new message. The model loads on the first call: a fully cached re-run never loads it.
 */
export class LlamaReasoner implements MeteredReasoner, FeatureEmbedder {
  readonly kind = 'llama' as const;
  readonly promptVersion: string;
  readonly parallelism: number;
  private readonly bounds: OutputBounds;
  private readonly chain: ReasoningChain;
  private loading: Promise<Loaded> | null = null;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private embedding: Promise<LlamaEmbeddingContext> | null = null;
  private embeddingOwnModel: LlamaModel | null = null;
  private counters = { modelCalls: 0, inputTokens: 0, outputTokens: 0 };
  private closed = false;

  private constructor(
    private readonly options: LlamaReasonerOptions,
    readonly info: ModelInfo,
    readonly model: string,
    readonly embeddingModel: string,
  ) {
    this.bounds = resolveBounds(options.bounds);
    this.promptVersion = promptVersionFor(this.bounds);
    this.parallelism = options.sequences ?? 2;
    const driver: ChatDriver = { complete: (call) => this.complete(call) };
    this.chain = new ReasoningChain(driver, this.bounds);
  }

  /** Checks the file (missing, not GGUF, truncated) and fingerprints it; loading waits for the first call. */
  static async create(options: LlamaReasonerOptions): Promise<LlamaReasoner> {
    const file = resolve(options.modelPath);
    const info = await inspectModel(file);
    const key = modelKey(info.fileName, await fingerprintModel(file));
    let embeddingKey = '';
    if (options.embeddingModelPath) {
      const embeddingFile = resolve(options.embeddingModelPath);
      if (embeddingFile === file) embeddingKey = key;
      else {
        const embeddingInfo = await inspectModel(embeddingFile);
        embeddingKey = modelKey(embeddingInfo.fileName, await fingerprintModel(embeddingFile));
      }
    }
    if (options.sequences !== undefined && (!Number.isInteger(options.sequences) || options.sequences < 1))
      throw new RangeError(`sequences must be a whole number of at least 1, not ${options.sequences}`);
    return new LlamaReasoner({ ...options, modelPath: file }, info, key, embeddingKey);
  }

  /** Whether this reasoner embeds features (an embedding model was given). */
  get embeds(): boolean {
    return this.embeddingModel !== '';
  }

  usage(): ReasonerUsage {
    return { ...this.counters };
  }

  reasonItem(item: ItemForReasoning, signal?: AbortSignal): Promise<ItemReasoning> {
    return this.chain.reasonItem(item, signal);
  }

  reasonClient(client: ClientForReasoning, signal?: AbortSignal): Promise<ClientReasoning> {
    return this.chain.reasonClient(client, signal);
  }

  /** Loads model and context now (the "check that it loads" path, or to time loading apart from reasoning). */
  async load(): Promise<void> {
    await this.ready();
  }

  /** Whether the model was loaded (a fully cached run never loads it). */
  get isLoaded(): boolean {
    return this.loading !== null;
  }

  private ready(): Promise<Loaded> {
    if (this.closed) return Promise.reject(new Error('the llama reasoner is closed'));
    this.loading ??= this.loadNow();
    return this.loading;
  }

  private async llamaInstance(): Promise<Llama> {
    if (this.options.llama) return this.options.llama;
    const threads = this.options.threads ?? physicalCores();
    return getLlama({
      build: 'never',
      gpu: this.options.gpu ?? 'auto',
      maxThreads: threads,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        // llama.cpp warns about things like a context above the training size; the CLI's output stays clean.
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) log.warn(message.trim());
        else log.debug(message.trim());
      },
    });
  }

  private async loadNow(): Promise<Loaded> {
    const started = performance.now();
    const llama = await this.llamaInstance();
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: this.options.modelPath });
    } catch (error) {
      if (!this.options.llama) await llama.dispose();
      throw new ModelFileError(
        'load-failed',
        this.options.modelPath,
        `llama.cpp could not load it: ${(error as Error).message}`,
      );
    }
    const threads = this.options.threads ?? physicalCores();
    let context: LlamaContext;
    try {
      context = await model.createContext({
        sequences: this.parallelism,
        contextSize: this.options.contextSize ?? 2048,
        threads,
      });
    } catch (error) {
      await model.dispose();
      if (!this.options.llama) await llama.dispose();
      throw error;
    }
    const sessions = Array.from(
      { length: this.parallelism },
      () => new LlamaChatSession({ contextSequence: context.getSequence() }),
    );
    log.info('model loaded', {
      model: this.model,
      ms: Math.round(performance.now() - started),
      threads,
      sequences: this.parallelism,
      gpu: llama.gpu,
    });
    return { llama, model, context, sessions: new Pool(sessions) };
  }

  private grammar(llama: Llama, schema: JsonObjectSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(schema);
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  private async complete(call: StepCall): Promise<StepReply> {
    const { llama, sessions } = await this.ready();
    const grammar = await this.grammar(llama, call.schema);
    const last = call.messages.at(-1);
    if (last?.role !== 'user') throw new Error(`step ${call.step} must end with the user's message`);
    return sessions.use(call.signal, async (session) => {
      session.setChatHistory(toHistory(call.messages.slice(0, -1)));
      const meter = session.sequence.tokenMeter;
      const before = { input: meter.usedInputTokens, output: meter.usedOutputTokens };
      this.counters.modelCalls++;
      const budget = stepTokens(call.schema, this.bounds);
      const result = await session.promptWithMeta(last.content, {
        grammar,
        maxTokens: Math.min(budget, this.options.maxTokens ?? budget),
        // Greedy first: reproducible and what the cache stores. The retry samples, or it would repeat itself.
        ...(call.attempt === 0
          ? { temperature: 0 }
          : { temperature: 0.8, topK: 40, seed: (this.options.seed ?? 7) + call.attempt }),
        ...(call.signal ? { signal: call.signal } : {}),
      });
      this.counters.inputTokens += meter.usedInputTokens - before.input;
      this.counters.outputTokens += meter.usedOutputTokens - before.output;
      return { text: result.responseText, truncated: result.stopReason === 'maxTokens' };
    });
  }

  private async embeddingContext(): Promise<LlamaEmbeddingContext> {
    if (!this.embeds) throw new EmbeddingUnavailableError('no embedding model was chosen');
    const { llama, model } = await this.ready();
    let embeddingModel = model;
    const file = resolve(this.options.embeddingModelPath ?? '');
    if (file !== this.options.modelPath) {
      try {
        embeddingModel = this.embeddingOwnModel = await llama.loadModel({ modelPath: file });
      } catch (error) {
        throw new EmbeddingUnavailableError(
          `${file} could not be loaded to embed: ${(error as Error).message}`,
        );
      }
    }
    try {
      return await embeddingModel.createEmbeddingContext({
        threads: this.options.threads ?? physicalCores(),
      });
    } catch (error) {
      throw new EmbeddingUnavailableError(`${file} cannot embed text: ${(error as Error).message}`);
    }
  }

  async embedPhrases(phrases: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    this.embedding ??= this.embeddingContext();
    const context = await this.embedding;
    const vectors: Float32Array[] = [];
    for (const phrase of phrases) {
      signal?.throwIfAborted();
      const embedding = await context.getEmbeddingFor(phrase);
      vectors.push(Float32Array.from(embedding.vector));
    }
    return vectors;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const embedding = await this.embedding?.catch(() => null);
    await embedding?.dispose();
    await this.embeddingOwnModel?.dispose();
    const loaded = await this.loading?.catch(() => null);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    if (!this.options.llama) await loaded.llama.dispose();
  }
}
