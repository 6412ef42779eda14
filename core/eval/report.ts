import { writeFileSync } from 'node:fs';
import type { EvalOutcome, EvalReport } from './run.js';

const metricNames = ['HR@5', 'HR@10', 'NDCG@5', 'NDCG@10'] as const;

/** The methods table as the CLI prints it. */
export function formatReport(report: EvalReport): string {
  const d = report.dataset;
  const lines: string[] = [];
  lines.push(
    `${d.dir}: ${d.users} users, ${d.items} items, ${d.interactions} interactions; item text from ${d.itemText}, ${d.features} features` +
      (d.skippedUsers > 0 ? `; ${d.skippedUsers} users with < 3 items left out` : ''),
  );
  lines.push(`item features: ${d.featureSource}; ${d.itemsWithFeatures} of ${d.items} items have features`);
  lines.push(`protocol: ${report.protocol}`);
  lines.push('');
  const width = Math.max(...report.methods.map((m) => m.name.length), 6);
  lines.push(`${'method'.padEnd(width)}  ${metricNames.map((m) => m.padStart(7)).join('  ')}`);
  for (const m of report.methods)
    lines.push(
      `${m.name.padEnd(width)}  ${metricNames.map((k) => m.test[k].toFixed(4).padStart(7)).join('  ')}`,
    );
  lines.push('');
  lines.push(...intervalLines(report, width));
  const rounds = (label: string, logs: EvalReport['iterations']['test'], converged: boolean) =>
    `${label}: ${logs.length} round(s), ${converged ? 'converged' : 'not converged'}` +
    logs
      .map(
        (l) =>
          `\n  round ${l.iteration}: mean change ${l.meanDelta.toFixed(4)}, best candidate changed for ${(100 * l.topChangedShare).toFixed(2)}% (${l.durationMs} ms)`,
      )
      .join('');
  lines.push(rounds('rounds (validation)', report.iterations.validation, report.converged.validation));
  lines.push(rounds('rounds (test)', report.iterations.test, report.converged.test));
  lines.push(secondStageLine(report.secondStage));
  const full = report.methods.find((m) => m.name === 'full ISRF');
  if (full?.blend) lines.push(`full ISRF weights (tuned on validation): ${JSON.stringify(full.blend)}`);
  lines.push(
    `wall ${(report.wallMs / 1000).toFixed(1)} s, peak RSS ${report.peakRssMb} MB; stages (ms): ` +
      Object.entries(report.stagesMs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  );
  return lines.join('\n') + '\n';
}

function secondStageLine(s: EvalReport['secondStage']): string {
  const { stage1, ranker, users } = s.heldOut;
  return (
    `second stage: ${s.trees} trees of depth ${s.depth} over ${s.features.length} features of full ISRF's top ` +
    `${s.candidates}, trained on ${s.trainQueries} validation users (${s.trainMs} ms, applied in ${s.applyMs} ms); ` +
    `held-out validation (${users} users) NDCG@10 ${stage1.ndcg10.toFixed(4)} -> ${ranker.ndcg10.toFixed(4)}, ` +
    `HR@10 ${stage1.hr10.toFixed(4)} -> ${ranker.hr10.toFixed(4)}`
  );
}

const signed = (x: number) => (x >= 0 ? '+' : '-') + Math.abs(x).toFixed(4);

/** Each method minus full ISRF on test, with its paired bootstrap interval. */
function intervalLines(report: EvalReport, width: number): string[] {
  const compared = report.methods.filter((m) => m.vsFull !== null);
  if (compared.length === 0) return [];
  const b = report.bootstrap;
  const lines = [
    `difference from full ISRF on test (method - full ISRF, user by user), ${Math.round(100 * b.confidence)}% ` +
      `paired bootstrap interval (${b.resamples} resamples of the users, seed ${b.seed}):`,
    `${'method'.padEnd(width)}  ${'HR@10'.padStart(7)}  ${'interval'.padEnd(19)}  ${'NDCG@10'.padStart(7)}  interval`,
  ];
  for (const m of compared) {
    const cell = (k: 'HR@10' | 'NDCG@10') => {
      const d = m.vsFull![k];
      return `${signed(d.difference)}  [${signed(d.low)}, ${signed(d.high)}]`;
    };
    lines.push(`${m.name.padEnd(width)}  ${cell('HR@10')}  ${cell('NDCG@10')}`);
  }
  lines.push('');
  return lines;
}

/** `user_id item item ...`: full ISRF's top 20 for the test item, best first, ids as in sequential.txt. */
export function writePredictions(file: string, outcome: EvalOutcome): void {
  const { dataset, predictions } = outcome;
  const lines = predictions.map(
    (items, u) => `${dataset.users[u]} ${Array.from(items, (i) => dataset.itemIds[i]).join(' ')}`,
  );
  writeFileSync(file, lines.join('\n') + '\n');
}

export function writeReportJson(file: string, report: EvalReport): void {
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}
