import iconv from 'iconv-lite';
import { z } from 'zod';
import { interactionKinds } from '../domain/catalog.js';
import { parseOffset } from './values/dates.js';
import type { ImportEntity } from '../domain/imports.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/**
 * The column mapping: for each entity, which source column(s) feed each field of the normalised records,
 * plus how the file writes values. Presets (core/import/presets) are values of this same type; a user's
 * mapping file is JSON of it, checked here, and may `extends` a preset to change a few things.
 */
export const entityFields = {
  items: [
    'externalId',
    'title',
    'maison',
    'categoryPath',
    'materials',
    'colours',
    'occasions',
    'price',
    'priceMinor',
    'currency',
    'collection',
    'description',
    'image',
    'variantGroup',
  ],
  clients: [
    'externalId',
    'name',
    'firstName',
    'lastName',
    'email',
    'phone',
    'tier',
    'store',
    'associate',
    'sizes',
    'preferences',
    'tags',
    'consentProfiling',
    'consentMarketing',
    'createdAt',
    'birthday',
    'anniversary',
  ],
  interactions: [
    'clientExternalId',
    'itemExternalId',
    'kind',
    'quantity',
    'amount',
    'amountMinor',
    'currency',
    'occurredAt',
    'channel',
  ],
} as const satisfies Record<ImportEntity, readonly string[]>;
export type EntityField<E extends ImportEntity> = (typeof entityFields)[E][number];

/** Clients also take one field per size: `sizes.shoe`, `sizes.ring`. */
export const sizeField = /^sizes\.([\p{L}\p{N} _-]{1,40})$/u;

/** And one field per important date, named by its label: `dates.Wedding anniversary`, `dates.Name day`. */
export const dateField = /^dates\.(\S(?:.{0,78}\S)?)$/u;

/** The label of the client date a field fills (`birthday` is the profile's "Birthday"), or null. */
export function dateLabelOf(field: string): string | null {
  if (field === 'birthday') return 'Birthday';
  if (field === 'anniversary') return 'Anniversary';
  const label = dateField.exec(field)?.[1];
  return label === undefined ? null : label.replace(/\s+/g, ' ');
}

export function isEntityField(entity: ImportEntity, field: string): boolean {
  return (
    (entityFields[entity] as readonly string[]).includes(field) ||
    (entity === 'clients' && (sizeField.test(field) || dateField.test(field)))
  );
}

const columnName = z.string().trim().min(1, 'a column name is empty');

/** Where a field's value comes from: a column, several joined, a constant, or name/value column pairs. */
const sourceSchema = z.union([
  columnName,
  z
    .object({
      join: z.array(columnName).min(1),
      separator: z.string().default(' '),
      /** Written before the joined value: WooCommerce names a product without SKU "id:123". */
      prefix: z.string().optional(),
    })
    .strict(),
  z.object({ value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
  z
    .object({
      pairs: z.array(z.tuple([columnName, columnName])).min(1),
      names: z.array(z.string().trim().min(1)).min(1),
    })
    .strict(),
]);
export type SourceSpec = z.output<typeof sourceSchema>;

/** A list means "the first of these that is not empty on the row". */
const fieldSourceSchema = z.union([sourceSchema, z.array(sourceSchema).min(1)]);

const columnsSchema = (entity: ImportEntity) =>
  z.record(z.string(), fieldSourceSchema).superRefine((columns, ctx) => {
    const labels = new Map<string, string>();
    for (const field of Object.keys(columns)) {
      if (!isEntityField(entity, field))
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `is not a field of ${entity} (fields: ${entityFields[entity].join(', ')}${entity === 'clients' ? ', sizes.NAME, dates.LABEL' : ''})`,
        });
      // A client has one date per label: two fields filling the same one would contradict each other.
      const label = entity === 'clients' ? dateLabelOf(field)?.toLowerCase() : undefined;
      if (label === undefined) continue;
      const other = labels.get(label);
      if (other !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `is the same date as ${other}` });
      else labels.set(label, field);
    }
  });

const entityShape = (entity: ImportEntity) => ({
  columns: columnsSchema(entity).optional(),
  /** Also recognise common header names (SKU, Email *, Handle...) for fields not in `columns`. Default true. */
  aliases: z.boolean().optional(),
  /** Continuation rows: consecutive rows with the same value here repeat the row above where left blank. */
  fillDown: columnName.optional(),
  /** Cell values that mean "nothing" in this export (Shopify's "Default Title"). */
  ignoreValues: z.array(z.string()).optional(),
  listSeparator: z.string().min(1).optional(),
  pathSeparator: z.string().min(1).optional(),
});

