import { openBook } from '../../db/book.js';
import { plainHelp, plainOption } from '../book.js';
import { optimizeBoutique, optimizeSettings } from '../../jobs/optimize.js';
import { runEngine } from '../../engine/index.js';
import type { IterationLog } from '../../engine/types.js';
import { reasonerKinds as reasoners, type ReasonerKind } from '../../domain/reasoners.js';
import {
  assertDatabaseFile,
  type Command,
  InputError,
  parseCommandArgs,
  positiveInt,
  requireOption,
  UsageError,
} from '../args.js';

function reasonerOption(value: string | undefined): ReasonerKind {
  if (value === undefined) return 'rules';
  const found = reasoners.find((r) => r === value);
  if (!found) throw new UsageError(`--reasoner must be one of ${reasoners.join(', ')}, not "${value}"`);
  return found;
}

function wholeOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a whole number (0 or more), not "${value}"`);
  return n;
}

function iterationLine(it: IterationLog): string {
  return (
    `iteration ${it.iteration}: mean change ${it.meanDelta.toExponential(2)}, ` +
    `top interest changed for ${(it.topChangedShare * 100).toFixed(1)}% of clients (${Math.round(it.durationMs)} ms)\n`
  );
}

export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'find every client’s explicit and group interests and recommendations (a new run)',
  usage:
    'optimize --db PATH [--k N] [--iterations N] [--reasoner rules|llama|openai] [--rebuy CATEGORIES] [--json] [--plain]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      k: { type: 'string' },
      iterations: { type: 'string' },
      reasoner: { type: 'string' },
      rebuy: { type: 'string' },
      json: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) {
      io.out(
        `usage: atelier ${this.usage}\n\n` +
          'Runs the ISRF engine over the database: item features from the reasoner, each client’s explicit\n' +
          'interests, their nearest clients by taste, the group interests those suggest, alternating until\n' +
          'stable, and ranked recommendations with reasons. The run is stored; readers keep seeing the last\n' +
          'completed run until this one completes. Ctrl-C cancels and leaves the previous run as it was.\n\n' +
          '  --k N            neighbours per client (default 40)\n' +
          '  --iterations N   most alternating rounds; 0 computes explicit and group interests once (default 8)\n' +
          '  --reasoner R     whose item features: rules (default), or the stored llama/openai features\n' +
          '  --rebuy LIST     comma-separated categories bought again when used up (e.g. fragrance): their\n' +
          '                   items may be recommended to clients who own them (default: none)\n' +
          '  --json           print the outcome as JSON instead of the iteration log\n' +
          plainHelp,
      );
      return 0;
    }
    const file = requireOption(values.db, '--db');
    const reasoner = reasonerOption(values.reasoner);
    const k = values.k === undefined ? undefined : positiveInt(values.k, '--k', 1);
    const iterations = wholeOption(values.iterations, '--iterations');
    const rebuy = values.rebuy
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (values.rebuy !== undefined && rebuy?.length === 0)
      throw new UsageError('--rebuy needs at least one category, e.g. --rebuy fragrance');
    assertDatabaseFile(file);

    const db = await openBook(file, { plain: values.plain ?? false });
    const controller = new AbortController();
    const cancel = (): void => controller.abort(new Error('cancelled'));
    process.once('SIGINT', cancel);
    try {
      const outcome = await optimizeBoutique(db, runEngine, {
        reasoner,
        ...optimizeSettings({ neighbours: k, iterations, rebuy }),
        signal: controller.signal,
        onIteration: (it) => {
          if (!values.json) io.out(iterationLine(it));
        },
      });
      if (values.json) {
        io.out(JSON.stringify(outcome) + '\n');
        return 0;
      }
      const n = outcome.iterations.length;
      io.out(
        outcome.converged
          ? `converged after ${n} iteration${n === 1 ? '' : 's'}\n`
          : `stopped after ${n} iteration${n === 1 ? '' : 's'} without converging\n`,
      );
      const f = outcome.features;
      io.out(
        `features: ${f.reasoner}${f.model ? ` (${f.model})` : ''}, ${f.promptVersion}; ` +
          `${f.storedItems} items stored, ${f.computedItems} computed now` +
          (f.reasoner !== reasoner ? ` (no completed ${reasoner} reasoning run)` : '') +
          '\n',
      );
      const r = outcome.rows;
      io.out(
        `${outcome.clients} clients, ${outcome.items} items: ${r['client_interests']} explicit interests, ` +
          `${r['group_interests']} group interests, ${r['client_neighbours']} neighbour links, ` +
          `${r['recommendations']} recommendations in ${outcome.durationMs} ms\n`,
      );
      io.out(`run ${outcome.runId}\n`);
      return 0;
    } catch (error) {
      if (controller.signal.aborted) throw new InputError('cancelled; the previous run is unchanged');
      throw error;
    } finally {
      process.off('SIGINT', cancel);
      db.close();
    }
  },
};
