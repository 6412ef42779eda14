/**
 * An endpoint written `http://user:secret@host/v1` carries a password: wherever a URL goes into an error (or a
 * log), its user part becomes `***`.
 */
const userinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

export function withoutCredentials(text: string): string {
  return text.replace(userinfo, '$1***@');
}
