import { openBook } from '../../db/book.js';
import { plainHelp, plainOption } from '../book.js';
import type { ReasoningSummary } from '../../jobs/reason/job.js';
import { reason } from '../../jobs/reason.js';
import { showItemReasoning } from './reason-show.js';
import type { ReasonerSpec } from '../../jobs/reasoner.js';
import type { ReasoningProgress } from '../../jobs/reason/progress.js';
import {
  assertDatabaseFile,
  type Command,
  type CommandIo,
  parseCommandArgs,
  positiveInt,
  requireOption,
  UsageError,
} from '../args.js';

const help = `usage: atelier reason --db PATH (--model FILE | --endpoint URL) [--limit N] [--clients] [--json]
                      [--plain] [--parallel N] [--threads N] [--endpoint-model ID] [--embedding-model FILE]
                      [--retry-failed] [--new-run] [--cpu] [--timeout SECONDS]
       atelier reason --db PATH --show ITEM [--json]

Reasons the catalog's items with an LLM (who would love each item, who would dislike it, the features that
contrast the two) and stores their features for 'optimize'; with --clients, also each consenting client's
likes, dislikes and core preference. Outcomes are cached by item content, model and prompt version: a re-run
only asks the model about new or changed items. An unfinished run of the same model is resumed.
Ctrl-C stops after the items in flight; everything finished stays stored.

  --model FILE            a GGUF model run on this machine (node-llama-cpp)
  --endpoint URL          an OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio);
                          the API key comes from ATELIER_OPENAI_API_KEY, else the OS keychain
                          ('atelier key set'), and is never stored in the database
  --endpoint-model ID     the model to ask the endpoint for (default: the first it lists)
  --limit N               only the first N items (and with --clients the first N clients)
  --clients               also reason clients from their recent items
  --parallel N            subjects in flight at once (context sequences, or requests)
  --threads N             CPU threads for --model (default: physical cores)
  --embedding-model FILE  embed feature phrases with this GGUF and merge synonyms (may be the --model file)
  --retry-failed          ask again about subjects whose output failed validation before
  --new-run               start a new run instead of resuming an unfinished one
  --cpu                   do not use a GPU even when one is found
  --timeout SECONDS       per request to --endpoint (default 120)
  --show ITEM             reason nothing: print what each reasoner said about the item (id or external id),
                          the features kept and its last failure with the model's own text
  --json                  print the summary as one JSON object on the last line
${plainHelp}
The last line gives the reasoned, cached and failed counts and tokens per second.
Every answer passes a plausibility gate before it becomes features (made of words, grounded in the item,
not repeated, not the prompt echoed back); a refused answer is a failure with its reason. When more than 20 %
of the first 20 answers are refused, the run stops: the model's output is not usable, and nothing of the
run is offered to 'optimize'.

exit codes: 0 done (failures are counted, not fatal), 1 bad input, the model's output is not usable or the
            model/endpoint gave up, 2 wrong usage, 130 interrupted
`;

