/** What a boutique imports: its catalog (items), its client book (clients) and what they did (interactions). */
export const importEntities = ['items', 'clients', 'interactions'] as const;
export type ImportEntity = (typeof importEntities)[number];
/** The role a file plays in an import is the entity it holds. */
export type ImportRole = ImportEntity;
