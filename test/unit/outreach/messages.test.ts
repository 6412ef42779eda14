import { describe, expect, it } from 'vitest';
import { mergeFieldsIn, parseMessageLanguage } from '../../../core/db/outreach/templates.js';
import { addressee, contactLink, phoneNumber, renderMessage } from '../../../core/outreach/messages.js';
import type { MessageRequest } from '../../../core/outreach/messages.js';
import { openingGreeting } from '../../../core/export/text.js';

const pieces = [
  { title: 'Bond Street Tote', maison: 'Vautrin', priceMinor: 320_000, currency: 'EUR' },
  { title: 'Card Holder', maison: 'Vautrin', priceMinor: 45_050, currency: 'EUR' },
];
const request = (over: Partial<MessageRequest> = {}): MessageRequest => ({
  purpose: 'selection',
  channel: 'email',
  language: 'en',
  client: { name: 'Alessandra Romano', salutation: 'Mrs' },
  associate: 'Céline Marchand',
  boutique: 'Atelier Paris',
  pieces,
  ...over,
});

describe('messages from templates', () => {
  it('writes an e-mail in English with the salutation, the pieces and their prices, and the sign-off', () => {
    const m = renderMessage(request());
    expect(m.subject).toBe('A selection prepared for you');
    expect(m.body).toBe(
      [
        'Dear Mrs Romano,',
        '',
        'I have prepared a small selection of pieces I believe you will like:',
        '',
        '1. Vautrin — Bond Street Tote — €3,200',
        '2. Vautrin — Card Holder — €450.50',
        '',
        'I have put them aside for you to see in the boutique. Do let me know when it would suit you to come by.',
        '',
        'Kind regards,',
        'Céline Marchand',
        'Atelier Paris',
      ].join('\n'),
    );
    expect(m).toMatchObject({ language: 'en', templateName: 'Built-in: Selection' });
  });

  it('writes in the client’s language, whatever the tag, with its own number format', () => {
    const fr = renderMessage(
      request({ language: 'fr-FR', client: { name: 'Hélène Dubois', salutation: 'Madame' } }),
    );
    expect(fr.body.split('\n')[0]).toBe('Bonjour Madame Dubois,');
    // French groups and places the euro with no-break spaces.
    expect(fr.body).toMatch(/1\. Vautrin — Bond Street Tote — 3\u202f200\u00a0€/);
    const it = renderMessage(
      request({ language: 'Italiano', channel: 'whatsapp', pieces: pieces.slice(0, 1) }),
    );
    expect(it.body.split('\n')[0]).toBe('Buongiorno Mrs Romano,');
    expect(it.body).toContain('L’ho messo da parte per Lei');
    expect(it.subject).toBeNull();
    // A language without templates: English.
    expect(renderMessage(request({ language: 'ja' })).language).toBe('en');
  });

  it('addresses a client by first name without a salutation, and drops the lines a missing field empties', () => {
    const m = renderMessage(
      request({ channel: 'sms', client: { name: 'Hélène', salutation: null }, associate: null, pieces: [] }),
    );
    expect(m.body).toBe('Hello Hélène, I have prepared a small selection for you:\nAtelier Paris');
    expect(addressee({ name: 'Mme Moreau', salutation: null })).toEqual({
      firstName: '',
      lastName: 'Moreau',
      salutation: 'Mme Moreau',
    });
  });

  it('never greets twice: a template that opens with a greeting, then a paragraph that greets again', () => {
    const m = renderMessage(
      request({
        template: {
          name: 'Mine',
          subject: 'Hello',
          body: 'Dear {{salutation}},\n\nDear Alessandra, {{pieces}}',
        },
      }),
    );
    expect(m.body.match(/Dear/g)).toHaveLength(1);
    expect(m.templateName).toBe('Mine');
    expect(openingGreeting('Bonjour Madame Dubois, voici')).toBe('Bonjour Madame Dubois,');
    expect(openingGreeting('Hi-fi pieces')).toBeNull();
  });

  it('lists the pieces sent with a purpose that does not name them, before the sign-off', () => {
    const m = renderMessage(request({ purpose: 'thank-you', pieces: pieces.slice(0, 1) }));
    expect(m.body).toContain(
      'I remain at your disposal for anything at all.\n\nA few pieces I thought of for you:\n\n1. Vautrin — Bond Street Tote — €3,200\n\nI have put it aside for you to see in the boutique.\n\nKind regards,',
    );
    expect(renderMessage(request({ purpose: 'thank-you', pieces: [] })).body).not.toContain('A few pieces');
    const own = renderMessage(
      request({
        purpose: 'thank-you',
        template: { name: 'Merci', subject: 'Merci', body: 'Merci {{firstName}} !' },
      }),
    );
    expect(own.body).toBe(
      'Merci Alessandra !\n\nA few pieces I thought of for you:\n1. Vautrin — Bond Street Tote — €3,200\n2. Vautrin — Card Holder — €450.50',
    );
  });

  it('names an unknown or unclosed merge field, and a date that is not one', () => {
    expect(() => mergeFieldsIn('Hello {{fristName}}', 'the body')).toThrow(
      /the body has an unknown merge field \{\{fristName\}\}; the fields are \{\{firstName\}\}/,
    );
    expect(() => mergeFieldsIn('Hello {{firstName', 'the body')).toThrow(
      /not closed, near "Hello \{\{firstN/,
    );
    expect(() =>
      renderMessage(request({ purpose: 'date', date: { label: 'Anniversary', on: '2026-02-30' } })),
    ).toThrow('"2026-02-30" is not a date: a message\'s date is written YYYY-MM-DD');
    expect(
      renderMessage(request({ purpose: 'birthday', date: { label: 'Birthday', on: '2026-03-11' } })).body,
    ).toContain('your birthday on 11 March');
    expect(parseMessageLanguage('Français')).toBe('fr');
    expect(parseMessageLanguage('de')).toBeNull();
  });

  it('opens the message in the channel’s app, or says there is no way to', () => {
    const message = { subject: 'A selection', body: 'Dear Mrs Romano,\n1. Tote — €3,200' };
    expect(contactLink('email', { email: 'a.romano@libero.it' }, message)).toBe(
      'mailto:a.romano@libero.it?subject=A%20selection&body=Dear%20Mrs%20Romano%2C%0A1.%20Tote%20%E2%80%94%20%E2%82%AC3%2C200',
    );
    expect(contactLink('sms', { phone: '+33 6 12-34.56 78' }, message)).toMatch(
      /^sms:\+33612345678\?body=Dear/,
    );
    expect(contactLink('whatsapp', { phone: '0039 347 123 4567' }, message)).toMatch(
      /^https:\/\/wa\.me\/393471234567\?text=Dear/,
    );
    expect(contactLink('email', { email: 'not an address' }, message)).toBeNull();
    expect(contactLink('phone', { phone: '+33612345678' }, message)).toBeNull();
    expect(phoneNumber('12 34')).toBeNull();
  });
});
