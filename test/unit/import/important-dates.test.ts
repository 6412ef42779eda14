import { describe, expect, it } from 'vitest';
import { CompiledColumns } from '../../../core/import/columns.js';
import { dateLabelOf, parseMapping } from '../../../core/import/mapping.js';
import { parseImportantDate } from '../../../core/import/values/important-dates.js';

/** A client's birthday, anniversary or named date, read from an export's cell (issue 9). */
const dmy = (value: Parameters<typeof parseImportantDate>[0]) => parseImportantDate(value, 'dd/mm/yyyy');
const mdy = (value: Parameters<typeof parseImportantDate>[0]) => parseImportantDate(value, 'mm/dd/yyyy');
const day = (month: number, d: number, year: number | null = null) => ({ month, day: d, year });

describe('parseImportantDate', () => {
  it.each([
    ['1987-04-02', day(4, 2, 1987)],
    ['1987-4-2', day(4, 2, 1987)],
    ['1987-04-02 00:00:00', day(4, 2, 1987)],
    // A day, not an instant: a time zone after it never moves it to the day before.
    ['1987-04-02T00:00:00+02:00', day(4, 2, 1987)],
    ['02/04/1987', day(4, 2, 1987)],
    ['2.4.1987', day(4, 2, 1987)],
    ['1987/04/02', day(4, 2, 1987)],
    ['14/03', day(3, 14)],
    ['--03-14', day(3, 14)],
    ['--0314', day(3, 14)],
    ['0000-03-14', day(3, 14)],
    ['14 March', day(3, 14)],
    ['March 14', day(3, 14)],
    ['March 14th, 1987', day(3, 14, 1987)],
    ['Mar. 14', day(3, 14)],
    ['14-Mar-1987', day(3, 14, 1987)],
    ['14 mars 1987', day(3, 14, 1987)],
    ['1er août', day(8, 1)],
    ['12 Décembre', day(12, 12)],
  ])('reads %j', (text, expected) => {
    expect(dmy(text)).toEqual(expected);
  });

  it('reads the day order the mapping says, for full dates and for a day without its year', () => {
    expect(mdy('04/02/1987')).toEqual(day(4, 2, 1987));
    expect(mdy('03/14')).toEqual(day(3, 14));
    expect(dmy('04/02/1987')).toEqual(day(2, 4, 1987));
  });

  it('reads XLSX dates and serial days as the day written', () => {
    expect(dmy(new Date(Date.UTC(1987, 3, 2)))).toEqual(day(4, 2, 1987));
    expect(dmy(32_965)).toEqual(day(4, 2, 1990));
  });

  it('reads blank cells and the "unknown" placeholders as no date', () => {
    for (const none of ['', '   ', null, '0000-00-00', '0000-00-00 00:00:00', '00/00/0000', 0])
      expect(dmy(none)).toBeNull();
  });

  it('keeps 29 February in a leap year and without a year, and refuses it in other years', () => {
    expect(dmy('2024-02-29')).toEqual(day(2, 29, 2024));
    expect(dmy('2000-02-29')).toEqual(day(2, 29, 2000));
    expect(dmy('29/02')).toEqual(day(2, 29));
    expect(dmy('--02-29')).toEqual(day(2, 29));
    expect(() => dmy('2023-02-29')).toThrow('"2023-02-29" is not a date: 2023 has no 29 February');
    expect(() => dmy('1900-02-29')).toThrow('"1900-02-29" is not a date: 1900 has no 29 February');
    expect(() => dmy('29 February 2023')).toThrow('2023 has no 29 February');
  });

  it('refuses a day the month does not have, naming the value', () => {
    expect(() => dmy('2023-02-30')).toThrow('"2023-02-30" is not a date: February has no day 30');
    expect(() => dmy('1990-04-31')).toThrow('"1990-04-31" is not a date: April has no day 31');
    expect(() => dmy('31/04')).toThrow(
      '"31/04" is not a date: April has no day 31 (read as dd/mm; set "dateFormat" in the mapping)',
    );
    expect(() => dmy('--04-31')).toThrow('April has no day 31');
    expect(() => dmy('31 April')).toThrow('April has no day 31');
    expect(() => dmy('03/14/1987')).toThrow(
      '"03/14/1987" is not a date: there is no month 14 (read as dd/mm; set "dateFormat" in the mapping)',
    );
    expect(dmy('30/04')).toEqual(day(4, 30));
    expect(dmy('31/12')).toEqual(day(12, 31));
  });

  it('refuses two-digit years, years client_dates cannot hold, and text that is no date', () => {
    expect(() => dmy('14/03/65')).toThrow('write the year with four digits');
    expect(() => dmy('14 March 65')).toThrow('write the year with four digits');
    expect(() => dmy('1700-01-01')).toThrow('1700 is not a year between 1800 and 2200');
    expect(() => dmy('1987-04')).toThrow('"1987-04" has no day');
    expect(() => dmy('1987-00-00')).toThrow('there is no month 0');
    expect(() => dmy('soon')).toThrow('"soon" is not a date (expected yyyy-mm-dd, dd/mm/yyyy');
    expect(() => dmy('14 Smarch')).toThrow('is not a date');
    expect(() => dmy(true)).toThrow('"true" is not a date');
  });
});

describe('date fields of the mapping', () => {
  it('names the label each field fills', () => {
    expect(
      ['birthday', 'anniversary', 'dates.Name day', 'dates.Wedding  anniversary', 'email'].map(dateLabelOf),
    ).toEqual(['Birthday', 'Anniversary', 'Name day', 'Wedding anniversary', null]);
  });

  it('accepts birthday, anniversary and dates.LABEL for clients; refuses one label filled twice', () => {
    expect(
      parseMapping(
        { clients: { columns: { birthday: 'DOB', anniversary: 'Wed', 'dates.Name day': 'Fête' } } },
        'm.json',
      ).clients?.columns,
    ).toEqual({ birthday: 'DOB', anniversary: 'Wed', 'dates.Name day': 'Fête' });
    expect(() =>
      parseMapping({ clients: { columns: { birthday: 'DOB', 'dates.birthday': 'Born' } } }, 'm.json'),
    ).toThrow('clients.columns.dates.birthday: is the same date as birthday');
    expect(() => parseMapping({ clients: { columns: { 'dates.': 'X' } } }, 'm.json')).toThrow(
      'is not a field of clients',
    );
    expect(() => parseMapping({ items: { columns: { birthday: 'DOB' } } }, 'm.json')).toThrow(
      'items.columns.birthday: is not a field of items',
    );
  });

  it('finds birthday and anniversary columns by their usual headers, in English and French', () => {
    const headers = (h: string[]) => {
      const c = new CompiledColumns('clients', h, {});
      return [c.columnOf('birthday'), c.columnOf('anniversary')];
    };
    for (const h of [
      'Birthday',
      'Birth date',
      'Date of birth',
      'DOB',
      'birthdate',
      'BirthDate',
      'Date de naissance',
    ])
      expect(headers(['Email', h])).toEqual([h, null]);
    expect(headers(['Birthday (yyyy-mm-dd)', 'Wedding anniversary'])).toEqual([
      'Birthday (yyyy-mm-dd)',
      'Wedding anniversary',
    ]);
    // French: "anniversaire" alone is a birthday, "anniversaire de mariage" a wedding anniversary.
    expect(headers(['Anniversaire', 'Anniversaire de mariage'])).toEqual([
      'Anniversaire',
      'Anniversaire de mariage',
    ]);
    expect(headers(['Anniversary'])).toEqual([null, 'Anniversary']);
  });
});
