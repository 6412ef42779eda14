// @vitest-environment happy-dom
import { createElement, type ReactNode } from 'react';
import { QueryClientProvider, QueryObserver } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../../core/api/contract';
import { core } from './support';

vi.mock('../../../renderer/src/api/client', async () => {
  const { core: fake } = await import('./support');
  return { call: fake.call, subscribe: fake.subscribe };
});
vi.mock('@mantine/notifications', () => ({ notifications: { show: vi.fn() } }));

const { notifications } = await import('@mantine/notifications');
const { createAnswerClient, queryClient } = await import('../../../renderer/src/api/answers');
const { act: runAction, prefetch, useApi } = await import('../../../renderer/src/api/hooks');

const wrapper = ({ children }: { children: ReactNode }) =>
  createElement(QueryClientProvider, { client: queryClient }, children);

/** Lets answers reach the screens (TanStack notifies them on a timer) and React render them. */
const settle = () => act(() => new Promise((done) => setTimeout(done, 5)));

const client = (name: string) => ({ id: 1, name });
const notFound: ApiError = { kind: 'not-found', message: 'no client 99' };

afterEach(() => {
  cleanup();
  queryClient.clear();
  core.reset();
  vi.mocked(notifications.show).mockClear();
});

describe('useApi: answers from core, kept', () => {
  it('shows core’s answer, and a second screen asking the same gets it without asking core', async () => {
    const first = renderHook(() => useApi('clients.get', { clientId: 1 }), { wrapper });
    expect(first.result.current).toMatchObject({ data: undefined, error: null, loading: true });
    expect(core.calls.map((c) => [c.method, c.args])).toEqual([['clients.get', { clientId: 1 }]]);

    core.calls[0]!.answer(client('Agathe'));
    await waitFor(() => expect(first.result.current.data).toEqual(client('Agathe')));
    expect(first.result.current.loading).toBe(false);

    const second = renderHook(() => useApi('clients.get', { clientId: 1 }), { wrapper });
    expect(second.result.current).toMatchObject({ data: client('Agathe'), loading: false });
    await settle();
    expect(core.calls).toHaveLength(1);
  });

  it('asks again when the arguments change, showing the previous answer until the new one arrives', async () => {
    const { result, rerender } = renderHook(({ id }) => useApi('clients.get', { clientId: id }), {
      wrapper,
      initialProps: { id: 1 },
    });
    core.calls[0]!.answer(client('Agathe'));
    await waitFor(() => expect(result.current.data).toEqual(client('Agathe')));

    rerender({ id: 2 });
    await settle();
    expect(core.calls.map((c) => c.args)).toEqual([{ clientId: 1 }, { clientId: 2 }]);
    expect(result.current).toMatchObject({ data: client('Agathe'), loading: true });

    core.calls[1]!.answer({ id: 2, name: 'Béatrice' });
    await waitFor(() => expect(result.current.data).toEqual({ id: 2, name: 'Béatrice' }));
    expect(result.current.loading).toBe(false);
  });

  it('asks nothing while the arguments are null, and reload does not either', async () => {
    const { result } = renderHook(() => useApi('clients.search', null), { wrapper });
    result.current.reload();
    await settle();
    expect(core.calls).toHaveLength(0);
    expect(result.current).toMatchObject({ data: undefined, error: null, loading: false });
  });

  it('reload asks core again and shows the new answer', async () => {
    const { result } = renderHook(() => useApi('clients.notes', { clientId: 1 }), { wrapper });
    core.calls[0]!.answer([]);
    await waitFor(() => expect(result.current.data).toEqual([]));

    act(() => result.current.reload());
    await settle();
    expect(core.callsTo('clients.notes')).toHaveLength(2);
    core.calls[1]!.answer([{ id: 5, body: 'Prefers gold' }]);
    await waitFor(() => expect(result.current.data).toEqual([{ id: 5, body: 'Prefers gold' }]));
  });
});

