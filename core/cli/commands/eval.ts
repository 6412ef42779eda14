import { facets } from '../../domain/features.js';
import { DatasetError } from '../../eval/dataset.js';
import { formatReport, writePredictions, writeReportJson } from '../../eval/report.js';
import { runEvaluation } from '../../eval/run.js';
import { InputError, parseCommandArgs, requireOption, type Command } from '../args.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'offline evaluation on a benchmark dataset folder (leave-one-out, full ranking)',
  usage: 'eval --dataset DIR [--features FILE] [--predictions FILE] [--json FILE] [--ablations] [--quiet]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      dataset: { type: 'string' },
      features: { type: 'string' },
      predictions: { type: 'string' },
      json: { type: 'string' },
      ablations: { type: 'boolean' },
      quiet: { type: 'boolean' },
    });
    if (values.help) {
      io.out(
        `usage: atelier ${this.usage}\n\n` +
          'DIR holds sequential.txt, datamaps.json and items.jsonl (or item_text_idgenrec.txt).\n' +
          '  --features FILE     item features from a JSON-lines file instead of the built-in extraction, one\n' +
          '                      item a line: {"itemId": "17", "features": [{"feature": "matte lipstick",\n' +
          '                      "facet": "category", "weight": 0.9}]}; itemId as in sequential.txt, or\n' +
          '                      "externalId" with its ASIN; facet one of ' +
          facets.join(', ') +
          ';\n' +
          '                      weight 0..1; items not listed have none\n' +
          '  --predictions FILE  per user "user_id item ..." (full ISRF top 20 for the test item)\n' +
          '  --json FILE         metrics, each method minus full ISRF with its paired bootstrap 95% interval,\n' +
          '                      tuned weights, rounds, wall time per stage, peak RSS\n' +
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
        ...(values.features !== undefined ? { features: values.features } : {}),
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
