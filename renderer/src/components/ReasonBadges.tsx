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

export function ReasonBadges({ reasons }: { reasons: Recommendation['reasons'] }) {
  const sources = [...new Set(reasons.map((r) => r.source))];
  return (
    <Group gap={4}>
      {sources.map((source) => (
        <Tooltip
          key={source}
          multiline
          w={260}
          label={reasons
            .filter((r) => r.source === source)
            .map((r) => r.text)
            .join(' · ')}
        >
          <Badge
            size="xs"
            color={reasonLook[source].color}
            variant={reasonLook[source].variant}
            data-reason={source}
          >
            {reasonLook[source].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
