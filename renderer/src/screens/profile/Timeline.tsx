import { memo, useDeferredValue, useState } from 'react';
import { Badge, Button, Card, Group, Text, Timeline, Title } from '@mantine/core';
import {
  IconArrowBackUp,
  IconEye,
  IconHanger,
  IconHeart,
  IconShoppingBag,
  type Icon,
} from '@tabler/icons-react';
import type { InteractionKind } from '../../../../core/api/contract';
import { useApi } from '../../api/hooks';
import { formatDate, formatMoney } from '../../components/format';
import { Empty, LinesSkeleton } from '../../components/states';
import { firstTimelinePage, profileQueries } from './queries';

export const kindLook: Record<InteractionKind, { label: string; color: string; icon: Icon }> = {
  purchase: { label: 'Purchase', color: 'teal', icon: IconShoppingBag },
  return: { label: 'Return', color: 'red', icon: IconArrowBackUp },
  'try-on': { label: 'Try-on', color: 'grape', icon: IconHanger },
  wishlist: { label: 'Wishlist', color: 'pink', icon: IconHeart },
  view: { label: 'View', color: 'gray', icon: IconEye },
};

/**
 * Events drawn with the profile's first paint: about what the right column shows above the fold. The older
 * ones follow in a background render, so a long history does not hold up the click.
 */
const eventsInFirstPaint = 6;

export const ClientTimeline = memo(function ClientTimeline({ clientId }: { clientId: number }) {
  const [limit, setLimit] = useState(firstTimelinePage);
  const timeline = useApi('clients.timeline', profileQueries(clientId).timeline(limit), {
    reloadOn: ['clients'],
  });
  const events = timeline.data?.rows ?? [];
  const deferredCount = useDeferredValue(events.length, Math.min(events.length, eventsInFirstPaint));
  const shown = events.slice(0, Math.max(deferredCount, Math.min(events.length, eventsInFirstPaint)));
  return (
    <Card withBorder component="section" aria-labelledby="timeline-title">
      <Group justify="space-between" mb="sm">
        <Title order={4} id="timeline-title">
          Timeline
        </Title>
        {timeline.data && (
          <Text size="xs" c="dimmed">
            {timeline.data.total} events
          </Text>
        )}
      </Group>
      {!timeline.data ? (
        <LinesSkeleton lines={6} />
      ) : events.length === 0 ? (
        <Empty title="Nothing yet" description="Purchases, try-ons and wishes will show here." />
      ) : (
        <>
          <Timeline bulletSize={24} lineWidth={2}>
            {shown.map((e) => {
              const look = kindLook[e.kind];
              return (
                <Timeline.Item
                  key={e.id}
                  color={look.color}
                  bullet={<look.icon size={13} />}
                  title={
                    <Group gap="xs" wrap="nowrap">
                      <Badge size="xs" color={look.color} variant="light">
                        {look.label}
                      </Badge>
                      <Text size="sm" fw={500} truncate>
                        {e.item.title}
                      </Text>
                    </Group>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {formatDate(e.occurredAt)}
                    {e.item.maison ? ` · ${e.item.maison}` : ''}
                    {e.amountMinor !== null ? ` · ${formatMoney(e.amountMinor, e.currency)}` : ''}
                    {e.quantity > 1 ? ` · ×${e.quantity}` : ''}
                    {e.channel ? ` · ${e.channel}` : ''}
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
          {timeline.data.total > events.length && (
            <Button
              variant="subtle"
              fullWidth
              mt="sm"
              loading={timeline.loading}
              onClick={() => setLimit((l) => l + 50)}
            >
              Show more ({timeline.data.total - events.length} older)
            </Button>
          )}
        </>
      )}
    </Card>
  );
});
