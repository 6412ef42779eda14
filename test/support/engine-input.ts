import { kindCode, type EngineInput } from '../../core/engine/types.js';
import type { InteractionKind } from '../../core/domain/catalog.js';
import type { Facet } from '../../core/domain/features.js';

/**
 * Hand-made engine inputs for unit tests, written the way one draws them: items as feature lists, clients as
 * event lists (item index, kind, day). Feature ids follow first mention; every feature weight is 1 unless
 * given as `name:weight`.
 */
export interface ClientSpec {
  readonly events: readonly (readonly [item: number, kind?: InteractionKind, day?: number])[];
  readonly allowed?: boolean;
}

export const day = 86_400_000;

export function engineInput(
  items: readonly (readonly string[])[],
  clients: readonly ClientSpec[],
  options: { consumable?: readonly number[]; facets?: Readonly<Record<string, Facet>> } = {},
): EngineInput {
  const names: string[] = [];
  const index = new Map<string, number>();
  const featureOffsets = new Uint32Array(items.length + 1);
  const featureIds: number[] = [];
  const featureWeights: number[] = [];
  items.forEach((features, i) => {
    for (const spec of features) {
      const [name, weight] = spec.split(':') as [string, string | undefined];
      let id = index.get(name);
      if (id === undefined) {
        id = names.length;
        index.set(name, id);
        names.push(name);
      }
      featureIds.push(id);
      featureWeights.push(weight === undefined ? 1 : Number(weight));
    }
    featureOffsets[i + 1] = featureIds.length;
  });
  const eventOffsets = new Uint32Array(clients.length + 1);
  const eventItem: number[] = [];
  const eventKind: number[] = [];
  const eventTime: number[] = [];
  clients.forEach((client, c) => {
    client.events.forEach(([item, kind = 'purchase', when], position) => {
      eventItem.push(item);
      eventKind.push(kindCode(kind));
      eventTime.push((when ?? position) * day);
    });
    eventOffsets[c + 1] = eventItem.length;
  });
  const consumable = new Uint8Array(items.length);
  for (const i of options.consumable ?? []) consumable[i] = 1;
  return {
    clientCount: clients.length,
    itemCount: items.length,
    eventOffsets,
    eventItem: Uint32Array.from(eventItem),
    eventKind: Uint8Array.from(eventKind),
    eventWeight: new Float32Array(eventItem.length).fill(1),
    eventTime: Float64Array.from(eventTime),
    featureOffsets,
    featureIds: Uint32Array.from(featureIds),
    featureWeights: Float32Array.from(featureWeights),
    featureNames: names,
    featureFacets: names.map((n) => options.facets?.[n] ?? 'style'),
    profilingAllowed: Uint8Array.from(clients.map((c) => (c.allowed === false ? 0 : 1))),
    consumable,
    now: Math.max(0, ...eventTime),
  };
}

/** The feature id of a name in an input built by `engineInput`. */
export function featureId(input: EngineInput, name: string): number {
  const id = input.featureNames.indexOf(name);
  if (id < 0) throw new Error(`no feature ${name}`);
  return id;
}
