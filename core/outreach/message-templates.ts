import type { MessageChannel, MessagePurpose } from '../domain/outreach.js';
import type { MessageLanguage } from '../db/outreach/templates.js';

/**
 * The built-in templates, in the words an associate of a maison would use: the client is addressed formally
 * (vous, Lei), nothing shouts, a text message stays short. Each is a greeting, the purpose's own lines and a
 * sign-off, so a boutique that writes its own starts from a whole template, not a fragment.
 *
 * No line agrees with the associate's or the client's gender (French "ravie", Italian "lieto"), which the
 * book does not record; a line whose merge fields come out empty (no pieces, no associate) is dropped.
 */
interface PurposeTexts {
  readonly subject: string;
  /** E-mail and WhatsApp: whole sentences, after a greeting line. */
  readonly email: string;
  /** Text message: it follows the greeting on the same line, so it starts in lower case. */
  readonly sms: string;
}

interface LanguageTexts {
  readonly greeting: Readonly<Record<MessageChannel, string>>;
  readonly signOff: Readonly<Record<MessageChannel, string>>;
  /** `{{linkText}}`: where the pieces wait, for one piece and for several. */
  readonly linkText: readonly [one: string, several: string];
  /** Introduces pieces sent with a message whose purpose does not name them (a thank-you, a birthday). */
  readonly piecesIntro: string;
  readonly purposes: Readonly<Record<MessagePurpose, PurposeTexts>>;
}

const en: LanguageTexts = {
  greeting: {
    email: 'Dear {{salutation}},',
    whatsapp: 'Hello {{salutation}},',
    sms: 'Hello {{salutation}},',
  },
  signOff: {
    email: 'Kind regards,\n{{associate}}\n{{boutique}}',
    whatsapp: 'Warm regards,\n{{associate}} — {{boutique}}',
    sms: '{{associate}}, {{boutique}}',
  },
  linkText: [
    'I have put it aside for you to see in the boutique',
    'I have put them aside for you to see in the boutique',
  ],
  piecesIntro: 'A few pieces I thought of for you:',
  purposes: {
    'new-arrivals': {
      subject: 'A few new arrivals for you',
      email:
        'A few new pieces have just arrived, and I immediately thought of you:\n\n{{pieces}}\n\n{{linkText}}. Should you prefer, I would be happy to send you more photographs.',
      sms: 'new pieces have just arrived that made me think of you:\n{{pieces}}\n{{linkText}}.',
    },
    wishlist: {
      subject: 'Good news from your wish list',
      email:
        'I have good news from your wish list:\n\n{{pieces}}\n\n{{linkText}}. Do let me know when it would suit you to come by.',
      sms: 'good news from your wish list:\n{{pieces}}\n{{linkText}}.',
    },
    date: {
      subject: 'A thought ahead of a special day',
      email:
        'With {{date}} approaching ({{dateLabel}}), I wanted to write to you in good time. Should you be thinking of a gift, it would be a pleasure to advise you.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'with {{date}} approaching ({{dateLabel}}), it would be a pleasure to help you with a gift.',
    },
    birthday: {
      subject: 'Happy birthday',
      email:
        'I wanted to send you my warmest wishes for your birthday on {{date}}. It would be a pleasure to welcome you to the boutique to celebrate.',
      sms: 'my warmest wishes for your birthday on {{date}}. It would be a pleasure to welcome you to the boutique.',
    },
    'thank-you': {
      subject: 'Thank you for your visit',
      email:
        'Thank you for your visit and for your trust. It was a real pleasure to help you, and I hope you are enjoying your new piece. I remain at your disposal for anything at all.',
      sms: 'thank you for your visit, it was a pleasure to help you. I remain at your disposal.',
    },
    'check-in': {
      subject: 'Following your visit',
      email:
        'I hope you are well. I have been thinking of the pieces you tried on during your visit:\n\n{{pieces}}\n\n{{linkText}}. I would be glad to answer any question, or to arrange another fitting whenever suits you.',
      sms: 'I have been thinking of the pieces you tried on:\n{{pieces}}\n{{linkText}}.',
    },
    lapsing: {
      subject: 'Thinking of you',
      email:
        'It has been a little while since your last visit, and I wanted to send you my news. I would love to show you a few new pieces next time you are nearby.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'it has been a little while since your last visit: it would be a pleasure to see you again in the boutique.',
    },
    selection: {
      subject: 'A selection prepared for you',
      email:
        'I have prepared a small selection of pieces I believe you will like:\n\n{{pieces}}\n\n{{linkText}}. Do let me know when it would suit you to come by.',
      sms: 'I have prepared a small selection for you:\n{{pieces}}\n{{linkText}}.',
    },
  },
};

