import { popularityRanking, variantIndex, type EngineModel } from './model.js';
import { buildItemSpace, eventStrengths, explicitProfiles, positiveEvents } from './profiles.js';
import { buildTransitions, popularity, positiveHistories } from './sequence.js';
import { emptyCsr } from './sparse.js';
import type { EngineInput, EngineParams } from './types.js';

/**
 * What an incremental update keeps from the run it refreshes: the global parts of its model, rebuilt by the
 * very functions the full run uses (profiles.ts, sequence.ts) so nothing here repeats the maths. The model's global parts (item space, strengths, histories, explicit interests of every client, sequence
 * transitions, popularity), as `fitEngine` builds them; the similarity graph, the group vectors and the
 * candidates are left empty for the caller to fill for the clients it refreshes.
 */
export function globalModel(input: EngineInput, params: EngineParams): EngineModel {
  const space = buildItemSpace(input, params.commonFeatureShare);
  const strengths = eventStrengths(input, params);
  const positive = positiveEvents(input, params);
  const histories = positiveHistories(input, positive);
  const pop = popularity(input, positive);
  return {
    input,
    params,
    space,
    strengths,
    histories,
    explicit: explicitProfiles(input, params, space, strengths),
    graph: emptyCsr(input.clientCount),
    group: emptyCsr(input.clientCount),
    transitions: buildTransitions(histories, input.itemCount, pop, params.sequence),
    popularity: pop,
    ...popularityRanking(pop),
    candidates: null,
    rebuyable: params.rebuyConsumables ? input.consumable : new Uint8Array(input.itemCount),
    variants: variantIndex(input),
  };
}
