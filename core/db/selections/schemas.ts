import { z } from 'zod';

const id = z.number().int().positive();
const title = z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters');
const message = z.string().trim().max(5_000, 'is longer than 5000 characters');
const note = z.string().trim().max(2_000, 'is longer than 2000 characters');
const itemIds = z
  .array(id)
  .max(500, 'has more than 500 items')
  .refine((ids) => new Set(ids).size === ids.length, 'lists an item twice');

export const createSelectionSchema = z.object({
  title,
  clientId: id.nullish().transform((v) => v ?? null),
  message: message.default(''),
  itemIds: itemIds.default([]),
  /** Who prepared it: the associate using the app (the API sets it, the caller never does). */
  author: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullish()
    .transform((v) => v ?? null),
});
export type CreateSelectionInput = z.input<typeof createSelectionSchema>;

export const updateSelectionSchema = z
  .object({ title: title.optional(), message: message.optional(), clientId: id.nullable().optional() })
  .refine((u) => u.title !== undefined || u.message !== undefined || u.clientId !== undefined, {
    message: 'names nothing to change (title, message or clientId)',
  });
export type UpdateSelectionInput = z.input<typeof updateSelectionSchema>;

export const addItemsSchema = z.object({
  itemIds: itemIds.min(1, 'is empty'),
  /** Where the first new item goes; the end when omitted or past it. */
  position: z.number().int().nonnegative().optional(),
  note: note.default(''),
});
export type AddItemsInput = z.input<typeof addItemsSchema>;

export const selectionIdSchema = id;
export const itemIdSchema = id;
export const positionSchema = z.number().int().nonnegative();
export const noteSchema = note;
export const orderSchema = itemIds;
export const listSelectionsSchema = z.object({ clientId: id.optional() }).default({});