function bar(p: ReasoningProgress): string {
  const width = 24;
  const ratio = p.total > 0 ? p.done / p.total : 1;
  const filled = Math.round(ratio * width);
  const eta =
    p.etaSeconds === null
      ? '--:--'
      : `${Math.floor(p.etaSeconds / 60)}:${String(Math.round(p.etaSeconds % 60)).padStart(2, '0')}`;
  const state = p.phase;
  return (
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${state.padEnd(10)} ` +
    `reasoned ${p.counts.reasoned} cached ${p.counts.cached} failed ${p.counts.failed}  ` +
    `${p.itemsPerMinute.toFixed(1)}/min  ETA ${eta} `
  );
}

function progressPrinter(io: CommandIo): ((p: ReasoningProgress) => void) | undefined {
  if (!io.errIsTty) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 150 && p.done < p.total) return;
    last = now;
    io.err(bar(p));
  };
}

/** The run's error and, when the gate refused answers, each one's subject and reason, for stderr. */
function failureReport(s: ReasoningSummary): string {
  const lines = [`${s.error ?? `the reasoning run ${s.status}`}\n`];
  for (const f of s.gateFailures)
    lines.push(`  ${f.subject} ${f.id}${f.label !== null ? ` (${f.label})` : ''}: ${f.detail}\n`);
  return lines.join('');
}

function summaryLine(s: ReasoningSummary): string {
  const tail = s.status === 'completed' ? '' : ` — run ${s.status}${s.error ? `: ${s.error}` : ''}`;
  return (
    `reasoned ${s.reasoned}, cached ${s.cached}, failed ${s.failed} of ${s.total} ` +
    `(${s.modelCalls} model calls, ${s.tokensPerSecond} tokens/s, run ${s.runId})${tail}\n`
  );
}

/** The reasoner the flags describe; wrong combinations are usage errors, before anything is loaded. */
function reasonerSpec(values: {
  model?: string | undefined;
  endpoint?: string | undefined;
  'endpoint-model'?: string | undefined;
  'embedding-model'?: string | undefined;
  threads?: string | undefined;
  parallel?: string | undefined;
  cpu?: boolean | undefined;
  timeout?: string | undefined;
}): ReasonerSpec {
  const parallel = values.parallel === undefined ? undefined : positiveInt(values.parallel, '--parallel', 1);
  if (values.model !== undefined) {
    if (values.timeout !== undefined || values['endpoint-model'] !== undefined)
      throw new UsageError('--timeout and --endpoint-model go with --endpoint, not --model');
    return {
      kind: 'llama',
      modelPath: values.model,
      ...(values.threads !== undefined ? { threads: positiveInt(values.threads, '--threads', 1) } : {}),
      ...(parallel !== undefined ? { sequences: parallel } : {}),
      gpu: values.cpu ? false : 'auto',
      embeddingModelPath: values['embedding-model'] ?? null,
    };
  }
  if (values.threads !== undefined || values['embedding-model'] !== undefined || values.cpu)
    throw new UsageError('--threads, --embedding-model and --cpu go with --model, not --endpoint');
  return {
    kind: 'openai',
    endpoint: requireOption(values.endpoint, '--endpoint'),
    ...(values['endpoint-model'] !== undefined ? { modelId: values['endpoint-model'] } : {}),
    ...(parallel !== undefined ? { concurrency: parallel } : {}),
    ...(values.timeout !== undefined
      ? { timeoutMs: positiveInt(values.timeout, '--timeout', 120) * 1000 }
      : {}),
  };
}

export const reasonCommand: Command = {
  name: 'reason',
  summary: 'reason items (and clients) with a local GGUF model or an OpenAI-compatible endpoint',
  usage: 'reason --db PATH (--model FILE | --endpoint URL) [--limit N] [--clients] [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      model: { type: 'string' },
      endpoint: { type: 'string' },
      'endpoint-model': { type: 'string' },
      'embedding-model': { type: 'string' },
      limit: { type: 'string' },
      clients: { type: 'boolean' },
      json: { type: 'boolean' },
      parallel: { type: 'string' },
      threads: { type: 'string' },
      'retry-failed': { type: 'boolean' },
      'new-run': { type: 'boolean' },
      cpu: { type: 'boolean' },
      timeout: { type: 'string' },
      show: { type: 'string' },
      ...plainOption,
    });
    if (values.help) return (io.out(help), 0);
    const file = requireOption(values.db, '--db');
    if (values.show !== undefined) {
      if (values.model !== undefined || values.endpoint !== undefined)
        throw new UsageError('--show reads what is stored: give it without --model or --endpoint');
      assertDatabaseFile(file);
      return showItemReasoning(file, values.show, values.json ?? false, io);
    }
    if ((values.model === undefined) === (values.endpoint === undefined))
      throw new UsageError('give exactly one of --model FILE or --endpoint URL');
    const limit = values.limit === undefined ? null : positiveInt(values.limit, '--limit', 1);
    assertDatabaseFile(file);
    const spec = reasonerSpec(values);
    const db = await openBook(file, { plain: values.plain ?? false });
    const controller = new AbortController();
    const onInterrupt = (): void => controller.abort(new Error('interrupted'));
    process.once('SIGINT', onInterrupt);
    const progress = progressPrinter(io);
    try {
      const summary = await reason(db, {
        reasoner: spec,
        limit,
        clients: values.clients ?? false,
        retryFailed: values['retry-failed'] ?? false,
        resume: !values['new-run'],
        signal: controller.signal,
        ...(progress ? { onProgress: progress } : {}),
      });
      if (progress) io.err('\n');
      if (summary.embeddings.status === 'skipped') io.err(`embeddings skipped: ${summary.embeddings.note}\n`);
      io.out(values.json ? JSON.stringify(summary) + '\n' : summaryLine(summary));
      if (summary.status === 'cancelled') return 130;
      if (summary.status === 'completed') return 0;
      io.err(failureReport(summary));
      return 1;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      db.close();
    }
  },
};
