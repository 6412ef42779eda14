import { memo } from 'react';
import { Anchor, Badge, Button, Card, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconMessage, IconPhone } from '@tabler/icons-react';
import type { TodayEntry, TodayKind } from '../../../../core/api/contract';
import { ItemImage } from '../../components/ItemImage';
import { formatMoney } from '../../components/format';

export const kindLabels: Record<TodayKind, string> = {
  'follow-up': 'Follow-up',
  date: 'Date',
  'new-arrivals': 'New arrivals',
  wishlist: 'Wish list',
  lapsing: 'Lapsing',
};
const kindColors: Record<TodayKind, string> = {
  'follow-up': 'blue',
  date: 'grape',
  'new-arrivals': 'teal',
  wishlist: 'pink',
  lapsing: 'orange',
};

/** One client to contact: why, in plain words, the pieces to suggest, and what to do. */
export const TodayLine = memo(function TodayLine({
  entry,
  onMessage,
  onLogged,
}: {
  entry: TodayEntry;
  onMessage: (entry: TodayEntry) => void;
  onLogged: (entry: TodayEntry, channel: 'phone' | 'in-person') => void;
}) {
  const c = entry.client;
  return (
    <Card withBorder component="article" data-testid="today-line" aria-labelledby={`today-${c.id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} miw={0}>
          <Group gap="xs">
            <Anchor href={`#/clients/${c.id}`} fw={600} id={`today-${c.id}`}>
              {c.name}
            </Anchor>
            {c.tier ? (
              <Badge size="xs" variant="outline" color="gray">
                {c.tier}
              </Badge>
            ) : null}
            {entry.kinds.map((k) => (
              <Badge key={k} size="xs" variant="light" color={kindColors[k]}>
                {kindLabels[k]}
              </Badge>
            ))}
            {!entry.canMessage ? (
              <Tooltip label="Refused marketing: no message, no selection">
                <Badge size="xs" color="red" variant="outline" tabIndex={0}>
                  No marketing
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {entry.reasons.map((r, i) => (
              <Text component="li" key={i} size="sm" data-testid="today-reason">
                {r.text}
              </Text>
            ))}
          </Stack>
          {entry.frequency.exceeded ? (
            <Text size="xs" c="orange.8">
              Contacted {entry.frequency.recent} time(s) in the last {entry.frequency.withinDays} days
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          {entry.canMessage ? (
            <Button size="xs" leftSection={<IconMessage size={14} />} onClick={() => onMessage(entry)}>
              Message
            </Button>
          ) : null}
          <Menu position="bottom-end">
            <Menu.Target>
              <Button size="xs" variant="default" leftSection={<IconPhone size={14} />}>
                Log contact
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onLogged(entry, 'phone')}>Called</Menu.Item>
              <Menu.Item onClick={() => onLogged(entry, 'in-person')}>Saw in person</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {entry.pieces.length > 0 ? (
        <Group gap="sm" mt="sm" wrap="nowrap" style={{ overflowX: 'auto' }}>
          {entry.pieces.map((p) => (
            <Stack key={p.id} gap={2} w={150} data-testid="today-piece">
              <ItemImage src={p.image} title={p.title} maison={p.maison} height={110} />
              <Text size="xs" fw={600} lineClamp={1} title={p.title}>
                {p.title}
              </Text>
              <Text size="xs" c="dimmed">
                {formatMoney(p.priceMinor, p.currency)}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2} title={p.why}>
                {p.why}
              </Text>
            </Stack>
          ))}
        </Group>
      ) : null}
    </Card>
  );
});
