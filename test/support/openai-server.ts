import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LlamaChatSession,
  type ChatHistoryItem,
  type GbnfJsonObjectSchema,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { Pool } from '../../core/reasoning/llama/pool.js';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for the openai reasoner's tests: /v1/models and
 * /v1/chat/completions answered by a GGUF through node-llama-cpp, with `response_format: json_schema` turned into
 * a grammar, as llama-server does. Misbehaving modes stand in for the servers a boutique may meet:
 * - 'hang': accepts the request and never answers (a stuck GPU server);
 * - 'malformed-body': answers 200 with a body that is not JSON;
 * - 'malformed-content': a well-formed completion whose content is cut-off JSON.
 */
export type ServerMode = 'model' | 'hang' | 'malformed-body' | 'malformed-content';

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface LocalOpenAiServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  response_format?: { type: string; json_schema?: { schema?: unknown } };
  max_tokens?: number;
  temperature?: number;
  seed?: number;
}

function history(messages: ChatBody['messages']): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem =>
    m.role === 'system'
      ? { type: 'system', text: m.content }
      : m.role === 'user'
        ? { type: 'user', text: m.content }
        : { type: 'model', response: [m.content] },
  );
}

export async function startOpenAiServer(options: {
  readonly mode: ServerMode;
  readonly llama?: Llama;
  readonly modelPath?: string;
  readonly modelId?: string;
  /** Conversations decoded at once (context sequences). */
  readonly slots?: number;
  /** Answer 401 to any request without `Authorization: Bearer <requiredKey>`, as a guarded server does. */
  readonly requiredKey?: string;
  /** List models openly but refuse every completion with 401, as a server that guards only its models does. */
  readonly refuseCompletions?: boolean;
}): Promise<LocalOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const modelId = options.modelId ?? 'tiny-random-chatml';
  let model: LlamaModel | null = null;
  let context: LlamaContext | null = null;
  let sessions: Pool<LlamaChatSession> | null = null;
  const slots = options.slots ?? 2;
  if (options.mode === 'model') {
    if (!options.llama || !options.modelPath) throw new Error('mode "model" needs llama and modelPath');
    model = await options.llama.loadModel({ modelPath: options.modelPath });
    const ctx = (context = await model.createContext({ contextSize: 2048, sequences: slots, threads: 1 }));
    sessions = new Pool(
      Array.from({ length: slots }, () => new LlamaChatSession({ contextSequence: ctx.getSequence() })),
    );
  }
  // Requests beyond the slots wait for one, like llama-server's slots.
  const inFlight = new Set<Promise<unknown>>();

  async function complete(session: LlamaChatSession, body: ChatBody): Promise<object> {
    const llama = options.llama!;
    const last = body.messages.at(-1);
    if (!last) throw new Error('no message');
    const schema = body.response_format?.json_schema?.schema;
    const grammar = schema
      ? await llama.createGrammarForJsonSchema(schema as GbnfJsonObjectSchema)
      : undefined;
    session.setChatHistory(history(body.messages.slice(0, -1)));
    const meter = session.sequence.tokenMeter;
    const before = { input: meter.usedInputTokens, output: meter.usedOutputTokens };
    const result = await session.promptWithMeta(last.content, {
      ...(grammar ? { grammar } : {}),
      maxTokens: body.max_tokens ?? 256,
      temperature: body.temperature ?? 0,
      ...(body.seed !== undefined ? { seed: body.seed } : {}),
    });
    return {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? modelId,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: result.responseText },
          finish_reason: result.stopReason === 'maxTokens' ? 'length' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: meter.usedInputTokens - before.input,
        completion_tokens: meter.usedOutputTokens - before.output,
      },
    };
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw === '' ? null : (JSON.parse(raw) as unknown);
      } catch {
        body = raw;
      }
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers, body });
      const send = (status: number, payload: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload);
      };
      if (options.requiredKey !== undefined && req.headers.authorization !== `Bearer ${options.requiredKey}`)
        return send(401, JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
      if (options.refuseCompletions && path === '/v1/chat/completions')
        return send(401, JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
      if (options.mode === 'hang') return; // never answers
      if (req.method === 'GET' && path === '/v1/models')
        return send(200, JSON.stringify({ object: 'list', data: [{ id: modelId, object: 'model' }] }));
      if (req.method !== 'POST' || path !== '/v1/chat/completions')
        return send(404, JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
      if (options.mode === 'malformed-body') return send(200, '{"choices": [{"message": {"content": ');
      if (options.mode === 'malformed-content')
        return send(
          200,
          JSON.stringify({
            choices: [
              { message: { role: 'assistant', content: '{"love": "buyers of' }, finish_reason: 'stop' },
            ],
          }),
        );
      const run = sessions!.use(undefined, (session) => complete(session, body as ChatBody));
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run)).catch(() => undefined);
      run.then(
        (completion) => send(200, JSON.stringify(completion)),
        (error: unknown) => send(500, JSON.stringify({ error: { message: (error as Error).message } })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await context?.dispose();
      await model?.dispose();
    },
  };
}
