import type { Db } from '../db/open.js';
import {
  findTemplate,
  mergeFieldsIn,
  MessageTemplateError,
  parseMessageLanguage,
  type MergeField,
  type MessageLanguage,
} from '../db/outreach/templates.js';
import type { MessageChannel, MessagePurpose } from '../domain/outreach.js';
import { greetingName } from '../export/lookbook.js';
import { majorUnits } from '../export/money.js';
import { openingGreeting } from '../export/text.js';
import { builtInTemplate, linkTextFor, withPiecesAppended } from './message-templates.js';

/**
 * Messages to a client: a template (the boutique's own, else the built-in one) merged with her name, the
 * pieces and the date, in her language, and the link that opens it in the associate's mail, SMS or
 * WhatsApp app. Nothing here sends anything: the associate reads, edits and sends it herself.
 */
export { mergeFields, messageLanguages, parseMessageLanguage } from '../db/outreach/templates.js';
export type { MergeField, MessageLanguage } from '../db/outreach/templates.js';
export { builtInTemplate } from './message-templates.js';
export { contactLink, phoneNumber } from '../domain/contact-links.js';

export interface MessageClient {
  readonly name: string;
  /** As the book spells it: "Mrs", "Madame", "Signora"; null when it has none. */
  readonly salutation: string | null;
}

export interface MessagePiece {
  readonly title: string;
  readonly maison: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
}

export interface MessageTemplateText {
  readonly name?: string | undefined;
  readonly subject: string | null;
  readonly body: string;
}

export interface MessageRequest {
  readonly purpose: MessagePurpose;
  readonly channel: MessageChannel;
  /** The client's language, any tag ('fr-FR', 'IT', 'Français'); English when it has no templates. */
  readonly language: string | null;
  readonly client: MessageClient;
  readonly associate: string | null;
  readonly boutique: string | null;
  readonly pieces: readonly MessagePiece[];
  /** The important date the message is about: its label ("Wedding anniversary") and its day, YYYY-MM-DD. */
  readonly date?: { readonly label: string; readonly on: string } | null | undefined;
  /** A template to use instead of the built-in one (the boutique's, or the associate's edit). */
  readonly template?: MessageTemplateText | null | undefined;
}

export interface RenderedMessage {
  /** An e-mail's subject; null for a text message. */
  readonly subject: string | null;
  readonly body: string;
  readonly language: MessageLanguage;
  readonly templateName: string;
}

const locales: Readonly<Record<MessageLanguage, string>> = { en: 'en-GB', fr: 'fr-FR', it: 'it-IT' };

/** How the client is named: her parts of the name, and how she is addressed ("Mrs Dubois", or "Hélène"). */
export function addressee(client: MessageClient): {
  firstName: string;
  lastName: string;
  salutation: string;
} {
  const words = client.name.trim().split(/\s+/).filter(Boolean);
  // A name the book writes with its title ("Mme Moreau", "Dr. Ines Ferreira") keeps it as the salutation.
  const titled = words.length > 1 && greetingName(client.name) === words.join(' ');
  const title = titled ? words[0]! : null;
  const rest = titled ? words.slice(1) : words;
  const [firstName, lastName] =
    titled && rest.length === 1 ? ['', rest[0]!] : [rest[0] ?? '', rest.slice(1).join(' ')];
  const salutation = client.salutation?.trim() || title;
  return {
    firstName,
    lastName,
    salutation: salutation && lastName ? `${salutation} ${lastName}` : firstName || lastName,
  };
}

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** '€1,250' for a whole amount, '€1,250.50' otherwise, in the language's own way ('1 250 €' in French). */
export function piecePrice(priceMinor: number, currency: string | null, language: MessageLanguage): string {
  const locale = locales[language];
  try {
    const major = currency ? majorUnits(priceMinor, currency) : priceMinor / 100;
    const digits = Number.isInteger(major) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
    return numberFormat(locale, currency ? { style: 'currency', currency, ...digits } : digits).format(major);
  } catch {
    // A currency code Intl does not know ("EURO"): the amount, then the code as written.
    return `${numberFormat(locale, {}).format(priceMinor / 100)} ${currency}`;
  }
}

/** `{{pieces}}`: "1. Maison — Title — €1,250", one line each; no price when it has none. */
export function piecesText(pieces: readonly MessagePiece[], language: MessageLanguage): string {
  return pieces
    .map((p, i) => {
      const parts = [p.maison?.trim(), p.title.trim()].filter(Boolean);
      if (p.priceMinor !== null) parts.push(piecePrice(p.priceMinor, p.currency, language));
      return `${i + 1}. ${parts.join(' — ')}`;
    })
    .join('\n');
}

