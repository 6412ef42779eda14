import { useSyncExternalStore } from 'react';

/** Screens by hash (#/clients/42): works the same from file:// on the desktop and over HTTP. */
export type Route =
  | { readonly screen: 'today' }
  | { readonly screen: 'clients' }
  | { readonly screen: 'client'; readonly clientId: number }
  | { readonly screen: 'selections' }
  | { readonly screen: 'selection'; readonly selectionId: number }
  | { readonly screen: 'catalog'; readonly feature: string | null }
  | { readonly screen: 'insights' }
  | { readonly screen: 'engine' }
  | { readonly screen: 'import' }
  | { readonly screen: 'settings' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  // A record id is digits only: '1e3', '0x10' or ' 7' name no record.
  const id = /^[1-9]\d{0,15}$/.test(parts[1] ?? '') ? Number(parts[1]) : NaN;
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'today':
      return { screen: 'today' };
    case 'clients':
      return Number.isInteger(id) && id > 0 ? { screen: 'client', clientId: id } : { screen: 'clients' };
    case 'selections':
      return Number.isInteger(id) && id > 0
        ? { screen: 'selection', selectionId: id }
        : { screen: 'selections' };
    case 'catalog':
      return { screen: 'catalog', feature: params.get('feature') };
    case 'insights':
      return { screen: 'insights' };
    case 'engine':
      return { screen: 'engine' };
    case 'import':
      return { screen: 'import' };
    case 'settings':
      return { screen: 'settings' };
    case undefined:
    default:
      return { screen: 'today' };
  }
}

export function navigate(path: string): void {
  window.location.hash = path;
}

const subscribeHash = (notify: () => void) => {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return parseRoute(hash);
}
