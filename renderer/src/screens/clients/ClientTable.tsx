import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Box } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ClientRow } from '../../../../core/api/contract';
import { navigate } from '../../app/router';
import { prefetchProfile } from '../profile/queries';
import { ColumnHeaders, ConsentTooltip, Row, headerHeight, rowHeight } from './ClientRows';

/**
 * The row under the pointer loads its profile ahead; while the grid scrolls, rows slide under a still pointer,
 * and only the one it then rests on this long does.
 */
const hoverRestMs = 80;

/**
 * The client book as a virtualised grid: only the rows in view are in the DOM, so 25,000 clients scroll as
 * smoothly as 25. Arrow keys move through rows, Enter opens the profile.
 */
export function ClientTable({
  total,
  rowAt,
  ensureRange,
  resetKey,
}: {
  total: number;
  rowAt: (index: number) => ClientRow | undefined;
  ensureRange: (first: number, last: number) => void;
  resetKey: string;
}) {
  // The grid is the scrolling element itself: the keyboard that focuses it is the keyboard that scrolls it.
  const grid = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => grid.current,
    estimateSize: () => rowHeight,
    // A few rows beyond the view either way, for the keyboard: each one more is one more row mounted by every
    // wheel turn, which replaces them all.
    overscan: 3,
    // The column headers stick at the top of the same scroller: rows start below them, and a row scrolled
    // to stops below them rather than under them.
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => ensureRange(first, last), [first, last, ensureRange]);
  // The row the keyboard rests on is likely the next profile opened: load it ahead, after a short pause.
  const activeClient = rowAt(active)?.id;
  useEffect(() => {
    if (activeClient === undefined || document.activeElement !== grid.current) return;
    const timer = setTimeout(() => prefetchProfile(activeClient), 150);
    return () => clearTimeout(timer);
  }, [activeClient]);
  useEffect(() => {
    setActive(0);
    grid.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  // Likewise the row under the pointer (see hoverRestMs).
  const hovered = useRef<{ clientId?: number; timer?: ReturnType<typeof setTimeout> }>({});
  const scrolledAt = useRef(-Infinity);
  const hover = (clientId: number | undefined) => {
    if (clientId === hovered.current.clientId) return;
    clearTimeout(hovered.current.timer);
    hovered.current = { clientId };
    if (clientId === undefined) return;
    if (performance.now() - scrolledAt.current > hoverRestMs) prefetchProfile(clientId);
    else hovered.current.timer = setTimeout(() => prefetchProfile(clientId), hoverRestMs);
  };
  useEffect(() => () => clearTimeout(hovered.current.timer), []);
  const rowIndex = (event: MouseEvent): number | undefined => {
    const row = (event.target as Element).closest<HTMLElement>('[data-index]');
    return row ? Number(row.dataset['index']) : undefined;
  };

  const open = (index: number) => {
    const client = rowAt(index);
    if (client) navigate(`/clients/${client.id}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const visible = (grid.current?.clientHeight ?? 400) - headerHeight;
    const page = Math.max(1, Math.floor(visible / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.min(total - 1, Math.max(0, active + moves[event.key]!));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const next = event.key === 'Home' ? 0 : total - 1;
      setActive(next);
      virtualizer.scrollToIndex(next);
    } else if (event.key === 'Enter') {
      open(active);
    }
  };

  return (
    <Box
      ref={grid}
      role="grid"
      aria-label="Clients"
      aria-rowcount={total + 1}
      aria-activedescendant={total > 0 ? `client-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        const index = rowIndex(event);
        if (index === undefined) return;
        setActive(index);
        open(index);
      }}
      onPointerOver={(event) => {
        const index = rowIndex(event);
        hover(index === undefined ? undefined : rowAt(index)?.id);
      }}
      onPointerLeave={() => hover(undefined)}
      onScroll={() => (scrolledAt.current = performance.now())}
      data-testid="client-table"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        overflow: 'auto',
        flex: 1,
        minHeight: 0,
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        <ColumnHeaders />
        {items.map((item) => (
          <Row
            key={item.key}
            index={item.index}
            start={item.start}
            client={rowAt(item.index)}
            active={item.index === active}
          />
        ))}
      </div>
      <ConsentTooltip grid={grid} />
    </Box>
  );
}
