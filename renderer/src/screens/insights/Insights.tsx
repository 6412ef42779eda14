import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconDownload, IconFlame, IconUsersGroup } from '@tabler/icons-react';
import type { BookScope, Segment, SegmentTasteView as SegmentTaste } from '../../../../core/api/contract';
import { call } from '../../api/client';
import { useApi } from '../../api/hooks';
import { navigate } from '../../app/router';
import { ItemImage } from '../../components/ItemImage';
import { formatMoney, plural } from '../../components/format';
import { Empty, Failed, LinesSkeleton } from '../../components/states';
import { RunLine } from '../profile/Interests';
import { Attribution } from './Attribution';
import { showClientsWithInterest } from '../clients/ClientBook';
import { saveClientList } from '../clients/ExportList';
import { BookScopeControl, useBookScope } from '../../components/BookScope';

/** Hero items name their largest segments; the rest are one hover away. */
const shownSegments = 4;
/** A segment card names its biggest stores; the rest are one hover away. */
const shownStores = 3;

const facetColour: Record<SegmentTaste['facet'], string> = {
  style: 'violet',
  material: 'teal',
  colour: 'pink',
  category: 'blue',
  occasion: 'orange',
  maison: 'grape',
  price: 'yellow',
};

const percent = (share: number) => `${Math.round(share * 100)}%`;

async function exportSegment(segment: Segment, format: 'csv' | 'xlsx', scope: BookScope) {
  await saveClientList(
    `Exporting “${segment.name}”`,
    await call('insights.exportSegment', { segment: segment.key, format, scope }),
  );
}

function StoreSizes({ stores }: { stores: Segment['stores'] }) {
  const name = (s: Segment['stores'][number]) => s.store ?? 'No store';
  const rest = stores.slice(shownStores);
  return (
    <Text size="xs" c="dimmed" data-testid="segment-stores">
      {stores
        .slice(0, shownStores)
        .map((s) => `${name(s)}: ${s.clients}`)
        .join(' · ')}
      {rest.length > 0 && (
        <Tooltip multiline w={260} label={rest.map((s) => `${name(s)}: ${s.clients}`).join(', ')}>
          <Text span size="xs" c="dimmed" tabIndex={0} td="underline dotted">
            {` · ${plural(rest.length, 'more store')}`}
          </Text>
        </Tooltip>
      )}
    </Text>
  );
}

function SegmentCard({ segment, largest, scope }: { segment: Segment; largest: number; scope: BookScope }) {
  return (
    <Card withBorder data-testid="segment" data-key={segment.key}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <IconUsersGroup size={18} color="var(--mantine-color-violet-6)" style={{ flexShrink: 0 }} />
          <Text fw={600} truncate="end" title={segment.name} data-testid="segment-name">
            {segment.name}
          </Text>
        </Group>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconDownload size={14} />}
              aria-label={`Export ${segment.name}`}
              style={{ flexShrink: 0 }}
            >
              Export
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Campaign list</Menu.Label>
            <Menu.Item onClick={() => void exportSegment(segment, 'csv', scope)}>CSV</Menu.Item>
            <Menu.Item onClick={() => void exportSegment(segment, 'xlsx', scope)}>XLSX</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Group gap={4} mt={6}>
        {segment.tastes.map((t) => (
          <Tooltip
            key={t.feature}
            label={`${t.facet}: held by ${percent(t.share)} of the segment, ${t.lift.toFixed(1)}× the book's rate`}
          >
            <Badge size="sm" variant="light" color={facetColour[t.facet]} tt="none" tabIndex={0}>
              {t.feature} · {percent(t.share)}
            </Badge>
          </Tooltip>
        ))}
      </Group>
      <Group gap="xs" mt="xs" wrap="nowrap">
        <Progress
          value={(segment.clientCount / largest) * 100}
          color="violet"
          style={{ flex: 1 }}
          aria-hidden
        />
        <Text size="sm" fw={500} w={90} ta="right" data-testid="segment-size">
          {plural(segment.clientCount, 'client')}
        </Text>
      </Group>
      <Group gap="xs" mt={4} justify="space-between" wrap="nowrap">
        <StoreSizes stores={segment.stores} />
        <Tooltip
          multiline
          w={280}
          label={`Across the boutique these clients share these tastes ${segment.lift.toFixed(1)} times as often as chance would have it; ${segment.distinctness.toFixed(1)}× once smoothed for the segment's size, which orders the list.`}
        >
          <Text
            size="xs"
            c="dimmed"
            tabIndex={0}
            style={{ flexShrink: 0 }}
            data-testid="segment-distinctness"
          >
            {segment.distinctness.toFixed(1)}× distinct
          </Text>
        </Tooltip>
      </Group>
      <Group gap={6} mt="xs">
        {segment.clients.slice(0, 6).map((c) => (
          <Anchor key={c.id} href={`#/clients/${c.id}`} size="xs">
            {c.name}
          </Anchor>
        ))}
        <Anchor
          size="xs"
          component="button"
          onClick={() => {
            showClientsWithInterest(segment.key, segment.name);
            navigate('/clients');
          }}
        >
          All in the client book →
        </Anchor>
      </Group>
    </Card>
  );
}

