import { readFile } from 'node:fs/promises';
import type { InteractionKind } from '../domain/catalog.js';
import type { ValueSettings } from './build.js';
import {
  MappingError,
  parseMapping,
  type EntityMapping,
  type ImportMapping,
  type ParsedMapping,
} from './mapping.js';
import { isPresetName, presetNames, presets } from './presets/index.js';
import { parseOffset } from './values/dates.js';
import { defaultBooleanWords, defaultKindWords } from './values/words.js';
import { importEntities, type ImportEntity } from '../domain/imports.js';

/**
 * Checks a mapping and applies its `extends`: the preset first, then the mapping's own options and, per
 * entity, its columns field by field and its other settings.
 */
export function resolveMapping(mapping: ImportMapping | undefined, source = 'mapping'): ParsedMapping {
  const own = parseMapping(mapping ?? {}, source);
  if (own.extends === undefined) return own;
  if (!isPresetName(own.extends))
    throw new MappingError(
      `${source}: "extends": "${own.extends}" is not a preset (presets: ${presetNames.join(', ')})`,
    );
  const base = parseMapping(presets[own.extends], `preset ${own.extends}`);
  const merged: ParsedMapping = {
    ...base,
    ...own,
    options: { ...base.options, ...own.options },
    extends: undefined,
  };
  for (const entity of importEntities) {
    const [b, o] = [base[entity], own[entity]];
    if (b && o)
      (merged as Record<string, unknown>)[entity] = { ...b, ...o, columns: { ...b.columns, ...o.columns } };
  }
  return merged;
}

/** Reads a mapping file (JSON); a preset name may stand in its place. */
export async function loadMapping(file: string): Promise<ParsedMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MappingError(`${file}: cannot read the mapping file (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new MappingError(`${file}: the mapping is not valid JSON (${(error as Error).message})`);
  }
  return resolveMapping(json as ImportMapping, file);
}

export function presetMapping(name: string): ParsedMapping {
  if (!isPresetName(name)) throw new MappingError(`no preset "${name}" (presets: ${presetNames.join(', ')})`);
  return resolveMapping(presets[name], `preset ${name}`);
}

const lower = (words: readonly string[] | undefined) => (words ?? []).map((w) => w.trim().toLowerCase());

export function valueSettings(mapping: ParsedMapping): ValueSettings {
  const o = mapping.options ?? {};
  const kinds: Record<string, InteractionKind> = { ...defaultKindWords };
  for (const [word, kind] of Object.entries(o.kinds ?? {}))
    kinds[
      word
        .trim()
        .toLowerCase()
        .replace(/[_\s]+/g, ' ')
    ] = kind;
  const yes = new Set([...defaultBooleanWords.yes, ...lower(o.booleans?.true)]);
  const no = new Set([...defaultBooleanWords.no, ...lower(o.booleans?.false)]);
  for (const word of lower(o.booleans?.true)) no.delete(word);
  for (const word of lower(o.booleans?.false)) yes.delete(word);
  return {
    dateOrder: o.dateFormat ?? 'dd/mm/yyyy',
    offsetMinutes: parseOffset(o.utcOffset ?? 'Z') ?? 0,
    decimalSeparator: o.decimalSeparator,
    defaultCurrency: o.defaultCurrency ?? null,
    booleans: { yes, no },
    kinds,
  };
}

export function entityMapping(mapping: ParsedMapping, entity: ImportEntity): EntityMapping {
  return mapping[entity] ?? {};
}
