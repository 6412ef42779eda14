import { z } from 'zod';
import {
  clientReasoningSchema,
  itemDislikeSchema,
  itemFeaturesSchema,
  itemLoveSchema,
  itemReasoningSchema,
  type ClientReasoning,
  type ItemReasoning,
} from '../types.js';
import { type ClientForReasoning, type ItemForReasoning } from '../../domain/catalog.js';
import { featureSchema } from '../../domain/features.js';
import {
  chainSchemas,
  clientData,
  clientSteps,
  clientSystemPrompt,
  itemData,
  itemSteps,
  itemSystemPrompt,
  type ChainSchemas,
  type JsonObjectSchema,
  type OutputBounds,
} from './prompts.js';
import { normalizeFeature } from '../../domain/vocabulary.js';
import { CoreError } from '../../domain/errors.js';

/**
 * The bidirectional chain, independent of where the model runs: the llama reasoner drives a local GGUF, the
 * openai reasoner an HTTP endpoint; both hand this module one `ChatDriver`. Each step's reply is parsed and
 * validated with zod; a reply that fails is retried once (the driver samples differently on attempt 1), then the
 * whole subject fails with a `ReasoningOutputError` carrying every raw text. Nothing partial is ever returned.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface StepCall {
  /** The step's name: love, dislike, itemFeatures, likes, dislikes, corePreference. */
  readonly step: string;
  /** The whole conversation so far, ending with the user's step message. */
  readonly messages: readonly ChatMessage[];
  readonly schema: JsonObjectSchema;
  /** 0 for the first try, 1 for the retry after an invalid reply. */
  readonly attempt: number;
  readonly signal?: AbortSignal | undefined;
}

export interface StepReply {
  readonly text: string;
  /** The model stopped at its token limit: the text is a prefix of what it meant to write. */
  readonly truncated: boolean;
}

export interface ChatDriver {
  complete(call: StepCall): Promise<StepReply>;
}

export interface FailedAttempt {
  readonly text: string;
  readonly error: string;
}

/** The model's output never validated, even after the retry. Cacheable: the same input fails the same way. */
export class ReasoningOutputError extends CoreError<'unusable-model-output'> {
  constructor(
    readonly step: string,
    readonly attempts: readonly FailedAttempt[],
  ) {
    super(
      'unusable-model-output',
      'bad-input',
      `step ${step}: ${attempts.map((a, i) => `attempt ${i + 1}: ${a.error}`).join('; ')}`,
    );
  }
  /** The raw texts, attempt by attempt, as recorded with the failure. */
  get rawText(): string {
    return this.attempts.map((a) => a.text).join('\n---\n');
  }
}

export type ParsedStep<T> = { ok: true; value: T } | { ok: false; error: string };

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'value'}: ${i.message}`)
    .join(', ');
}

/** Parses one reply: a truncated reply, text that is not JSON, or JSON the schema rejects is an error. */
export function parseStepOutput<T>(reply: StepReply, schema: z.ZodType<T>): ParsedStep<T> {
  if (reply.truncated) return { ok: false, error: 'output truncated at the token limit' };
  let json: unknown;
  try {
    json = JSON.parse(reply.text);
  } catch {
    return { ok: false, error: `not JSON: ${JSON.stringify(reply.text.slice(0, 60))}` };
  }
  const result = schema.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: issuesText(result.error) };
}

async function runStep<T>(
  driver: ChatDriver,
  step: string,
  messages: readonly ChatMessage[],
  schema: JsonObjectSchema,
  validator: z.ZodType<T>,
  signal: AbortSignal | undefined,
): Promise<{ value: T; text: string }> {
  const attempts: FailedAttempt[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    signal?.throwIfAborted();
    const reply = await driver.complete({ step, messages, schema, attempt, signal });
    const parsed = parseStepOutput(reply, validator);
    if (parsed.ok) return { value: parsed.value, text: reply.text };
    attempts.push({ text: reply.text, error: parsed.error });
  }
  throw new ReasoningOutputError(step, attempts);
}

const clientPreferenceSchema = z.object({
  corePreference: clientReasoningSchema.shape.corePreference,
  features: z.array(featureSchema).max(12),
});
/** A features answer must keep at least one phrase through the vocabulary, or it is noise: retried, then failed. */
const usableItemFeaturesSchema = itemFeaturesSchema.refine(
  (v) => v.features.some((f) => normalizeFeature(f.phrase, f.facet).length >= 2),
  { message: 'no feature phrase is a usable feature after normalisation', path: ['features'] },
);
const likesSchema = clientReasoningSchema.pick({ likes: true });
const dislikesSchema = clientReasoningSchema.pick({ dislikes: true });

/** Runs the chain steps over one conversation, each answer appended as the assistant's turn. */
class Conversation {
  private readonly messages: ChatMessage[];
  constructor(
    private readonly driver: ChatDriver,
    system: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.messages = [{ role: 'system', content: system }];
  }
  async ask<T>(step: string, user: string, schema: JsonObjectSchema, validator: z.ZodType<T>): Promise<T> {
    this.messages.push({ role: 'user', content: user });
    const { value, text } = await runStep(this.driver, step, this.messages, schema, validator, this.signal);
    this.messages.push({ role: 'assistant', content: text });
    return value;
  }
}

export class ReasoningChain {
  private readonly schemas: ChainSchemas;
  constructor(
    private readonly driver: ChatDriver,
    private readonly bounds: OutputBounds,
  ) {
    this.schemas = chainSchemas(bounds);
  }

  async reasonItem(item: ItemForReasoning, signal?: AbortSignal): Promise<ItemReasoning> {
    const steps = itemSteps;
    const talk = new Conversation(this.driver, itemSystemPrompt(this.bounds), signal);
    const { love } = await talk.ask(
      'love',
      `${itemData(item)}\n\n${steps.love}`,
      this.schemas.love,
      itemLoveSchema,
    );
    const { dislike } = await talk.ask('dislike', steps.dislike, this.schemas.dislike, itemDislikeSchema);
    const { features } = await talk.ask(
      'itemFeatures',
      steps.features,
      this.schemas.itemFeatures,
      usableItemFeaturesSchema,
    );
    return itemReasoningSchema.parse({ love, dislike, features });
  }

  async reasonClient(client: ClientForReasoning, signal?: AbortSignal): Promise<ClientReasoning> {
    const steps = clientSteps;
    const talk = new Conversation(this.driver, clientSystemPrompt(this.bounds), signal);
    const { likes } = await talk.ask(
      'likes',
      `${clientData(client)}\n\n${steps.likes}`,
      this.schemas.likes,
      likesSchema,
    );
    const { dislikes } = await talk.ask('dislikes', steps.dislikes, this.schemas.dislikes, dislikesSchema);
    const { corePreference, features } = await talk.ask(
      'corePreference',
      steps.corePreference,
      this.schemas.corePreference,
      clientPreferenceSchema,
    );
    return clientReasoningSchema.parse({ likes, dislikes, corePreference, features });
  }
}
