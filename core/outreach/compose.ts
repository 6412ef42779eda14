import type { Db } from '../db/open.js';
import type { SelectionStore } from '../db/selections/store.js';
import type { MessageChannel, MessagePurpose } from '../domain/outreach.js';
import { clientForContact, piecesByIds } from '../db/outreach/contacts.js';
import { ContactError, MarketingRefusedError } from './contacts.js';
import {
  contactLink,
  renderMessage,
  resolveTemplate,
  type MessagePiece,
  type RenderedMessage,
} from './messages.js';

/**
 * A message to one client, ready to read and edit: the boutique's template (or the built-in one) for its purpose,
 * in her language, with the pieces of a selection or of a list, and the link that opens it in the channel's app.
 * A client who refused marketing gets no message at all.
 */
export interface ComposeRequest {
  readonly clientId: number;
  readonly purpose: MessagePurpose;
  readonly channel: MessageChannel;
  readonly selectionId?: number | undefined;
  readonly itemIds?: readonly number[];
  readonly date?: { readonly label: string; readonly on: string } | undefined;
  readonly templateName?: string | undefined;
  readonly associate: { readonly name: string; readonly store: string | null } | null;
}

export interface ComposedMessage extends RenderedMessage {
  readonly channel: MessageChannel;
  readonly link: string | null;
}

function pieces(
  db: Db,
  selections: SelectionStore,
  request: ComposeRequest,
  clientId: number,
): MessagePiece[] {
  if (request.selectionId !== undefined) {
    const selection = selections.get(request.selectionId);
    if (selection.client && selection.client.id !== clientId)
      throw new ContactError(
        `selection ${selection.id} ("${selection.title}") was prepared for another client`,
      );
    return selection.items.map((i) => ({
      title: i.title,
      maison: i.maison,
      priceMinor: i.priceMinor,
      currency: i.currency,
    }));
  }
  const { pieces: found, missing } = piecesByIds(db, request.itemIds ?? []);
  if (missing.length > 0) throw new ContactError(`the catalog has no item ${missing.join(', ')}`);
  return found;
}

export function composeMessage(db: Db, selections: SelectionStore, request: ComposeRequest): ComposedMessage {
  const client = clientForContact(db, request.clientId);
  if (!client.consentMarketing) throw new MarketingRefusedError(client.name);
  const template = resolveTemplate(db, {
    purpose: request.purpose,
    language: client.language,
    channel: request.channel,
    name: request.templateName,
  });
  const message = renderMessage({
    purpose: request.purpose,
    channel: request.channel,
    language: client.language,
    client: { name: client.name, salutation: client.salutation },
    associate: request.associate?.name ?? null,
    boutique: request.associate?.store ?? null,
    pieces: pieces(db, selections, request, client.id),
    date: request.date ?? null,
    template: template.id === null ? null : template,
  });
  return { ...message, channel: request.channel, link: contactLink(request.channel, client, message) };
}