const fr: LanguageTexts = {
  greeting: {
    email: 'Bonjour {{salutation}},',
    whatsapp: 'Bonjour {{salutation}},',
    sms: 'Bonjour {{salutation}},',
  },
  signOff: {
    email: 'Bien cordialement,\n{{associate}}\n{{boutique}}',
    whatsapp: 'Belle journée,\n{{associate}} — {{boutique}}',
    sms: '{{associate}}, {{boutique}}',
  },
  linkText: [
    'Je l’ai mise de côté pour vous, à découvrir en boutique',
    'Je les ai mises de côté pour vous, à découvrir en boutique',
  ],
  piecesIntro: 'Quelques pièces auxquelles j’ai pensé pour vous :',
  purposes: {
    'new-arrivals': {
      subject: 'Quelques nouveautés pour vous',
      email:
        'De nouvelles pièces viennent d’arriver et j’ai tout de suite pensé à vous :\n\n{{pieces}}\n\n{{linkText}}. Si vous le souhaitez, je peux aussi vous envoyer d’autres photos.',
      sms: 'de nouvelles pièces viennent d’arriver et j’ai pensé à vous :\n{{pieces}}\n{{linkText}}.',
    },
    wishlist: {
      subject: 'Une bonne nouvelle de votre liste d’envies',
      email:
        'J’ai une bonne nouvelle concernant votre liste d’envies :\n\n{{pieces}}\n\n{{linkText}}. Dites-moi simplement quand il vous conviendrait de passer.',
      sms: 'une bonne nouvelle pour votre liste d’envies :\n{{pieces}}\n{{linkText}}.',
    },
    date: {
      subject: 'Une pensée à l’approche d’une date importante',
      email:
        'À l’approche du {{date}} ({{dateLabel}}), je tenais à vous écrire suffisamment tôt. Si vous pensez à un cadeau, je me ferai un plaisir de vous conseiller.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'à l’approche du {{date}} ({{dateLabel}}), je me ferai un plaisir de vous conseiller pour un cadeau.',
    },
    birthday: {
      subject: 'Joyeux anniversaire',
      email:
        'Je tenais à vous adresser mes vœux les plus chaleureux pour votre anniversaire, le {{date}}. Ce serait un plaisir de vous accueillir en boutique pour le célébrer.',
      sms: 'je vous souhaite un très joyeux anniversaire pour le {{date}}. Au plaisir de vous accueillir en boutique.',
    },
    'thank-you': {
      subject: 'Merci pour votre visite',
      email:
        'Merci pour votre visite et pour votre confiance. Ce fut un réel plaisir de vous accompagner, et j’espère que vous profitez pleinement de votre nouvelle pièce. Je reste à votre disposition pour toute question.',
      sms: 'merci pour votre visite, ce fut un plaisir de vous accompagner. Je reste à votre disposition.',
    },
    'check-in': {
      subject: 'Suite à votre visite',
      email:
        'J’espère que vous allez bien. Je repensais aux pièces que vous avez essayées lors de votre visite :\n\n{{pieces}}\n\n{{linkText}}. Je reste à votre disposition pour toute question, ou pour organiser un nouvel essayage quand vous le souhaitez.',
      sms: 'je repensais aux pièces que vous avez essayées :\n{{pieces}}\n{{linkText}}.',
    },
    lapsing: {
      subject: 'Une pensée pour vous',
      email:
        'Cela fait quelque temps que nous n’avons pas eu le plaisir de vous accueillir, et je tenais à prendre de vos nouvelles. Ce serait un plaisir de vous présenter quelques nouveautés lors de votre prochain passage.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'cela fait quelque temps que nous n’avons pas eu le plaisir de vous accueillir : ce serait une joie de vous revoir en boutique.',
    },
    selection: {
      subject: 'Une sélection préparée pour vous',
      email:
        'J’ai préparé pour vous une petite sélection de pièces qui, je crois, vous plairont :\n\n{{pieces}}\n\n{{linkText}}. Dites-moi simplement quand il vous conviendrait de passer.',
      sms: 'j’ai préparé pour vous une petite sélection :\n{{pieces}}\n{{linkText}}.',
    },
  },
};

