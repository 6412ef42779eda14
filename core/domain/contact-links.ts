import type { ContactChannel } from './outreach.js';

/**
 * The links that open a message in the associate's own apps (mail, SMS, WhatsApp): pure, so core writes them
 * with a message and the UI rebuilds them when the associate edits the text.
 */

/** '+33 6 12-34.56 78' -> '+33612345678', '0044 20…' -> '+4420…'; null when fewer than six digits are left. */
export function phoneNumber(phone: string | null | undefined): string | null {
  const compact = (phone ?? '').replace(/[\s.\-()\u00a0]/g, '').replace(/^00/, '+');
  if (!/^\+?\d+$/.test(compact) || compact.replace('+', '').length < 6) return null;
  return compact;
}

const uri = (text: string) => encodeURIComponent(text);

/**
 * The link that opens the message in the channel's app, ready to send: mailto:, sms: or wa.me. Null when the
 * client has no address for the channel, or the channel carries no written message (phone, in person).
 */
export function contactLink(
  channel: ContactChannel,
  address: { readonly email?: string | null; readonly phone?: string | null },
  message: { readonly subject: string | null; readonly body: string },
): string | null {
  switch (channel) {
    case 'email': {
      const email = address.email?.trim() ?? '';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
      const params = [
        message.subject ? `subject=${uri(message.subject)}` : null,
        `body=${uri(message.body)}`,
      ];
      return `mailto:${uri(email).replace('%40', '@')}?${params.filter(Boolean).join('&')}`;
    }
    case 'sms': {
      const phone = phoneNumber(address.phone);
      return phone ? `sms:${phone}?body=${uri(message.body)}` : null;
    }
    case 'whatsapp': {
      const phone = phoneNumber(address.phone);
      return phone ? `https://wa.me/${phone.replace('+', '')}?text=${uri(message.body)}` : null;
    }
    case 'phone':
    case 'in-person':
      return null;
    default:
      return channel satisfies never;
  }
}