describe('prefetch', () => {
  it('a screen opening while its prefetch is on the way joins it: core is asked once', async () => {
    prefetch('clients.get', { clientId: 7 });
    prefetch('clients.get', { clientId: 7 });
    expect(core.calls).toHaveLength(1);

    const { result } = renderHook(() => useApi('clients.get', { clientId: 7 }), { wrapper });
    await settle();
    expect(core.calls).toHaveLength(1);
    expect(result.current.loading).toBe(true);

    core.calls[0]!.answer(client('Céleste'));
    await waitFor(() => expect(result.current.data).toEqual(client('Céleste')));
  });

  it('a fresh answer is not asked for again, and opens the screen at once', async () => {
    prefetch('clients.interests', { clientId: 3, limit: 12 });
    core.calls[0]!.answer({ explicit: [] });
    await settle();
    prefetch('clients.interests', { clientId: 3, limit: 12 });
    // Other arguments are another answer.
    prefetch('clients.interests', { clientId: 3, limit: 20 });
    expect(core.calls.map((c) => c.args)).toEqual([
      { clientId: 3, limit: 12 },
      { clientId: 3, limit: 20 },
    ]);
    const { result } = renderHook(() => useApi('clients.interests', { clientId: 3, limit: 12 }), {
      wrapper,
    });
    expect(result.current).toMatchObject({ data: { explicit: [] }, loading: false });
  });
});

describe('data.changed: no answer from before a change is served again', () => {
  it('reloads the shown answers of the changed area, leaves the others', async () => {
    const facets = renderHook(() => useApi('clients.facets', {}, { reloadOn: ['clients'] }), { wrapper });
    const insights = renderHook(() => useApi('insights.overview', {}, { reloadOn: ['engine'] }), {
      wrapper,
    });
    core.callsTo('clients.facets')[0]!.answer({ tiers: ['VIP'] });
    core.callsTo('insights.overview')[0]!.answer({ segments: 1 });
    await waitFor(() => expect(insights.result.current.data).toEqual({ segments: 1 }));

    act(() => core.changed('clients', 'catalog'));
    await settle();
    expect(core.callsTo('clients.facets')).toHaveLength(2);
    expect(core.callsTo('insights.overview')).toHaveLength(1);
    // The old answer stays shown while the new one is on its way.
    expect(facets.result.current).toMatchObject({ data: { tiers: ['VIP'] }, loading: true });

    core.callsTo('clients.facets')[1]!.answer({ tiers: ['VIP', 'VVIP'] });
    await waitFor(() => expect(facets.result.current.data).toEqual({ tiers: ['VIP', 'VVIP'] }));

    act(() => core.changed('selections'));
    await settle();
    expect(core.calls).toHaveLength(3);
    expect(insights.result.current).toMatchObject({ data: { segments: 1 }, loading: false });
  });

  it('forgets every answer no screen shows, whatever changed: the next screen waits for a new one', async () => {
    // An import names clients and catalog, yet refreshes the interests it changed: an answer no screen
    // shows is not kept past any change, whatever area its screen reloads on.
    const interests = renderHook(
      () => useApi('clients.interests', { clientId: 1, limit: 12 }, { reloadOn: ['engine'] }),
      { wrapper },
    );
    core.calls[0]!.answer({ explicit: ['gold'] });
    await waitFor(() => expect(interests.result.current.data).toEqual({ explicit: ['gold'] }));
    interests.unmount();

    act(() => core.changed('clients', 'catalog'));
    await settle();
    // Nothing shows it: nothing is asked until a screen does.
    expect(core.calls).toHaveLength(1);

    const again = renderHook(
      () => useApi('clients.interests', { clientId: 1, limit: 12 }, { reloadOn: ['engine'] }),
      { wrapper },
    );
    expect(again.result.current).toMatchObject({ data: undefined, loading: true });
    await settle();
    expect(core.calls).toHaveLength(2);
    core.calls[1]!.answer({ explicit: ['gold', 'art deco'] });
    await waitFor(() => expect(again.result.current.data).toEqual({ explicit: ['gold', 'art deco'] }));
  });

  it('leaves a shown answer of another area as it is, but the next screen asking for it asks core again', async () => {
    const insights = renderHook(() => useApi('insights.overview', {}, { reloadOn: ['engine'] }), {
      wrapper,
    });
    core.calls[0]!.answer({ segments: 1 });
    await waitFor(() => expect(insights.result.current.data).toEqual({ segments: 1 }));

    act(() => core.changed('selections'));
    await settle();
    expect(core.calls).toHaveLength(1);
    expect(insights.result.current).toMatchObject({ data: { segments: 1 }, loading: false });

    const other = renderHook(() => useApi('insights.overview', {}, { reloadOn: ['engine'] }), { wrapper });
    // It opens on the answer shown, and asks for a new one.
    expect(other.result.current.data).toEqual({ segments: 1 });
    await settle();
    expect(core.calls).toHaveLength(2);
    core.calls[1]!.answer({ segments: 2 });
    await waitFor(() => expect(other.result.current.data).toEqual({ segments: 2 }));
    expect(insights.result.current.data).toEqual({ segments: 2 });
  });

  it('keeps showing an answer of a screen that asked for no reload, but the next screen asks core again', async () => {
    const notes = renderHook(() => useApi('clients.notes', { clientId: 1 }), { wrapper });
    core.calls[0]!.answer(['before']);
    await waitFor(() => expect(notes.result.current.data).toEqual(['before']));

    act(() => core.changed('selections'));
    await settle();
    expect(core.calls).toHaveLength(1);
    expect(notes.result.current).toMatchObject({ data: ['before'], loading: false });

    const other = renderHook(() => useApi('clients.notes', { clientId: 1 }), { wrapper });
    await settle();
    expect(core.calls).toHaveLength(2);
    core.calls[1]!.answer(['after']);
    await waitFor(() => expect(other.result.current.data).toEqual(['after']));
  });
});

