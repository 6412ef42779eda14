import { openBook } from '../../db/book.js';
import { itemReasoningDetail, type ReasonerDetail } from '../../db/reasoning/inspect.js';
import { InputError, type CommandIo } from '../args.js';

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((line) => by + line)
    .join('\n');

function reasonerLines(r: ReasonerDetail): string[] {
  const lines = [`${r.reasoner}:`];
  if (r.answers) {
    const a = r.answers;
    lines.push(
      `  answers (run ${a.runId}, ${a.model ?? 'no model'}, ${a.promptVersion}, ${a.at}):`,
      `    love:    ${a.love}`,
      `    dislike: ${a.dislike}`,
    );
  } else lines.push('  answers: none stored');
  lines.push(
    r.features.length === 0
      ? '  features kept: none'
      : `  features kept: ${r.features.map((f) => `${f.feature} (${f.facet} ${f.weight.toFixed(2)})`).join(', ')}`,
  );
  if (r.failure) {
    const f = r.failure;
    lines.push(
      `  last failure (run ${f.runId}, ${f.model ?? 'no model'}, ${f.at}): ${f.kind}` +
        `${f.step ? ` at step ${f.step}` : ''}: ${f.error}`,
    );
    if (f.rawText !== '') lines.push('    the model said:', indent(f.rawText, '      '));
  }
  return lines;
}

/**
 * `reason --show ITEM`: what each reasoner said about one item (its answers to the chain's steps), which
 * features were kept, and its last failure with the reason and the model's own text.
 */
export async function showItemReasoning(
  file: string,
  item: string,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const db = await openBook(file, { readonly: true });
  try {
    const detail = itemReasoningDetail(db, item);
    if (detail === null) throw new InputError(`no item "${item}" (give its id or its external id)`);
    if (json) {
      io.out(JSON.stringify(detail, null, 2) + '\n');
      return 0;
    }
    const { id, externalId, title } = detail.item;
    io.out(`${title} [${externalId}], item ${id}\n`);
    if (detail.reasoners.length === 0) io.out('not reasoned yet by any reasoner\n');
    for (const r of detail.reasoners) io.out(reasonerLines(r).join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}
