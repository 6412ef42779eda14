// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate, parseRoute, useRoute } from '../../../renderer/src/app/router';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('parseRoute', () => {
  it('opens every screen from its hash', () => {
    expect(parseRoute('#/today')).toEqual({ screen: 'today' });
    expect(parseRoute('#/clients')).toEqual({ screen: 'clients' });
    expect(parseRoute('#/clients/42')).toEqual({ screen: 'client', clientId: 42 });
    for (const notAnId of ['1e3', '0x10', '007', '4.0', '-3'])
      expect(parseRoute(`#/clients/${notAnId}`)).toEqual({ screen: 'clients' });
    expect(parseRoute('#/selections')).toEqual({ screen: 'selections' });
    expect(parseRoute('#/selections/7')).toEqual({ screen: 'selection', selectionId: 7 });
    expect(parseRoute('#/catalog')).toEqual({ screen: 'catalog', feature: null });
    expect(parseRoute('#/insights')).toEqual({ screen: 'insights' });
    expect(parseRoute('#/engine')).toEqual({ screen: 'engine' });
    expect(parseRoute('#/import')).toEqual({ screen: 'import' });
    expect(parseRoute('#/settings')).toEqual({ screen: 'settings' });
  });

  it('opens Today, the first screen, on an empty, bare or unknown hash', () => {
    expect(parseRoute('')).toEqual({ screen: 'today' });
    expect(parseRoute('#')).toEqual({ screen: 'today' });
    expect(parseRoute('#/')).toEqual({ screen: 'today' });
    expect(parseRoute('#/nowhere/3')).toEqual({ screen: 'today' });
    // The hash as the address bar has it, or the path navigate() is given: the same route.
    expect(parseRoute('clients/9')).toEqual({ screen: 'client', clientId: 9 });
  });

  it('falls back to the list when a record id is not a positive integer', () => {
    for (const id of ['0', '-3', '4.5', 'abc', 'NaN', 'Infinity']) {
      expect(parseRoute(`#/clients/${id}`), id).toEqual({ screen: 'clients' });
      expect(parseRoute(`#/selections/${id}`), id).toEqual({ screen: 'selections' });
    }
  });

  it('reads the id from the second segment only, whatever follows it', () => {
    expect(parseRoute('#/clients/12/timeline')).toEqual({ screen: 'client', clientId: 12 });
    expect(parseRoute('#/selections/3?from=profile')).toEqual({ screen: 'selection', selectionId: 3 });
  });

  it('reads the catalog feature from the query string, decoded', () => {
    expect(parseRoute('#/catalog?feature=art%20deco')).toEqual({ screen: 'catalog', feature: 'art deco' });
    expect(parseRoute('#/catalog?feature=gold&sort=price')).toEqual({ screen: 'catalog', feature: 'gold' });
    expect(parseRoute('#/catalog?sort=price')).toEqual({ screen: 'catalog', feature: null });
    expect(parseRoute('#/catalog?feature=')).toEqual({ screen: 'catalog', feature: '' });
    // Only the catalog reads a query string.
    expect(parseRoute('#/insights?feature=gold')).toEqual({ screen: 'insights' });
  });
});

describe('navigate and useRoute', () => {
  it('navigate writes the hash', () => {
    navigate('/clients/5');
    expect(window.location.hash).toBe('#/clients/5');
    navigate('/catalog?feature=gold');
    expect(window.location.hash).toBe('#/catalog?feature=gold');
  });

  it('a screen using useRoute follows the hash as it changes', async () => {
    window.location.hash = '#/engine';
    const { result } = renderHook(() => useRoute());
    expect(result.current).toEqual({ screen: 'engine' });

    const hashChanged = () =>
      new Promise<void>((done) => window.addEventListener('hashchange', () => done(), { once: true }));
    await act(async () => {
      const changed = hashChanged();
      navigate('/selections/8');
      await changed;
    });
    expect(result.current).toEqual({ screen: 'selection', selectionId: 8 });

    await act(async () => {
      const changed = hashChanged();
      window.location.hash = '#/catalog?feature=leather';
      await changed;
    });
    expect(result.current).toEqual({ screen: 'catalog', feature: 'leather' });
  });
});