describe('the stale-answer race: a request sent before a change never becomes the shown answer', () => {
  it('a first load in flight when its area changes is asked again; its answer is dropped', async () => {
    const { result } = renderHook(() => useApi('clients.get', { clientId: 1 }, { reloadOn: ['clients'] }), {
      wrapper,
    });
    act(() => core.changed('clients'));
    await settle();
    const [before, after] = core.callsTo('clients.get');
    expect(after).toBeDefined();

    before!.answer(client('before the import'));
    await settle();
    expect(result.current).toMatchObject({ data: undefined, loading: true });

    after!.answer(client('after the import'));
    await waitFor(() => expect(result.current.data).toEqual(client('after the import')));
    expect(result.current.loading).toBe(false);
  });

  it('a reload in flight when another change arrives is asked again; only the last answer shows', async () => {
    const { result } = renderHook(() => useApi('engine.runs', { limit: 30 }, { reloadOn: ['engine'] }), {
      wrapper,
    });
    core.calls[0]!.answer(['run 1']);
    await waitFor(() => expect(result.current.data).toEqual(['run 1']));

    act(() => core.changed('engine'));
    act(() => core.changed('engine'));
    await settle();
    expect(core.calls).toHaveLength(3);
    core.calls[2]!.answer(['run 1', 'run 2', 'run 3']);
    core.calls[1]!.answer(['run 1', 'run 2']);
    await settle();
    expect(result.current).toMatchObject({ data: ['run 1', 'run 2', 'run 3'], loading: false });
  });

  it('a prefetch in flight when its data changes is not joined by the screen that opens after', async () => {
    prefetch('clients.get', { clientId: 7 });
    act(() => core.changed('engine'));
    const { result } = renderHook(() => useApi('clients.get', { clientId: 7 }, { reloadOn: ['clients'] }), {
      wrapper,
    });
    await settle();
    expect(core.calls).toHaveLength(2);

    core.calls[0]!.answer(client('before'));
    await settle();
    expect(result.current.data).toBeUndefined();
    core.calls[1]!.answer(client('after'));
    await waitFor(() => expect(result.current.data).toEqual(client('after')));
    // And what a later screen gets is the answer given after the change.
    const later = renderHook(() => useApi('clients.get', { clientId: 7 }), { wrapper });
    expect(later.result.current.data).toEqual(client('after'));
  });

  it('a screen that asked for no reload still never shows an answer sent before a change', async () => {
    const { result } = renderHook(() => useApi('clients.notes', { clientId: 2 }), { wrapper });
    act(() => core.changed('clients'));
    await settle();
    expect(core.calls).toHaveLength(2);
    core.calls[0]!.answer(['before']);
    core.calls[1]!.answer(['after']);
    await waitFor(() => expect(result.current.data).toEqual(['after']));
  });
});

