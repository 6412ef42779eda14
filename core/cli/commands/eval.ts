import { DatasetError } from '../../eval/dataset.js';
import { formatReport, writePredictions, writeReportJson } from '../../eval/report.js';
import { runEvaluation } from '../../eval/run.js';
import { InputError, parseCommandArgs, requireOption, type Command } from '../args.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'offline evaluation on a benchmark dataset folder (leave-one-out, full ranking)',
  usage: 'eval --dataset DIR [--predictions FILE] [--json FILE] [--ablations] [--quiet]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      dataset: { type: 'string' },
      predictions: { type: 'string' },
      json: { type: 'string' },
      ablations: { type: 'boolean' },
      quiet: { type: 'boolean' },
    });
    if (values.help) {
      io.out(
        `usage: atelier ${this.usage}\n\n` +
          'DIR holds sequential.txt, datamaps.json and items.jsonl (or item_text_idgenrec.txt).\n' +
          '  --predictions FILE  per user "user_id item ..." (full ISRF top 20 for the test item)\n' +
          '  --json FILE         metrics, tuned weights, rounds, wall time per stage, peak RSS\n' +
          '  --ablations         also rank each stage alone (sequence, explicit, group, individual)\n' +
          '  --quiet             no stage timings on stderr\n',
      );
      return 0;
    }
    const dir = requireOption(values.dataset, '--dataset');
    let outcome;
    try {
      outcome = await runEvaluation(dir, {
        ablations: values.ablations === true,
        onStage: (stage, ms) => {
          if (!values.quiet) io.err(`${stage}: ${ms} ms\n`);
        },
      });
    } catch (error) {
      if (error instanceof DatasetError) throw new InputError(error.message);
      throw error;
    }
    io.out(formatReport(outcome.report));
    if (values.predictions) writePredictions(values.predictions, outcome);
    if (values.json) writeReportJson(values.json, outcome.report);
    return 0;
  },
};
