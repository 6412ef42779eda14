import { Badge, Group, Tooltip } from '@mantine/core';
import type { ReasonSource, Recommendation } from '../../../core/api/contract';

export const reasonLook: Record<
  ReasonSource,
  { label: string; color: string; variant: 'filled' | 'light' | 'outline' }
> = {
  explicit: { label: 'explicit', color: 'champagne', variant: 'filled' },
  group: { label: 'group', color: 'violet', variant: 'light' },
  sequence: { label: 'sequence', color: 'teal', variant: 'light' },
  popular: { label: 'popular', color: 'gray', variant: 'outline' },
};

const percent = (share: number): string => `${Math.round(100 * share)} %`;

/**
 * One badge per source among the reasons (which come strongest first, each carrying a real share of the
 * score), with that source's share of the item's score in its tooltip.
 */
export function ReasonBadges({ reasons }: { reasons: Recommendation['reasons'] }) {
  const sources = [...new Set(reasons.map((r) => r.source))].map((source) => {
    const mine = reasons.filter((r) => r.source === source);
    return { source, share: mine.reduce((sum, r) => sum + r.share, 0), texts: mine.map((r) => r.text) };
  });
  return (
    <Group gap={4}>
      {sources.map(({ source, share, texts }) => (
        <Tooltip
          key={source}
          multiline
          w={260}
          label={`${texts.join(' · ')} (${percent(share)} of the score)`}
        >
          <Badge
            size="xs"
            color={reasonLook[source].color}
            variant={reasonLook[source].variant}
            data-reason={source}
            data-share={share.toFixed(2)}
          >
            {reasonLook[source].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
