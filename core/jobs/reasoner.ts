import type { Db } from '../db/open.js';
import { itemsForReasoning } from '../db/runs/load-queries.js';
import { LlamaReasoner, type LlamaReasonerOptions } from '../reasoning/llama/reasoner.js';
import { OpenAiReasoner, type OpenAiReasonerOptions } from '../reasoning/openai/reasoner.js';
import { RulesReasoner, priceTierTable } from '../reasoning/rules/index.js';
import type { Reasoner } from '../reasoning/types.js';

/** Which reasoner, and how: the one description the CLI, the app's jobs and the benchmarks build from. */
export type ReasonerSpec =
  | { readonly kind: 'rules' }
  | ({ readonly kind: 'llama' } & LlamaReasonerOptions)
  | ({ readonly kind: 'openai' } & OpenAiReasonerOptions);

/**
 * Builds the reasoner a spec names. The rules reasoner prices items against the boutique's own catalog
 * (its price tiers), so it needs the database; the model reasoners load their file or reach their server
 * here, and throw ModelFileError / EndpointError (bad input, unavailable) when they cannot.
 */
export async function createReasoner(spec: ReasonerSpec, db: Db): Promise<Reasoner> {
  switch (spec.kind) {
    case 'rules':
      return new RulesReasoner({ priceTiers: priceTierTable(itemsForReasoning(db)) });
    case 'llama': {
      const { kind: _kind, ...options } = spec;
      return LlamaReasoner.create(options);
    }
    case 'openai': {
      const { kind: _kind, ...options } = spec;
      return OpenAiReasoner.create(options);
    }
    default:
      return spec satisfies never;
  }
}
