import { z } from 'zod';
import { logger } from '../../log.js';
import type { MeteredReasoner, ReasonerUsage } from '../abilities.js';
import { ReasoningChain, type ChatDriver, type StepCall, type StepReply } from '../llama/chain.js';
import { Pool } from '../llama/pool.js';
import { promptVersionFor, resolveBounds, stepTokens, type OutputBounds } from '../llama/prompts.js';
import type { ClientReasoning, ItemReasoning } from '../types.js';
import type { ClientForReasoning, ItemForReasoning } from '../../domain/catalog.js';
import { apiKeyVariable, refusedKeyHint, resolveApiKey, type ApiKeySources } from './api-key.js';
import { CoreError } from '../../domain/errors.js';
import { endpointShown, withoutCredentials } from './redact.js';

const log = logger('openai');

export { apiKeyVariable } from './api-key.js';

export interface OpenAiReasonerOptions {
  /** The server's base URL: http://host:port or http://host:port/v1. */
  readonly endpoint: string;
  /** The model id to request; the first one /v1/models lists by default. */
  readonly modelId?: string;
  /**
   * Defaults to the ATELIER_OPENAI_API_KEY environment variable, else the OS keychain's entry for the endpoint's
   * origin (`atelier key set`); none sends no Authorization header. The key is never written to the database.
   */
  readonly apiKey?: string | null;
  /** Where a default key is looked up: the process environment and the OS keychain unless given. */
  readonly keySources?: ApiKeySources;
  /** Per request, including the model's whole answer. */
  readonly timeoutMs?: number;
  /** Attempts after the first for timeouts, connection errors, 429 and 5xx answers. */
  readonly retries?: number;
  /** First backoff; doubled at each retry, with jitter. */
  readonly backoffMs?: number;
  /** Requests in flight at once: a shared GPU server serves several boutiques. */
  readonly concurrency?: number;
  readonly bounds?: Partial<OutputBounds>;
  readonly maxTokens?: number;
  readonly seed?: number;
}

