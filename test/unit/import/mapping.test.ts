import { describe, expect, it } from 'vitest';
import { normaliseHeader } from '../../../core/import/aliases.js';
import { CompiledColumns, FillDown } from '../../../core/import/columns.js';
import { formatIssue } from '../../../core/import/issues.js';
import { MappingError, parseMapping } from '../../../core/import/mapping.js';
import { presetNames, presets } from '../../../core/import/presets/index.js';
import { rowRanges } from '../../../core/import/read-common.js';
import { resolveMapping, valueSettings } from '../../../core/import/resolve-mapping.js';
import { detectDelimiter, detectEncoding } from '../../../core/import/sources/sniff.js';

describe('headers', () => {
  it('reduces headers to what identifies them', () => {
    expect(
      [
        'Email *',
        'Groups (x,y,z...)',
        'Reference #',
        'externalId',
        'Body (HTML)',
        'Prénom',
        'E-mail',
        'SKU',
      ].map(normaliseHeader),
    ).toEqual(['email', 'groups', 'reference', 'external id', 'body', 'prenom', 'e mail', 'sku']);
  });

  it('binds fields by alias, SKU before a bare ID, and reads size columns', () => {
    const columns = new CompiledColumns('items', ['ID', 'SKU', 'Name', 'Price (EUR)', 'Notes'], {});
    expect(columns.columnOf('externalId')).toBe('SKU');
    expect(columns.columnOf('title')).toBe('Name');
    expect(columns.fields.get('price')?.currencyHint).toBe('EUR');
    expect(columns.ignoredColumns()).toEqual(['ID', 'Notes']);
    const clients = new CompiledColumns('clients', ['Customer ID', 'First Name', 'Shoe size'], {});
    expect(clients.pick('sizes.shoe', ['C1', 'Ana', '38'])).toBe('38');
    expect(clients.has('name')).toBe(false);
    expect(clients.has('firstName')).toBe(true);
  });

  it('reads explicit sources: first non-empty, joins, constants, name/value pairs, ignored values', () => {
    const headers = ['Handle', 'Title', 'Option1 Name', 'Option1 Value', 'Variant SKU'];
    const columns = new CompiledColumns('items', headers, {
      aliases: false,
      ignoreValues: ['Default Title'],
      columns: {
        externalId: ['Variant SKU', { join: ['Handle', 'Option1 Value'], separator: '/' }],
        title: { join: ['Title', 'Option1 Value'], separator: ' – ' },
        colours: { pairs: [['Option1 Name', 'Option1 Value']], names: ['Color'] },
        collection: { value: 'Permanent' },
      },
    });
    const row = ['top', 'Top', 'Color', 'Blue', ''];
    expect(columns.pick('externalId', row)).toBe('top/Blue');
    expect(columns.lastRank).toBe(1);
    expect(columns.columnAt('externalId', 1)).toBe('Handle + Option1 Value');
    expect(columns.pick('title', row)).toBe('Top – Blue');
    expect(columns.pick('colours', row)).toBe('Blue');
    expect(columns.pick('colours', ['top', 'Top', 'Size', 'M', ''])).toBeNull();
    expect(columns.pick('collection', row)).toBe('Permanent');
    expect(columns.pick('title', ['bag', 'Bag', 'Title', 'Default Title', ''])).toBe('Bag');
    expect(columns.pick('externalId', ['bag', 'Bag', 'Title', 'Default Title', 'SKU-1'])).toBe('SKU-1');
    expect(columns.missing).toEqual([]);
  });

  it('fills continuation rows from the row above with the same key', () => {
    const fill = new FillDown(0);
    expect(fill.apply(['a', 'Title A', '1']).continuation).toBe(false);
    expect(fill.apply(['a', '', '2'])).toEqual({ cells: ['a', 'Title A', '2'], continuation: true });
    expect(fill.apply(['b', '', '3'])).toEqual({ cells: ['b', '', '3'], continuation: false });
  });
});