describe('TanStack Query, as forgetChanged relies on it', () => {
  const observe = (answers: { settle: (value: string) => void }[]) => {
    const client = createAnswerClient();
    const observer = new QueryObserver<string>(client, {
      queryKey: ['engine.runs', {}],
      queryFn: () => new Promise<string>((done) => answers.push({ settle: done })),
    });
    const shown: (string | undefined)[] = [];
    const stop = observer.subscribe((result) => shown.push(result.data));
    return { client, observer, shown, stop };
  };

  it('invalidateQueries cancels a refetch in flight and asks again: the older answer is never kept', async () => {
    const answers: { settle: (value: string) => void }[] = [];
    const { client, observer, stop } = observe(answers);
    answers[0]!.settle('first');
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe('first'));

    void client.invalidateQueries({ queryKey: ['engine.runs'] });
    void client.invalidateQueries({ queryKey: ['engine.runs'] });
    expect(answers).toHaveLength(3);
    answers[1]!.settle('sent before the change');
    answers[2]!.settle('sent after the change');
    await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe('idle'));
    expect(observer.getCurrentResult().data).toBe('sent after the change');
    stop();
  });

  it('but it joins a first load in flight (no answer yet), whose answer may predate the change', async () => {
    const answers: { settle: (value: string) => void }[] = [];
    const { client, observer, stop } = observe(answers);
    void client.invalidateQueries({ queryKey: ['engine.runs'] });
    expect(answers).toHaveLength(1);
    answers[0]!.settle('sent before the change');
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe('sent before the change'));
    stop();
  });
});

describe('errors', () => {
  it('a failed load is shown and notified once, naming the method and the cause', async () => {
    const { result } = renderHook(() => useApi('clients.get', { clientId: 99 }), { wrapper });
    core.calls[0]!.fail(notFound);
    await waitFor(() => expect(result.current.error).toEqual(notFound));
    expect(result.current).toMatchObject({ data: undefined, loading: false });
    await settle();
    expect(vi.mocked(notifications.show).mock.calls).toEqual([
      [
        {
          color: 'red',
          title: 'Loading clients.get: Not found',
          message: 'no client 99',
          autoClose: 8000,
          withBorder: true,
        },
      ],
    ]);
  });

  it('asks once (no retry), and notifies again only when the next request fails too', async () => {
    const { result } = renderHook(() => useApi('clients.get', { clientId: 99 }), { wrapper });
    core.calls[0]!.fail(notFound);
    await waitFor(() => expect(result.current.error).toEqual(notFound));
    await settle();
    expect(core.calls).toHaveLength(1);

    act(() => result.current.reload());
    await settle();
    expect(notifications.show).toHaveBeenCalledTimes(1);
    core.calls[1]!.fail({ kind: 'internal', message: 'disk full' });
    await waitFor(() => expect(notifications.show).toHaveBeenCalledTimes(2));
    expect(vi.mocked(notifications.show).mock.calls[1]![0]).toMatchObject({
      title: 'Loading clients.get: Something went wrong',
      autoClose: false,
    });
  });

  it('a quiet screen shows the error without a notification', async () => {
    const { result } = renderHook(() => useApi('clients.search', { search: 'zz' }, { quiet: true }), {
      wrapper,
    });
    core.calls[0]!.fail({ kind: 'unavailable', message: 'the book is closed' });
    await waitFor(() => expect(result.current.error?.kind).toBe('unavailable'));
    await settle();
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('act returns the value, or undefined with a notification naming the action', async () => {
    const saved = runAction('Saving the note', 'clients.addNote', { clientId: 1, body: 'Gold' });
    core.calls[0]!.answer({ id: 3, body: 'Gold' });
    expect(await saved).toEqual({ id: 3, body: 'Gold' });

    const refused = runAction('Saving the note', 'clients.addNote', { clientId: 1, body: '' });
    core.calls[1]!.fail({
      kind: 'invalid-arguments',
      message: 'invalid arguments',
      issues: [{ where: 'body', message: 'is empty' }],
    });
    expect(await refused).toBeUndefined();
    expect(vi.mocked(notifications.show).mock.calls).toEqual([
      [
        {
          color: 'red',
          title: 'Saving the note: Invalid request',
          message: 'invalid arguments\nbody: is empty',
          autoClose: 8000,
          withBorder: true,
        },
      ],
    ]);
  });
});
