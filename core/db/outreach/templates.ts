import type { Db } from '../open.js';
import {
  messageChannels,
  messagePurposes,
  type MessageChannel,
  type MessagePurpose,
} from '../../domain/outreach.js';
import { CoreError } from '../../domain/errors.js';

/**
 * The boutique's own message templates (the built-in ones live in core/outreach/message-templates.ts). The
 * store checks what it keeps: a purpose, language and channel it knows, and merge fields it can fill, so a
 * typo in `{{fristName}}` is refused when the template is saved, not sent to a client as written.
 */
export const mergeFields = [
  'firstName',
  'lastName',
  'salutation',
  'associate',
  'boutique',
  'pieces',
  'linkText',
  'date',
  'dateLabel',
] as const;
export type MergeField = (typeof mergeFields)[number];

/** The languages the built-in templates are written in; a message in any other is written in English. */
export const messageLanguages = ['en', 'fr', 'it'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

export class MessageTemplateError extends CoreError<'bad-template'> {
  constructor(message: string) {
    super('bad-template', 'bad-input', message);
  }
}

export class UnknownTemplateError extends CoreError<'unknown-template'> {
  constructor(readonly id: number) {
    super('unknown-template', 'not-found', `there is no message template ${id}`);
  }
}

const languageNames: Readonly<Record<string, MessageLanguage>> = {
  en: 'en',
  eng: 'en',
  english: 'en',
  anglais: 'en',
  inglese: 'en',
  fr: 'fr',
  fra: 'fr',
  fre: 'fr',
  french: 'fr',
  francais: 'fr',
  francese: 'fr',
  it: 'it',
  ita: 'it',
  italian: 'it',
  italiano: 'it',
  italien: 'it',
};

/** 'fr-FR', 'FR', 'fr_CA', 'Français' -> 'fr'; null for a language the templates are not written in. */
export function parseMessageLanguage(tag: string | null | undefined): MessageLanguage | null {
  const primary =
    (tag ?? '')
      .trim()
      .toLowerCase()
      .split(/[-_\s]/)[0] ?? '';
  const folded = primary.normalize('NFD').replace(/\p{M}/gu, '');
  return Object.hasOwn(languageNames, folded) ? languageNames[folded]! : null;
}

const fieldPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
const isMergeField = (name: string): name is MergeField => (mergeFields as readonly string[]).includes(name);

/**
 * The merge fields `text` uses, in order; an unknown one, or braces left open, refused by name. `where` says
 * which text it is ("the body", "the subject of template X") so the message points at the mistake.
 */
export function mergeFieldsIn(text: string, where: string): MergeField[] {
  const used: MergeField[] = [];
  for (const match of text.matchAll(fieldPattern)) {
    const name = match[1] ?? '';
    if (!isMergeField(name))
      throw new MessageTemplateError(
        `${where} has an unknown merge field {{${name}}}; the fields are ${mergeFields.map((f) => `{{${f}}}`).join(', ')}`,
      );
    used.push(name);
  }
  const rest = text.replace(fieldPattern, '');
  const stray = /\{\{|\}\}/.exec(rest);
  if (stray)
    throw new MessageTemplateError(
      `${where} has a merge field that is not closed, near "${rest.slice(Math.max(0, stray.index - 10), stray.index + 12)}": write a field as {{firstName}}`,
    );
  return used;
}

export interface MessageTemplate {
  readonly id: number;
  readonly name: string;
  readonly purpose: MessagePurpose;
  readonly language: MessageLanguage;
  readonly channel: MessageChannel;
  /** An e-mail's subject; always null for a text message. */
  readonly subject: string | null;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MessageTemplateInput {
  readonly name: string;
  readonly purpose: string;
  readonly language: string;
  readonly channel: string;
  readonly subject: string | null;
  readonly body: string;
}

const select = `SELECT id, name, purpose, language, channel, subject, body, created_at AS createdAt,
  updated_at AS updatedAt FROM message_templates`;

export function listTemplates(db: Db): MessageTemplate[] {
  return db.prepare(`${select} ORDER BY purpose, language, channel, name, id`).all() as MessageTemplate[];
}

function checkedInput(input: MessageTemplateInput): Omit<MessageTemplate, 'id' | 'createdAt' | 'updatedAt'> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > 100)
    throw new MessageTemplateError('a template needs a name of 1 to 100 characters');
  const purpose = messagePurposes.find((p) => p === input.purpose);
  if (!purpose)
    throw new MessageTemplateError(
      `"${input.purpose}" is not a message purpose; the purposes are ${messagePurposes.join(', ')}`,
    );
  const channel = messageChannels.find((c) => c === input.channel);
  if (!channel)
    throw new MessageTemplateError(
      `"${input.channel}" is not a message channel; the channels are ${messageChannels.join(', ')}`,
    );
  const language = parseMessageLanguage(input.language);
  if (!language)
    throw new MessageTemplateError(
      `"${input.language}" is not a language templates are written in; the languages are ${messageLanguages.join(', ')}`,
    );
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new MessageTemplateError(`template "${name}" has an empty body`);
  mergeFieldsIn(body, `the body of template "${name}"`);
  // A text message has no subject: one left over from an e-mail draft is not kept.
  const subject = channel === 'email' ? (input.subject ?? '').trim().replace(/\s+/g, ' ') || null : null;
  if (subject !== null && mergeFieldsIn(subject, `the subject of template "${name}"`).includes('pieces'))
    throw new MessageTemplateError(
      `the subject of template "${name}" cannot hold {{pieces}} (one line per piece): use it in the body`,
    );
  return { name, purpose, language, channel, subject, body };
}