const patternSchema = z.string().refine((pattern) => {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

/** Lines that are not merchandise: every column named in `when` matches its pattern (case-insensitive). */
const nonMerchandiseSchema = z
  .object({
    /** What the report calls these lines: "gift-card" gives "12 gift-card lines left out". */
    label: z.string().trim().min(1).max(40),
    when: z
      .record(columnName, patternSchema)
      .refine((when) => Object.keys(when).length > 0, 'names no column'),
  })
  .strict();
export type NonMerchandiseRule = z.output<typeof nonMerchandiseSchema>;

const derivedSchema = (entity: ImportEntity) => z.object({ columns: columnsSchema(entity) }).strict();

export const optionsSchema = z
  .object({
    delimiter: z.string().length(1, 'must be one character, e.g. ";" or "\\t"').optional(),
    encoding: z
      .string()
      .refine((e) => e === 'auto' || iconv.encodingExists(e), 'is not an encoding this importer knows')
      .optional(),
    dateFormat: z.enum(['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd']).optional(),
    decimalSeparator: z.enum([',', '.']).optional(),
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code')
      .optional(),
    /** Offset for times written without one, e.g. "+01:00". Default UTC. */
    utcOffset: z
      .string()
      .refine((o) => parseOffset(o) !== null, 'is not an offset like "+01:00" or "Z"')
      .optional(),
    booleans: z
      .object({ true: z.array(z.string()).optional(), false: z.array(z.string()).optional() })
      .strict()
      .optional(),
    /** The export's words for interaction kinds: {"Sale": "purchase", "Refund": "return"}. */
    kinds: z.record(z.string(), z.enum(interactionKinds)).optional(),
    /** XLSX: the worksheet to read (default: the first). */
    sheet: z.string().min(1).optional(),
  })
  .strict();

export const mappingSchema = z
  .object({
    extends: z.string().optional(),
    description: z.string().optional(),
    options: optionsSchema.optional(),
    items: z
      .object({
        ...entityShape('items'),
        /**
         * An item's id is the first of its externalId sources that no other item of the file has: Shopify's
         * SKU when it is unique, else Handle and options (core/import/unique-ids.ts).
         */
        uniqueIds: z.boolean().optional(),
        /** A variant inherits blank fields from the item its variant group is named after (WooCommerce parents). */
        inheritFromVariantGroup: z.boolean().optional(),
      })
      .strict()
      .optional(),
    clients: z.object(entityShape('clients')).strict().optional(),
    interactions: z
      .object({
        ...entityShape('interactions'),
        /** The amount column holds the unit price (order line exports): amount = price x quantity. */
        amountIsUnitPrice: z.boolean().optional(),
        /** Rows without a client (till sales to walk-ins) are skipped and listed as warnings. */
        skipRowsWithoutClient: z.boolean().optional(),
        /** Create the clients the rows describe (orders exports): only clients not yet known are added. */
        deriveClients: derivedSchema('clients').optional(),
        /** Create the items the rows describe (order lines): only items not yet known are added. */
        deriveItems: derivedSchema('items').optional(),
        /** Gift cards, shipping, tips, services: left out of the catalog and the history, counted in the report. */
        nonMerchandise: z.array(nonMerchandiseSchema).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What a preset or a mapping file holds. */
export type ImportMapping = z.input<typeof mappingSchema>;
export type ParsedMapping = z.output<typeof mappingSchema>;
export type MappingOptions = z.output<typeof optionsSchema>;
export type FieldSource = z.output<typeof fieldSourceSchema>;
export type ColumnsMapping = Readonly<Record<string, FieldSource>>;

export interface EntityMapping {
  readonly columns?: ColumnsMapping | undefined;
  readonly aliases?: boolean | undefined;
  readonly fillDown?: string | undefined;
  readonly ignoreValues?: readonly string[] | undefined;
  readonly listSeparator?: string | undefined;
  readonly pathSeparator?: string | undefined;
  readonly inheritFromVariantGroup?: boolean | undefined;
  readonly uniqueIds?: boolean | undefined;
  readonly amountIsUnitPrice?: boolean | undefined;
  readonly skipRowsWithoutClient?: boolean | undefined;
  readonly deriveClients?: { readonly columns: ColumnsMapping } | undefined;
  readonly deriveItems?: { readonly columns: ColumnsMapping } | undefined;
  readonly nonMerchandise?: readonly NonMerchandiseRule[] | undefined;
}

export class MappingError extends CoreError<'bad-mapping'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-mapping', 'bad-input', message, options);
  }
}

/** Checks a mapping (from a file or code); the error lists every problem as `path: message`. */
export function parseMapping(value: unknown, source: string): ParsedMapping {
  const result = mappingSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new MappingError(`${source}: not a valid column mapping:\n${problems.join('\n')}`);
}
