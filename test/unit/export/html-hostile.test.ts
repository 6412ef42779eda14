import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { lookbookHtml } from '../../../core/export/html.js';
import { hostile, hostileSelection } from '../../support/hostile-selection.js';

const escaped = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The elements and attributes the lookbook's own template writes: anything else came from someone's text. */
const elements = new Set(
  ['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'section', 'div', 'h1', 'h2', 'p', 'hr'].concat([
    'article',
    'img',
  ]),
);
const attributes = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'class',
  'src',
  'alt',
  'style',
  'aria-hidden',
]);

interface Tag {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
}

/** Splits the page into its tags (checking each attribute is one well-quoted pair) and the text between. */
function structure(html: string): { tags: Tag[]; text: string[] } {
  const tags: Tag[] = [];
  const text: string[] = [];
  let rest = html.replace(/^<!doctype html>\n/, '');
  // The template's own CSS: one style element, whatever the text said.
  expect(rest.match(/<style>/g)).toHaveLength(1);
  expect(rest.match(/<\/style>/g)).toHaveLength(1);
  rest = rest.replace(/<style>[^<]*<\/style>/, '<style></style>');
  for (const [, before, tag] of rest.matchAll(/([^<]*)(<[^>]*>|$)/g)) {
    text.push(before!);
    if (!tag) continue;
    const parsed = /^<\/?([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*\/?>$/.exec(tag);
    expect(parsed, tag).not.toBeNull();
    const pairs = [...parsed![2]!.matchAll(/\s+([a-z-]+)="([^"]*)"/g)].map(([, n, v]) => [n!, v!] as const);
    tags.push({ name: parsed![1]!, attributes: pairs });
  }
  return { tags, text };
}

describe('the printable HTML lookbook with hostile text in every field', () => {
  const html = lookbookHtml(hostileSelection(), {
    clock: fixedClock('2026-03-14T10:30:00.000Z'),
    timeZone: 'UTC',
  });
  const { tags, text } = structure(html);

  it('is made of the template’s own elements and attributes only', () => {
    expect(tags.filter((t) => !elements.has(t.name)).map((t) => t.name)).toEqual([]);
    const names = tags.flatMap((t) => t.attributes.map(([name]) => name));
    expect(names.filter((n) => !attributes.has(n))).toEqual([]);
    // Exactly the template's pictures, headings and notes: nothing added, nothing cut short.
    expect(tags.filter((t) => t.name === 'img')).toHaveLength(1);
    expect(tags.filter((t) => t.name === 'h2')).toHaveLength(4); // opening and closing, two items
    expect(tags.filter((t) => t.name === 'article')).toHaveLength(4);
    for (const tag of tags)
      for (const [name, value] of tag.attributes) {
        if (name === 'src') expect(value).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
        if (name === 'style') expect(value).toMatch(/^background:#[0-9a-f]{6};color:#[0-9a-f]{6}$/);
      }
    expect(text.join('')).not.toMatch(/[<>]/);
  });

  it('shows each text as it was typed, escaped once', () => {
    for (const [field, value] of Object.entries(hostile)) expect(html, field).toContain(escaped(value));
    // The entity the associate typed is shown as typed, not decoded into a tag.
    expect(html).toContain('&amp;lt;b&amp;gt;');
    // The item's title in its picture's alt text keeps the attribute closed.
    expect(html).toContain(`alt="${escaped(hostile.itemTitle)}"`);
    expect(html).toContain(`<title>${escaped(hostile.title)}</title>`);
  });
});
