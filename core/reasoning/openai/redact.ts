/**
 * An endpoint written `http://user:secret@host/v1` carries a password: wherever a URL goes into an error (or a
 * log), its user part becomes `***`. The user part runs to the last `@` before a space or a quote, so a
 * password holding an `@`, a `/` or a `#` (typed raw, which no URL parser reads as one) is hidden whole.
 */
const userinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'`<>]*@/gi;

export function withoutCredentials(text: string): string {
  return text.replace(userinfo, '$1***@');
}

/**
 * An endpoint as the associate typed it, for an error that repeats it: everything between its `://` (or its
 * start) and its last `@` is hidden, whether or not the rest parses as a URL, a space in the password included.
 */
export function endpointShown(endpoint: string): string {
  const at = endpoint.lastIndexOf('@');
  if (at < 0) return endpoint;
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(endpoint)?.[0] ?? '';
  return `${scheme}***${endpoint.slice(at)}`;
}