/** The endpoint could not give an answer (unreachable, timing out, refusing, or speaking something else). */
export class EndpointError extends CoreError<'endpoint-failed'> {
  constructor(
    message: string,
    /** Whether trying again later may help. */
    readonly retryable: boolean,
  ) {
    super('endpoint-failed', 'unavailable', withoutCredentials(message));
  }
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().nullish(),
});

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export function apiBase(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointError(
      `"${endpointShown(endpoint)}" is not a URL (expected http://host:port or http://host:port/v1)`,
      false,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EndpointError(`"${endpointShown(endpoint)}" is not an http(s) URL`, false);
  // fetch refuses a URL with credentials; the key has its own places, which never print it.
  if (url.username !== '' || url.password !== '')
    throw new EndpointError(
      `"${endpointShown(endpoint)}" has a user name or password in it, which is never sent: give the API key in ` +
        `${apiKeyVariable} or with \`atelier key set --endpoint ${url.origin}\` instead`,
      false,
    );
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  return url.toString().replace(/\/+$/, '');
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

interface HttpOptions {
  readonly apiKey: string | null;
  /** Said after a 401/403 answer: where the key came from, or why there was none. */
  readonly refusedHint: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
}

/** The start of what a server said, the key hidden before it is cut, so no part of it survives at the cut. */
function excerpt(text: string, length: number, apiKey: string | null): string {
  return (apiKey ? text.replaceAll(apiKey, '[API key]') : text).slice(0, length);
}

/** One JSON request with a timeout, retried with exponential backoff while the failure may pass. */
async function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  http: HttpOptions,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let lastError: EndpointError | null = null;
  for (let attempt = 0; attempt <= http.retries; attempt++) {
    if (attempt > 0) {
      const delay = http.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await sleep(delay, signal);
    }
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(http.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(url, {
        method: init.method,
        headers: {
          'content-type': 'application/json',
          ...(http.apiKey ? { authorization: `Bearer ${http.apiKey}` } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: combined,
      });
      const text = await response.text();
      if (!response.ok) {
        const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
        const hint = response.status === 401 || response.status === 403 ? ` (${http.refusedHint})` : '';
        // A server may echo the request back: the key must not travel on into an error text.
        const said = excerpt(text, 200, http.apiKey);
        lastError = new EndpointError(
          `${url} answered ${response.status} ${response.statusText}${hint}: ${said}`,
          retryable,
        );
        if (!retryable) throw lastError;
        continue;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        lastError = new EndpointError(
          `${url} answered with malformed JSON: ${JSON.stringify(excerpt(text, 80, http.apiKey))}`,
          true,
        );
        continue;
      }
    } catch (error) {
      if (error instanceof EndpointError) throw error;
      if (signal?.aborted) throw error;
      const timedOut = timeout.aborted;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      lastError = new EndpointError(
        timedOut
          ? `${url} did not answer within ${http.timeoutMs / 1000} s`
          : `${url} could not be reached (${cause ?? (error as Error).message})`,
        true,
      );
    }
  }
  throw new EndpointError(`${lastError?.message ?? 'no answer'} (after ${http.retries + 1} attempts)`, true);
}

async function resolveKey(
  options: OpenAiReasonerOptions,
): Promise<Pick<HttpOptions, 'apiKey' | 'refusedHint'>> {
  if (options.apiKey !== undefined)
    return {
      apiKey: options.apiKey,
      refusedHint: options.apiKey ? refusedKeyHint(options.endpoint, null) : 'no API key was given',
    };
  const resolution = await resolveApiKey(options.endpoint, options.keySources);
  if (resolution.source !== 'none') log.debug('api key', { source: resolution.source });
  return { apiKey: resolution.key, refusedHint: refusedKeyHint(options.endpoint, resolution) };
}

/**
 * The `openai` reasoner: the same chain against an OpenAI-compatible chat-completions endpoint (llama-server,
 * vLLM, Ollama, LM Studio), each step constrained by a `json_schema` response format. The API key comes from the
 * environment or the OS keychain and only ever travels in the Authorization header.
 */
export class OpenAiReasoner implements MeteredReasoner {
  readonly kind = 'openai' as const;
  readonly promptVersion: string;
  readonly parallelism: number;
  private readonly bounds: OutputBounds;
  private readonly chain: ReasoningChain;
  private readonly slots: Pool<number>;
  private readonly http: HttpOptions;
  private counters = { modelCalls: 0, inputTokens: 0, outputTokens: 0 };

  private constructor(
    private readonly base: string,
    readonly modelId: string,
    private readonly options: OpenAiReasonerOptions,
    key: Pick<HttpOptions, 'apiKey' | 'refusedHint'>,
  ) {
    this.bounds = resolveBounds(options.bounds);
    this.promptVersion = promptVersionFor(this.bounds);
    this.parallelism = options.concurrency ?? 4;
    this.slots = new Pool(Array.from({ length: this.parallelism }, (_, i) => i));
    this.http = {
      ...key,
      timeoutMs: options.timeoutMs ?? 120_000,
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs ?? 500,
    };
    const driver: ChatDriver = { complete: (call) => this.complete(call) };
    this.chain = new ReasoningChain(driver, this.bounds);
  }

  /** Resolves the model id (asking /v1/models when none is given), so a wrong URL fails before any work. */
  static async create(options: OpenAiReasonerOptions): Promise<OpenAiReasoner> {
    const base = apiBase(options.endpoint);
    if (
      options.concurrency !== undefined &&
      (!Number.isInteger(options.concurrency) || options.concurrency < 1)
    )
      throw new RangeError(`concurrency must be a whole number of at least 1, not ${options.concurrency}`);
    const key = await resolveKey(options);
    let modelId = options.modelId;
    if (!modelId) {
      const reasoner = new OpenAiReasoner(base, '', options, key);
      const body = await requestJson(`${base}/models`, { method: 'GET' }, reasoner.http, undefined);
      const parsed = modelsSchema.safeParse(body);
      if (!parsed.success || parsed.data.data.length === 0)
        throw new EndpointError(`${base}/models lists no model: pass the model id explicitly`, false);
      modelId = parsed.data.data[0]!.id;
    }
    return new OpenAiReasoner(base, modelId, options, key);
  }

  /** Model id and server: two servers may serve different weights under one name. */
  get model(): string {
    return `${this.modelId}@${new URL(this.base).host}`;
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

  private async complete(call: StepCall): Promise<StepReply> {
    const budget = stepTokens(call.schema, this.bounds);
    const maxTokens = Math.min(budget, this.options.maxTokens ?? budget);
    const body = {
      model: this.modelId,
      messages: call.messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: call.step, strict: true, schema: call.schema },
      },
      max_tokens: maxTokens,
      ...(call.attempt === 0
        ? { temperature: 0 }
        : { temperature: 0.8, seed: (this.options.seed ?? 7) + call.attempt }),
    };
    const answer = await this.slots.use(call.signal, () => {
      this.counters.modelCalls++;
      return requestJson(`${this.base}/chat/completions`, { method: 'POST', body }, this.http, call.signal);
    });
    const parsed = completionSchema.safeParse(answer);
    if (!parsed.success)
      throw new EndpointError(`${this.base}/chat/completions answered without a chat completion`, false);
    const choice = parsed.data.choices[0]!;
    this.counters.inputTokens += parsed.data.usage?.prompt_tokens ?? 0;
    this.counters.outputTokens += parsed.data.usage?.completion_tokens ?? 0;
    if (choice.message.content === null) log.debug('empty content', { step: call.step });
    return { text: choice.message.content ?? '', truncated: choice.finish_reason === 'length' };
  }

  async close(): Promise<void> {
    // fetch keeps no connection state of ours to free.
  }
}
