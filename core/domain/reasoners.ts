/** Who describes items and clients: the deterministic rules, a local GGUF model, or an OpenAI-compatible server. */
export const reasonerKinds = ['rules', 'llama', 'openai'] as const;
export type ReasonerKind = (typeof reasonerKinds)[number];