function dayText(on: string, language: MessageLanguage): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(on) ? new Date(`${on}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== on)
    throw new MessageTemplateError(`"${on}" is not a date: a message's date is written YYYY-MM-DD`);
  return new Intl.DateTimeFormat(locales[language], {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(day);
}

function mergeValues(request: MessageRequest, language: MessageLanguage): Record<MergeField, string> {
  return {
    ...addressee(request.client),
    associate: request.associate?.trim() ?? '',
    boutique: request.boutique?.trim() ?? '',
    pieces: piecesText(request.pieces, language),
    linkText: linkTextFor(language, request.pieces.length),
    date: request.date ? dayText(request.date.on, language) : '',
    dateLabel: request.date?.label.trim() ?? '',
  };
}

const fieldPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Fills the fields line by line. A line a field left empty is tidied (no dangling "— " or ", ", no empty
 * brackets) and dropped when nothing but punctuation is left of it: no "Kind regards,\n\nParis" without an
 * associate, no lone "." without pieces.
 */
function merge(text: string, values: Record<MergeField, string>): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let emptied = false;
    const merged = line.replace(fieldPattern, (_, name: string) => {
      const value = values[name as MergeField];
      if (value === '') emptied = true;
      return value;
    });
    if (!emptied) {
      out.push(merged);
      continue;
    }
    const tidy = merged
      .replace(/\(\s*\)/g, '')
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/[ \t]+([,.])/g, '$1')
      .replace(/^[\s,;.·—–-]+|[\s,;·—–-]+$/g, '');
    if (/[\p{L}\p{N}]/u.test(tidy)) out.push(tidy);
  }
  return out.join('\n');
}

const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** A greeting the text already opened with is not repeated by the paragraph after it. */
function withOneGreeting(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || openingGreeting(lines[first]!) === null) return text;
  const next = lines.findIndex((l, i) => i > first && l.trim() !== '');
  const again = next < 0 ? null : openingGreeting(lines[next]!);
  if (again === null) return text;
  const rest = lines[next]!.slice(again.length).trim();
  if (rest === '') lines.splice(next, 1);
  else lines[next] = capitalised(rest);
  return lines.join('\n');
}

/** No trailing spaces, no run of blank lines, nothing blank at either end. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The message, written: the template's fields merged, in the client's language (English when she has none). */
export function renderMessage(request: MessageRequest): RenderedMessage {
  const language = parseMessageLanguage(request.language) ?? 'en';
  // Pieces sent with a purpose that does not name them (a thank-you) are listed all the same.
  const withPieces = request.pieces.length > 0;
  const builtIn = builtInTemplate(request.purpose, language, request.channel, withPieces);
  const template = request.template
    ? {
        ...request.template,
        body: withPieces ? withPiecesAppended(request.template.body, language) : request.template.body,
      }
    : builtIn;
  const name = request.template ? request.template.name?.trim() || 'Custom' : builtIn.name;
  mergeFieldsIn(template.body, `the body of template "${name}"`);
  const values = mergeValues(request, language);
  let subject: string | null = null;
  if (request.channel === 'email') {
    const text = template.subject?.trim() || builtIn.subject || '';
    if (mergeFieldsIn(text, `the subject of template "${name}"`).includes('pieces'))
      throw new MessageTemplateError(`the subject of template "${name}" cannot hold {{pieces}}`);
    subject = merge(text, values).replace(/\s+/g, ' ').trim();
  }
  const body = tidyText(withOneGreeting(tidyText(merge(template.body.replace(/\r\n?/g, '\n'), values))));
  return { subject, body, language, templateName: name };
}

export interface ResolvedTemplate {
  /** The boutique's template id; null for a built-in one. */
  readonly id: number | null;
  readonly name: string;
  readonly language: MessageLanguage;
  readonly subject: string | null;
  readonly body: string;
}

/** The template a message starts from: the boutique's own for the purpose, language and channel, else the built-in one. */
export function resolveTemplate(
  db: Db,
  query: {
    readonly purpose: MessagePurpose;
    readonly language: string | null;
    readonly channel: MessageChannel;
    readonly name?: string | undefined;
  },
): ResolvedTemplate {
  const own = findTemplate(db, query);
  if (own)
    return { id: own.id, name: own.name, language: own.language, subject: own.subject, body: own.body };
  const language = parseMessageLanguage(query.language) ?? 'en';
  const builtIn = builtInTemplate(query.purpose, language, query.channel);
  return { id: null, name: builtIn.name, language, subject: builtIn.subject, body: builtIn.body };
}
