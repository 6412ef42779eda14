import { memo, useEffect, useMemo, useState, type RefObject } from 'react';
import { Badge, Box, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import { IconMailOff, IconUserOff } from '@tabler/icons-react';
import type { ClientRow } from '../../../../core/api/contract';
import { formatDate } from '../../components/format';
import './client-table.css';

// The row's height and the columns are also those of .client-row in client-table.css.
export const rowHeight = 44;
export const headerHeight = 34;
const columns = '2.2fr 1fr 0.9fr 1.3fr 1.2fr 1fr 1.6fr';

// A wheel turn replaces every row in view, so a scroll frame mounts ~30 rows: they are plain elements
// dressed in Mantine's own classes and variables, exactly what <Text>, <Group>, <Badge> and <Skeleton>
// render, without the cost of ~20 Mantine components (and two Tooltips) for each row.
const text = `mantine-focus-auto ${Text.classes.root} mantine-Text-root`;
const textSm = `${text} client-text-sm`;
const group = `${Group.classes.root} mantine-Group-root`;

/** The consent marks' label shows in one shared tooltip (see ConsentTooltip), named by `data-consent-mark`. */
function ConsentMarks({ client }: { client: ClientRow }) {
  return (
    <div className={`${group} client-consent-marks`}>
      {!client.consentMarketing && (
        <IconMailOff
          size={15}
          aria-label="Refused marketing"
          data-consent-mark
          color="var(--mantine-color-orange-6)"
        />
      )}
      {!client.consentProfiling && (
        <IconUserOff
          size={15}
          aria-label="Refused profiling"
          data-consent-mark
          color="var(--mantine-color-red-6)"
        />
      )}
    </div>
  );
}

function Cells({ client }: { client: ClientRow }) {
  return (
    <>
      <div className={`${group} client-name-cell`} role="gridcell">
        <p className={`${textSm} client-text-name`} data-size="sm" data-truncate="end">
          {client.name}
        </p>
        <ConsentMarks client={client} />
      </div>
      <p className={`${textSm} client-text-dimmed`} data-size="sm" data-truncate="end" role="gridcell">
        {client.externalId}
      </p>
      <div role="gridcell">
        {client.tier ? (
          <div className={`${Badge.classes.root} mantine-Badge-root client-tier`} data-variant="light">
            <span className={`${Badge.classes.label} mantine-Badge-label`}>{client.tier}</span>
          </div>
        ) : null}
      </div>
      <p className={textSm} data-size="sm" data-truncate="end" role="gridcell">
        {client.store ?? '—'}
      </p>
      <p className={textSm} data-size="sm" data-truncate="end" role="gridcell">
        {client.associate ?? '—'}
      </p>
      <p className={textSm} data-size="sm" role="gridcell">
        {formatDate(client.lastVisit)}
      </p>
      <p
        className={`${text} client-text-xs client-text-dimmed`}
        data-size="xs"
        data-truncate="end"
        role="gridcell"
      >
        {client.tags.join(', ')}
      </p>
    </>
  );
}

/** One row; memoised, so a scroll frame renders only the rows that came into view. */
export const Row = memo(function Row({
  index,
  start,
  client,
  active,
}: {
  index: number;
  start: number;
  client: ClientRow | undefined;
  active: boolean;
}) {
  return (
    <div
      id={`client-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-active={active}
      data-index={index}
      className="clickable-row client-row"
      style={{ transform: `translateY(${start}px)` }}
    >
      {client ? (
        <Cells client={client} />
      ) : (
        <div
          className={`${Skeleton.classes.root} mantine-Skeleton-root client-row-loading`}
          data-visible
          data-animate
        />
      )}
    </div>
  );
});

export const ColumnHeaders = memo(function ColumnHeaders() {
  return (
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
  );
});

/**
 * The consent mark under the pointer shows its label, in one tooltip for the whole grid (a Mantine Tooltip
 * around each mark cost more than the rest of its row). It follows the pointer itself, so the grid does not
 * render again when it moves.
 */
export const ConsentTooltip = memo(function ConsentTooltip({
  grid,
}: {
  grid: RefObject<HTMLDivElement | null>;
}) {
  const [mark, setMark] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    const over = (event: PointerEvent) =>
      setMark((event.target as Element).closest<HTMLElement>('[data-consent-mark]'));
    const leave = () => setMark(null);
    element.addEventListener('pointerover', over);
    element.addEventListener('pointerleave', leave);
    return () => {
      element.removeEventListener('pointerover', over);
      element.removeEventListener('pointerleave', leave);
    };
  }, [grid]);
  // A new object for each mark: the Tooltip positions itself again when its target changes (and, closed,
  // fades out where it was).
  const target = useMemo(() => ({ current: mark }), [mark]);
  return <Tooltip target={target} label={mark?.getAttribute('aria-label') ?? ''} opened={mark !== null} />;
});