describe('mappings', () => {
  it('accepts every preset', () => {
    for (const name of presetNames) expect(() => parseMapping(presets[name], name)).not.toThrow();
  });

  it('lists every problem of a bad mapping', () => {
    const bad = {
      options: { dateFormat: 'yyyy/dd/mm', defaultCurrency: 'euro', utcOffset: '+25' },
      items: { columns: { colour: 'Colour' } },
      clients: { columns: { name: 3 } },
      extra: true,
    };
    let message = '';
    try {
      parseMapping(bad, 'm.json');
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      message = (error as Error).message;
    }
    expect(message).toContain('m.json: not a valid column mapping:');
    expect(message).toContain('options.dateFormat:');
    expect(message).toContain('options.defaultCurrency: is not an ISO 4217 code');
    expect(message).toContain('options.utcOffset: is not an offset like "+01:00" or "Z"');
    expect(message).toContain('items.columns.colour: is not a field of items');
    expect(message).toContain('clients.columns.name:');
    expect(message).toContain('Unrecognized key: "extra"');
  });

  it('extends a preset: its own options and columns win field by field', () => {
    const mapping = resolveMapping({
      extends: 'shopify-products',
      options: { defaultCurrency: 'EUR' },
      items: { columns: { maison: 'Brand' } },
    });
    expect(mapping.options?.defaultCurrency).toBe('EUR');
    expect(mapping.items?.columns?.['maison']).toBe('Brand');
    expect(mapping.items?.columns?.['price']).toBe('Variant Price');
    expect(mapping.items?.fillDown).toBe('Handle');
    expect(() => resolveMapping({ extends: 'magento' })).toThrow('"extends": "magento" is not a preset');
  });

  it('turns options into value settings', () => {
    const settings = valueSettings(
      parseMapping(
        {
          options: {
            kinds: { Vente: 'purchase' },
            booleans: { true: ['ja bitte'], false: ['x'] },
            utcOffset: '+01:00',
          },
        },
        'm',
      ),
    );
    expect(settings.kinds['vente']).toBe('purchase');
    expect(settings.booleans.yes.has('ja bitte')).toBe(true);
    expect(settings.booleans.yes.has('x')).toBe(false);
    expect(settings.offsetMinutes).toBe(60);
    expect(settings.dateOrder).toBe('dd/mm/yyyy');
  });
});

describe('sniffing and reporting', () => {
  it('finds the delimiter in the header line, outside quotes', () => {
    expect(detectDelimiter('Customer ID;Email *;Groups (x,y,z...)\r\n1;a@b;c')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('\n\na\tb\tc\n')).toBe('\t');
  });

  it('tells UTF-8 (with or without BOM) from Windows-1252', () => {
    const text = 'Nom,Prénom\nDupré,Hélène\nLefèvre,Zoë\n';
    expect(detectEncoding(Buffer.from(text, 'utf8'), undefined)).toBe('utf-8');
    expect(
      detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), undefined),
    ).toBe('utf-8');
    expect(detectEncoding(Buffer.from(text, 'latin1'), undefined)).toBe('windows-1252');
    expect(detectEncoding(Buffer.from(text, 'latin1'), 'iso-8859-15')).toBe('iso-8859-15');
  });

  it('formats issues as file:row:column: problem and row lists as ranges', () => {
    expect(formatIssue({ severity: 'error', file: 'a.csv', row: 4, column: 'Price', message: 'bad' })).toBe(
      'a.csv:4:Price: bad',
    );
    expect(formatIssue({ severity: 'warning', file: 'a.csv', row: null, column: null, message: 'x' })).toBe(
      'a.csv: warning: x',
    );
    expect(rowRanges([2, 3, 4, 8, 10, 11])).toBe('rows 2-4, 8, 10-11');
    expect(rowRanges([5])).toBe('row 5');
  });
});
