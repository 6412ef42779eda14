/** Formatting in the associate's locale; money arrives in minor units with its currency. */
const locale = navigator.language || 'en-GB';
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = currencyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    currencyFormats.set(currency, format);
  }
  return format;
}

export function formatMoney(amountMinor: number | null, currency: string | null): string {
  if (amountMinor === null) return '—';
  if (!currency) return (amountMinor / 100).toLocaleString(locale);
  const format = currencyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export const formatDate = (iso: string | null): string => (iso ? dateFormat.format(new Date(iso)) : '—');
export const formatDateTime = (iso: string | null): string =>
  iso ? dateTimeFormat.format(new Date(iso)) : '—';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function initials(name: string): string {
  const words = name
    .split(/[\s&+\-/.,]+/)
    .filter((w) => w !== '' && !/^(de|du|la|le|of|the|et|and)$/i.test(w));
  return (
    words
      .slice(0, 3)
      .map((w) => [...w][0]!.toLocaleUpperCase())
      .join('') || '·'
  );
}