export function Insights() {
  const { scope } = useBookScope();
  // Reloaded when someone else signs in ('outreach'): "my book" is theirs.
  const insights = useApi('insights.overview', { scope }, { reloadOn: ['engine', 'outreach'] });
  if (insights.error) return <Failed error={insights.error} retry={insights.reload} />;
  const data = insights.data;
  const largest = Math.max(1, ...(data?.segments ?? []).map((s) => s.clientCount));
  return (
    <Stack gap="md">
      <div>
        <Group justify="space-between" align="flex-end">
          <Title order={2}>Insights</Title>
          <BookScopeControl />
        </Group>
        <Text size="sm" c="dimmed">
          Micro-segments: clients who share a combination of inferred tastes, most distinct first, ready to
          export for a campaign. Hero items: pieces that resonate across several segments.
        </Text>
        {data && <RunLine run={data.run} what="Segments" />}
      </div>
      {!data ? (
        <LinesSkeleton lines={6} height={90} />
      ) : !data.run ? (
        <Card withBorder>
          <Empty
            title="No insights yet"
            description={
              <>
                Run the optimisation on{' '}
                <Anchor href="#/engine" underline="always">
                  Engine & model
                </Anchor>{' '}
                to find taste groups.
              </>
            }
          />
        </Card>
      ) : (
        <>
          <Title order={3}>Micro-segments</Title>
          {data.segments.length === 0 ? (
            <Text c="dimmed">No combination of tastes is shared by enough clients yet.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
              {data.segments.map((s) => (
                <SegmentCard key={s.key} segment={s} largest={largest} scope={scope} />
              ))}
            </SimpleGrid>
          )}
          <Group gap="xs">
            <IconFlame size={20} />
            <Title order={3}>Hero items</Title>
          </Group>
          {data.heroItems.length === 0 ? (
            <Text c="dimmed">No item is recommended across several groups yet.</Text>
          ) : (
            <SimpleGrid cols={{ base: 2, md: 4, xl: 6 }} spacing="sm">
              {data.heroItems.map((h) => (
                <Card key={h.item.id} withBorder padding="sm" data-testid="hero-item">
                  <Card.Section>
                    <ItemImage src={h.item.image} title={h.item.title} maison={h.item.maison} height={130} />
                  </Card.Section>
                  <Text size="xs" tt="uppercase" c="dimmed" fw={600} mt="xs">
                    {h.item.maison ?? '—'}
                  </Text>
                  <Text size="sm" fw={500} lineClamp={2}>
                    {h.item.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatMoney(h.item.priceMinor, h.item.currency)} · for {plural(h.clientCount, 'client')}
                  </Text>
                  <Text size="xs" c="dimmed" mt={4}>
                    across {plural(h.segments.length, 'segment')}
                  </Text>
                  <Group gap={4} mt={2}>
                    {h.segments.slice(0, shownSegments).map((s) => (
                      <Badge
                        key={s.key}
                        size="xs"
                        color="violet"
                        variant="light"
                        tt="none"
                        title={`${plural(s.clients, 'client')} of the "${s.name}" segment`}
                      >
                        {s.name} · {s.clients}
                      </Badge>
                    ))}
                    {h.segments.length > shownSegments && (
                      <Tooltip
                        multiline
                        w={260}
                        label={h.segments
                          .slice(shownSegments)
                          .map((s) => `${s.name} (${s.clients})`)
                          .join(', ')}
                      >
                        <Badge size="xs" color="gray" variant="light" tt="none" tabIndex={0}>
                          +{h.segments.length - shownSegments} more
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </>
      )}
      <Attribution />
    </Stack>
  );
}
