/**
 * An error the API cannot explain reaches the page as it was thrown, and such texts name local files
 * (`/home/lea/Library/Atelier/atelier.db`, `C:\Users\lea\…`): the folders say who the user is and how the
 * machine is laid out, which is no business of a page. Each absolute path keeps only its last name; the log
 * keeps the whole text.
 */
const posixPath = /(^|[\s"'`(=,[{])(\/(?:[^\s"'`()<>:,/[\]{}]+\/)+)([^\s"'`()<>:,/[\]{}]*)/g;
const windowsPath = /(^|[\s"'`(=,[{])([A-Za-z]:\\(?:[^\s"'`()<>|\\]+\\)*)([^\s"'`()<>|\\]*)/g;
const fileUrl = /file:\/\/\/?(?:[^\s"'`()<>/]+\/)+([^\s"'`()<>/]*)/g;

export function hideLocalPaths(text: string): string {
  return text
    .replace(fileUrl, (_all, name: string) => `…/${name}`)
    .replace(posixPath, (_all, before: string, _dirs: string, name: string) => `${before}…/${name}`)
    .replace(windowsPath, (_all, before: string, _dirs: string, name: string) => `${before}…\\${name}`);
}
