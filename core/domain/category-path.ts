/**
 * A category path ("Bags > Totes > Structured totes") is stored as one text, its levels joined by ' > ';
 * an empty path is ''. This is the one codec between the two.
 */
export const categorySeparator = ' > ';

export function encodeCategoryPath(path: readonly string[]): string {
  return path.join(categorySeparator);
}

export function decodeCategoryPath(text: string): string[] {
  return text === '' ? [] : text.split(categorySeparator);
}