const it: LanguageTexts = {
  greeting: {
    email: 'Gentile {{salutation}},',
    whatsapp: 'Buongiorno {{salutation}},',
    sms: 'Buongiorno {{salutation}},',
  },
  signOff: {
    email: 'Cordiali saluti,\n{{associate}}\n{{boutique}}',
    whatsapp: 'Un caro saluto,\n{{associate}} — {{boutique}}',
    sms: '{{associate}}, {{boutique}}',
  },
  linkText: [
    'L’ho messo da parte per Lei, da vedere in boutique',
    'Li ho messi da parte per Lei, da vedere in boutique',
  ],
  piecesIntro: 'Alcuni pezzi a cui ho pensato per Lei:',
  purposes: {
    'new-arrivals': {
      subject: 'Alcune novità per Lei',
      email:
        'Sono appena arrivati alcuni nuovi pezzi e ho subito pensato a Lei:\n\n{{pieces}}\n\n{{linkText}}. Se preferisce, sarò felice di inviarLe altre fotografie.',
      sms: 'sono appena arrivate alcune novità che mi hanno fatto pensare a Lei:\n{{pieces}}\n{{linkText}}.',
    },
    wishlist: {
      subject: 'Una bella notizia dalla Sua lista dei desideri',
      email:
        'Ho una bella notizia riguardo alla Sua lista dei desideri:\n\n{{pieces}}\n\n{{linkText}}. Mi faccia sapere quando preferisce passare.',
      sms: 'una bella notizia dalla Sua lista dei desideri:\n{{pieces}}\n{{linkText}}.',
    },
    date: {
      subject: 'Un pensiero per una data importante',
      email:
        'Con l’avvicinarsi del {{date}} ({{dateLabel}}), desideravo scriverLe per tempo. Se sta pensando a un regalo, sarà un piacere consigliarLa.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'con l’avvicinarsi del {{date}} ({{dateLabel}}), sarà un piacere consigliarLa per un regalo.',
    },
    birthday: {
      subject: 'Buon compleanno',
      email:
        'Desidero porgerLe i miei più sinceri auguri per il Suo compleanno, il {{date}}. Sarà un piacere accoglierLa in boutique per festeggiarlo.',
      sms: 'i miei più sinceri auguri per il Suo compleanno, il {{date}}. Sarà un piacere accoglierLa in boutique.',
    },
    'thank-you': {
      subject: 'Grazie per la Sua visita',
      email:
        'Grazie per la Sua visita e per la Sua fiducia. È stato un vero piacere accompagnarLa, e spero che il Suo nuovo acquisto Le dia grande soddisfazione. Resto a Sua completa disposizione.',
      sms: 'grazie per la Sua visita, è stato un piacere accompagnarLa. Resto a Sua disposizione.',
    },
    'check-in': {
      subject: 'A seguito della Sua visita',
      email:
        'Spero che stia bene. Ripensavo ai pezzi che ha provato durante la Sua visita:\n\n{{pieces}}\n\n{{linkText}}. Resto a disposizione per qualsiasi domanda, o per organizzare una nuova prova quando preferisce.',
      sms: 'ripensavo ai pezzi che ha provato:\n{{pieces}}\n{{linkText}}.',
    },
    lapsing: {
      subject: 'Un pensiero per Lei',
      email:
        'È passato un po’ di tempo dalla Sua ultima visita e desideravo avere Sue notizie. Sarebbe un piacere mostrarLe alcune novità alla prossima occasione.\n\n{{pieces}}\n\n{{linkText}}.',
      sms: 'è passato un po’ di tempo dalla Sua ultima visita: sarebbe un piacere rivederLa in boutique.',
    },
    selection: {
      subject: 'Una selezione preparata per Lei',
      email:
        'Ho preparato per Lei una piccola selezione di pezzi che credo apprezzerà:\n\n{{pieces}}\n\n{{linkText}}. Mi faccia sapere quando preferisce passare.',
      sms: 'ho preparato per Lei una piccola selezione:\n{{pieces}}\n{{linkText}}.',
    },
  },
};

const texts: Readonly<Record<MessageLanguage, LanguageTexts>> = { en, fr, it };

const purposeNames: Readonly<Record<MessagePurpose, string>> = {
  'new-arrivals': 'New arrivals',
  wishlist: 'Wish list',
  date: 'Important date',
  birthday: 'Birthday',
  'thank-you': 'Thank you',
  'check-in': 'Check-in',
  lapsing: 'Lapsing',
  selection: 'Selection',
};

export interface BuiltInTemplate {
  readonly name: string;
  readonly purpose: MessagePurpose;
  readonly language: MessageLanguage;
  readonly channel: MessageChannel;
  readonly subject: string | null;
  readonly body: string;
}

/**
 * The built-in template; `withPieces` adds the pieces (and where they wait) to a purpose whose text does not
 * name them, before the sign-off, for a message that sends a selection with its thanks or its wishes.
 */
export function builtInTemplate(
  purpose: MessagePurpose,
  language: MessageLanguage,
  channel: MessageChannel,
  withPieces = false,
): BuiltInTemplate {
  const words = texts[language];
  const own = words.purposes[purpose];
  const greeting = words.greeting[channel];
  const signOff = words.signOff[channel];
  const text = channel === 'sms' ? own.sms : own.email;
  const pieces =
    withPieces && !text.includes('{{pieces}}')
      ? channel === 'sms'
        ? `\n${words.piecesIntro}\n{{pieces}}`
        : `\n\n${words.piecesIntro}\n\n{{pieces}}\n\n{{linkText}}.`
      : '';
  const body =
    channel === 'sms'
      ? `${greeting} ${own.sms}${pieces}\n${signOff}`
      : `${greeting}\n\n${own.email}${pieces}\n\n${signOff}`;
  const subject = channel === 'email' ? own.subject : null;
  return { name: `Built-in: ${purposeNames[purpose]}`, purpose, language, channel, subject, body };
}

/** `{{linkText}}` for `count` pieces; empty without pieces (its line is then dropped). */
/** A boutique's own template that does not name the pieces gets them at its end, introduced in its language. */
export function withPiecesAppended(body: string, language: MessageLanguage): string {
  return /\{\{\s*pieces\s*\}\}/.test(body) ? body : `${body}\n\n${texts[language].piecesIntro}\n{{pieces}}`;
}

export function linkTextFor(language: MessageLanguage, count: number): string {
  if (count === 0) return '';
  return texts[language].linkText[count === 1 ? 0 : 1];
}
