import { z } from 'zod';
import type { Db } from '../open.js';
import {
  itemQuerySchema,
  parseQuery as parse,
  type CatalogFacets,
  type CatalogItem,
  type FacetCount,
  type ItemQuery,
  type Page,
} from '../clients/types.js';
import { fold, registerSearchFunctions } from '../clients/search.js';
import { categorySeparator, decodeCategoryPath as categoryOf } from '../../domain/category-path.js';

/** A JSON list of strings as stored; anything else reads as empty. */
export const jsonList = (text: string): string[] => {
  const parsed = z.array(z.string()).safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
};

export const inList = (column: string, list: readonly string[], params: unknown[]): string => {
  params.push(...list);
  return `${column} IN (${list.map(() => '?').join(', ')})`;
};

const itemSort = {
  title: 'i.title COLLATE NOCASE',
  maison: 'i.maison COLLATE NOCASE',
  price: 'i.price_minor',
  newest: 'i.created_at',
} as const;

/** The catalog as the associate browses it: title and maison search (accents ignored), filters, sorting. */
export function searchItems(db: Db, query: ItemQuery = {}): Page<CatalogItem> {
  const q = parse(itemQuerySchema, query);
  registerSearchFunctions(db);
  const where: string[] = [];
  const params: unknown[] = [];
  for (const word of fold(q.search).split(/\s+/).filter(Boolean)) {
    where.push(
      `(instr(atelier_fold(i.title || ' ' || coalesce(i.maison, '')), ?) > 0 OR i.external_id = ? COLLATE NOCASE)`,
    );
    params.push(word, word);
  }
  if (q.maisons.length > 0) where.push(inList('i.maison', q.maisons, params));
  if (q.category !== '') {
    where.push(`(i.category_path = ? OR substr(i.category_path, 1, ?) = ?)`);
    params.push(q.category, q.category.length + 3, `${q.category} > `);
  }
  if (q.feature !== undefined) {
    where.push(
      'EXISTS (SELECT 1 FROM item_features f WHERE f.item_id = i.id AND f.feature = ? AND (? IS NULL OR f.reasoner = ?))',
    );
    params.push(q.feature, q.reasoner ?? null, q.reasoner ?? null);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT count(*) FROM items i ${filter}`)
    .pluck()
    .get(...params) as number;
  const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT i.id, i.external_id, i.title, i.maison, i.category_path, i.price_minor, i.currency, i.image,
         i.collection, i.materials, i.colours
       FROM items i ${filter}
       ORDER BY ${itemSort[q.sort]} ${direction} NULLS LAST, i.id ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as Record<string, unknown>[];
  const items = rows.map((r): CatalogItem => ({
    id: r['id'] as number,
    externalId: r['external_id'] as string,
    title: r['title'] as string,
    maison: r['maison'] as string | null,
    category: categoryOf(r['category_path'] as string),
    priceMinor: r['price_minor'] as number | null,
    currency: r['currency'] as string | null,
    image: r['image'] as string | null,
    collection: r['collection'] as string | null,
    materials: jsonList(r['materials'] as string),
    colours: jsonList(r['colours'] as string),
  }));
  return { total, offset: q.offset, limit: q.limit, rows: items };
}

/** The maisons and top-level categories the catalog filters offer, with how many items have each. */
export function catalogFacets(db: Db): CatalogFacets {
  const maisons = db
    .prepare(
      `SELECT maison AS value, count(*) AS count FROM items WHERE maison IS NOT NULL
       GROUP BY maison ORDER BY count DESC, value`,
    )
    .all() as FacetCount[];
  const categories = db
    .prepare(
      `SELECT CASE WHEN instr(category_path, '${categorySeparator}') > 0 THEN substr(category_path, 1, instr(category_path, '${categorySeparator}') - 1)
         ELSE category_path END AS value, count(*) AS count
       FROM items WHERE category_path != '' GROUP BY value ORDER BY count DESC, value`,
    )
    .all() as FacetCount[];
  return { maisons, categories };
}
