import type { Db } from '../db/open.js';
import type { TodayMessage, TodayPiece } from '../api/contract/outreach.js';
import type { TodayClient as BookClient } from '../db/outreach/today-queries.js';
import type { MessageChannel, MessagePurpose } from '../domain/outreach.js';
import {
  contactLink,
  phoneNumber,
  renderMessage,
  resolveTemplate,
  type ResolvedTemplate,
} from './messages.js';

/**
 * Today's pre-filled messages: the template for the line's purpose in the client's language, on the channel she
 * can be reached by (e-mail first, else WhatsApp), with the line's pieces. Templates are resolved once per
 * purpose, language and channel.
 */
export function todayMessages(db: Db, sender: { name: string; store: string | null } | null) {
  const templates = new Map<string, ResolvedTemplate>();
  return (
    client: BookClient,
    purpose: MessagePurpose,
    pieces: readonly TodayPiece[],
    date: { label: string; on: string } | null,
  ): TodayMessage | null => {
    const channel: MessageChannel | null = client.email
      ? 'email'
      : phoneNumber(client.phone)
        ? 'whatsapp'
        : null;
    if (!client.consentMarketing || channel === null) return null;
    const key = `${purpose}|${client.language ?? ''}|${channel}`;
    let template = templates.get(key);
    if (!template)
      templates.set(key, (template = resolveTemplate(db, { purpose, language: client.language, channel })));
    const message = renderMessage({
      purpose,
      channel,
      language: client.language,
      client: { name: client.name, salutation: client.salutation },
      associate: sender?.name ?? null,
      boutique: sender?.store ?? null,
      pieces,
      date,
      template: template.id === null ? null : template,
    });
    return {
      channel,
      subject: message.subject,
      body: message.body,
      templateName: message.templateName,
      link: contactLink(channel, client, message),
    };
  };
}
