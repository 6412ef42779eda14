import { engineKinds, EngineInputError, type EngineInput } from './types.js';

/** Checks the CSR arrays agree with each other before any hot loop trusts them; names the first bad field. */
export function validateInput(input: EngineInput): void {
  const { clientCount, itemCount } = input;
  const featureCount = input.featureNames.length;
  const fail = (field: string, why: string): never => {
    throw new EngineInputError(`engine input: ${field} ${why}`);
  };
  if (!Number.isInteger(clientCount) || clientCount < 0)
    fail('clientCount', `is not a count (${clientCount})`);
  if (!Number.isInteger(itemCount) || itemCount < 0) fail('itemCount', `is not a count (${itemCount})`);
  checkOffsets(input.eventOffsets, clientCount, input.eventItem.length, 'eventOffsets', fail);
  const events = input.eventItem.length;
  for (const [field, length] of [
    ['eventKind', input.eventKind.length],
    ['eventWeight', input.eventWeight.length],
    ['eventTime', input.eventTime.length],
  ] as const)
    if (length !== events) fail(field, `has ${length} entries for ${events} events`);
  for (let e = 0; e < events; e++) {
    if (input.eventItem[e]! >= itemCount) fail(`eventItem[${e}]`, `= ${input.eventItem[e]} is not an item`);
    if (input.eventKind[e]! >= engineKinds.length)
      fail(`eventKind[${e}]`, `= ${input.eventKind[e]} is not a kind`);
    if (!Number.isFinite(input.eventWeight[e]!)) fail(`eventWeight[${e}]`, 'is not finite');
    if (!Number.isFinite(input.eventTime[e]!)) fail(`eventTime[${e}]`, 'is not finite');
  }
  checkOffsets(input.featureOffsets, itemCount, input.featureIds.length, 'featureOffsets', fail);
  if (input.featureWeights.length !== input.featureIds.length)
    fail(
      'featureWeights',
      `has ${input.featureWeights.length} entries for ${input.featureIds.length} features`,
    );
  for (let k = 0; k < input.featureIds.length; k++)
    if (input.featureIds[k]! >= featureCount)
      fail(`featureIds[${k}]`, `= ${input.featureIds[k]} has no name`);
  if (input.featureFacets.length !== featureCount)
    fail('featureFacets', `has ${input.featureFacets.length} entries for ${featureCount} feature names`);
  if (input.profilingAllowed.length !== clientCount)
    fail('profilingAllowed', `has ${input.profilingAllowed.length} entries for ${clientCount} clients`);
  if (input.consumable.length !== itemCount)
    fail('consumable', `has ${input.consumable.length} entries for ${itemCount} items`);
  if (input.variantGroup !== undefined) {
    if (input.variantGroup.length !== itemCount)
      fail('variantGroup', `has ${input.variantGroup.length} entries for ${itemCount} items`);
    for (let i = 0; i < itemCount; i++)
      if (input.variantGroup[i]! < -1)
        fail(`variantGroup[${i}]`, `= ${input.variantGroup[i]} is not a group code`);
  }
}

function checkOffsets(
  offsets: Uint32Array,
  rows: number,
  total: number,
  field: string,
  fail: (field: string, why: string) => never,
): void {
  if (offsets.length !== rows + 1) fail(field, `has ${offsets.length} entries, expected ${rows + 1}`);
  if (offsets[0] !== 0) fail(field, 'does not start at 0');
  for (let r = 0; r < rows; r++) if (offsets[r + 1]! < offsets[r]!) fail(field, `decreases at ${r + 1}`);
  if (offsets[rows] !== total) fail(field, `ends at ${offsets[rows]}, expected ${total}`);
}