/** Saves a template, replacing the one of the same name, language and channel. */
export function saveTemplate(db: Db, input: MessageTemplateInput, now: string): MessageTemplate {
  const t = checkedInput(input);
  const id = db
    .prepare(
      `INSERT INTO message_templates (name, purpose, language, channel, subject, body, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name, language, channel) DO UPDATE SET
         purpose = excluded.purpose, subject = excluded.subject, body = excluded.body,
         updated_at = excluded.updated_at
       RETURNING id`,
    )
    .pluck()
    .get(t.name, t.purpose, t.language, t.channel, t.subject, t.body, now, now) as number;
  return db.prepare(`${select} WHERE id = ?`).get(id) as MessageTemplate;
}

export function removeTemplate(db: Db, id: number): void {
  if (db.prepare('DELETE FROM message_templates WHERE id = ?').run(id).changes === 0)
    throw new UnknownTemplateError(id);
}

export interface TemplateQuery {
  readonly purpose: MessagePurpose;
  /** Any tag: 'fr-FR' finds the French templates; a language without templates, the English ones. */
  readonly language: string | null;
  readonly channel: MessageChannel;
  /** The template of that name only. */
  readonly name?: string | undefined;
}

/** The boutique's template for the purpose, language and channel (its latest edit), or null: use the built-in one. */
export function findTemplate(db: Db, query: TemplateQuery): MessageTemplate | null {
  const language = parseMessageLanguage(query.language) ?? 'en';
  const name = query.name?.trim().replace(/\s+/g, ' ');
  const row = db
    .prepare(
      `${select} WHERE purpose = ? AND language = ? AND channel = ? AND (? IS NULL OR name = ?)
       ORDER BY updated_at DESC, id DESC LIMIT 1`,
    )
    .get(query.purpose, language, query.channel, name ?? null, name ?? null) as MessageTemplate | undefined;
  return row ?? null;
}

/** The boutique's template of that name (any language and channel: its latest edit), or a clear error. */
export function findTemplateByName(db: Db, name: string): MessageTemplate {
  const row = db
    .prepare(`${select} WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT 1`)
    .get(name.trim().replace(/\s+/g, ' ')) as MessageTemplate | undefined;
  if (!row)
    throw new MessageTemplateError(
      `there is no template "${name}": name one of the boutique's, or a purpose (${messagePurposes.join(', ')})`,
    );
  return row;
}
