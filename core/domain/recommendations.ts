/**
 * Where a recommendation's score comes from: the client's own explicit interests, her group's inferred
 * interests (similar clients), what follows her latest pieces (sequence), or what is popular.
 */
export const reasonSources = ['explicit', 'group', 'sequence', 'popular'] as const;
export type ReasonSource = (typeof reasonSources)[number];
