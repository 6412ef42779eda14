/** Prices are stored in minor units; Intl knows how many minor digits each currency has (JPY 0, KWD 3). */
const digitsByCurrency = new Map<string, number>();

/** The currency's minor digits (2 for EUR, 0 for JPY); a formatter is costly to build, so each is asked once. */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** The price in major units, e.g. 45000 EUR cents -> 450. */
export function majorUnits(priceMinor: number, currency: string): number {
  return priceMinor / 10 ** currencyDigits(currency);
}

/** '450.00' for a machine-readable column (always a dot, the currency's own digits). */
export function decimalPrice(priceMinor: number, currency: string): string {
  return majorUnits(priceMinor, currency).toFixed(currencyDigits(currency));
}

/** The price as the client reads it, e.g. '€450.00' (en-GB) or '450,00 €' (fr-FR). */
export function formatPrice(
  priceMinor: number | null,
  currency: string | null,
  locale: string,
  onRequest = 'Price on request',
): string {
  if (priceMinor === null) return onRequest;
  if (currency === null) return new Intl.NumberFormat(locale).format(priceMinor / 100);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    majorUnits(priceMinor, currency),
  );
}

/** An Excel number format showing the currency's symbol on the side the locale puts it, e.g. "€"#,##0.00. */
export function excelCurrencyFormat(currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1);
  const symbol = (parts.find((p) => p.type === 'currency')?.value ?? currency).replaceAll('"', '');
  const number = digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
  const symbolFirst =
    parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer');
  return symbolFirst ? `"${symbol}"${number}` : `${number}" ${symbol}"`;
}
