/** Who describes items and clients: the deterministic rules, a local GGUF model, or an OpenAI-compatible server. */
export const reasonerKinds = ['rules', 'llama', 'openai'] as const;
export type ReasonerKind = (typeof reasonerKinds)[number];

/**
 * Why the plausibility gate refused a reasoner's answer about an item or a client: it repeats the prompt
 * ('echo'), is not made of words, says one thing over and over, or is not about its subject ('ungrounded').
 */
export const gateReasons = ['echo', 'not words', 'repeated', 'ungrounded'] as const;
export type GateReason = (typeof gateReasons)[number];
