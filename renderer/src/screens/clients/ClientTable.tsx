import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Box, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconMailOff, IconUserOff } from '@tabler/icons-react';
import type { ClientRow } from '../../../../core/api/contract';
import { formatDate } from '../../components/format';
import { navigate } from '../../app/router';
import { prefetchProfile } from '../profile/queries';

const rowHeight = 44;
const headerHeight = 34;
const columns = '2.2fr 1fr 0.9fr 1.3fr 1.2fr 1fr 1.6fr';

function ConsentMarks({ client }: { client: ClientRow }) {
  return (
    <Group gap={4} wrap="nowrap">
      {!client.consentMarketing && (
        <Tooltip label="Refused marketing">
          <IconMailOff size={15} aria-label="Refused marketing" color="var(--mantine-color-orange-6)" />
        </Tooltip>
      )}
      {!client.consentProfiling && (
        <Tooltip label="Refused profiling">
          <IconUserOff size={15} aria-label="Refused profiling" color="var(--mantine-color-red-6)" />
        </Tooltip>
      )}
    </Group>
  );
}

function Cells({ client }: { client: ClientRow }) {
  return (
    <>
      <Group gap="xs" wrap="nowrap" role="gridcell" style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {client.name}
        </Text>
        <ConsentMarks client={client} />
      </Group>
      <Text size="sm" c="dimmed" truncate role="gridcell">
        {client.externalId}
      </Text>
      <Box role="gridcell">{client.tier ? <Badge variant="light">{client.tier}</Badge> : null}</Box>
      <Text size="sm" truncate role="gridcell">
        {client.store ?? '—'}
      </Text>
      <Text size="sm" truncate role="gridcell">
        {client.associate ?? '—'}
      </Text>
      <Text size="sm" role="gridcell">
        {formatDate(client.lastVisit)}
      </Text>
      <Text size="xs" c="dimmed" truncate role="gridcell">
        {client.tags.join(', ')}
      </Text>
    </>
  );
}

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
    overscan: 12,
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
        <Box
          role="row"
          aria-rowindex={1}
          px="sm"
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 1,
            height: headerHeight,
            display: 'grid',
            gridTemplateColumns: columns,
            gap: 12,
            alignItems: 'center',
            borderBottom: '1px solid var(--mantine-color-default-border)',
            background: 'var(--mantine-color-default-hover)',
          }}
        >
          {['Client', 'Number', 'Tier', 'Store', 'Associate', 'Last visit', 'Tags'].map((label) => (
            <Text key={label} size="xs" fw={600} tt="uppercase" c="dimmed" role="columnheader">
              {label}
            </Text>
          ))}
        </Box>
        {items.map((item) => {
          const client = rowAt(item.index);
          return (
            <div
              key={item.key}
              id={`client-row-${item.index}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={item.index === active}
              data-active={item.index === active}
              className="clickable-row"
              onPointerEnter={() => client && prefetchProfile(client.id)}
              onClick={() => {
                setActive(item.index);
                open(item.index);
              }}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: rowHeight,
                transform: `translateY(${item.start}px)`,
                display: 'grid',
                gridTemplateColumns: columns,
                gap: 12,
                alignItems: 'center',
                padding: '0 var(--mantine-spacing-sm)',
                borderBottom: '1px solid var(--mantine-color-default-border)',
              }}
            >
              {client ? <Cells client={client} /> : <Skeleton height={14} style={{ gridColumn: '1 / -1' }} />}
            </div>
          );
        })}
      </div>
    </Box>
  );
}
