import { useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Chip,
  Group,
  MultiSelect,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconDiamond, IconSearch } from '@tabler/icons-react';
import { useApi } from '../../api/hooks';
import { navigate } from '../../app/router';
import { AddToSelection } from '../../components/AddToSelection';
import { ItemImage } from '../../components/ItemImage';
import { formatMoney } from '../../components/format';
import { Empty, Failed, LinesSkeleton } from '../../components/states';

const featureHref = (feature: string | null) =>
  feature ? `/catalog?feature=${encodeURIComponent(feature)}` : '/catalog';

export function Catalog({ feature }: { feature: string | null }) {
  const [search, setSearch] = useState('');
  const [maisons, setMaisons] = useState<string[]>([]);
  const [category, setCategory] = useState<string | null>(null);
  const [sort, setSort] = useState<'title' | 'maison' | 'price' | 'newest'>('title');
  const [limit, setLimit] = useState(60);
  const facets = useApi('catalog.facets', {}, { reloadOn: ['catalog', 'engine'] });
  const items = useApi(
    'catalog.search',
    { search, maisons, category: category ?? '', sort, limit, ...(feature ? { feature } : {}) },
    { reloadOn: ['catalog', 'engine'] },
  );
  const source = facets.data?.featureSource ?? null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Catalog</Title>
          <Text size="sm" c="dimmed" data-testid="feature-source">
            {source
              ? `Semantic features by the ${source.reasoner} reasoner${source.model ? ` (${source.model})` : ''}, prompt ${source.promptVersion}, run #${source.runId}`
              : 'No semantic features yet: run reasoning on the Engine & model screen.'}
          </Text>
        </div>
        <Text size="sm" c="dimmed" aria-live="polite">
          {items.data ? `${items.data.total} items` : ''}
        </Text>
      </Group>
      <Group gap="xs" align="flex-end">
        <TextInput
          aria-label="Search the catalog"
          placeholder="Title, maison or reference"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 260px' }}
        />
        <MultiSelect
          aria-label="Maison"
          placeholder="Maison"
          data={(facets.data?.maisons ?? []).map((m) => ({
            value: m.value,
            label: `${m.value} (${m.count})`,
          }))}
          value={maisons}
          onChange={setMaisons}
          clearable
          searchable
          w={220}
        />
        <Select
          aria-label="Category"
          placeholder="Category"
          data={(facets.data?.categories ?? []).map((c) => ({
            value: c.value,
            label: `${c.value} (${c.count})`,
          }))}
          value={category}
          onChange={setCategory}
          clearable
          w={200}
        />
        <Select
          aria-label="Feature"
          placeholder="Semantic feature"
          searchable
          clearable
          data={(facets.data?.features ?? []).map((f) => ({
            value: f.value,
            label: `${f.value} (${f.count})`,
          }))}
          value={feature}
          onChange={(value) => navigate(featureHref(value))}
          w={220}
        />
        <Select
          aria-label="Sort items by"
          value={sort}
          allowDeselect={false}
          onChange={(v) => v && setSort(v)}
          data={[
            { value: 'title', label: 'Title' },
            { value: 'maison', label: 'Maison' },
            { value: 'price', label: 'Price' },
            { value: 'newest', label: 'Newest' },
          ]}
          w={130}
        />
      </Group>
      {facets.data && facets.data.features.length > 0 && (
        <ScrollArea type="auto" offsetScrollbars>
          <Chip.Group
            value={feature ?? ''}
            onChange={(value) => navigate(featureHref(value === feature ? null : value))}
          >
            <Group gap={6} wrap="nowrap" pb={4}>
              {facets.data.features.slice(0, 40).map((f) => (
                <Chip key={f.value} value={f.value} size="xs" variant="outline">
                  {f.value} · {f.count}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </ScrollArea>
      )}
      {items.error ? (
        <Failed error={items.error} retry={items.reload} />
      ) : !items.data ? (
        <LinesSkeleton lines={6} height={120} />
      ) : items.data.rows.length === 0 ? (
        <Empty
          icon={<IconDiamond size={32} stroke={1.4} />}
          title="No item matches"
          description="Try other words, or clear the feature filter."
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 3, xl: 5 }} spacing="sm" data-testid="catalog-grid">
            {items.data.rows.map((item) => (
              <Card key={item.id} withBorder padding="sm" data-testid="catalog-item">
                <Card.Section>
                  <ItemImage src={item.image} title={item.title} maison={item.maison} height={150} />
                </Card.Section>
                <Stack gap={4} mt="xs">
                  <Text size="xs" tt="uppercase" c="dimmed" fw={600}>
                    {item.maison ?? '—'}
                  </Text>
                  <Text size="sm" fw={500} lineClamp={2}>
                    {item.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {item.category.join(' › ')} · {formatMoney(item.priceMinor, item.currency)}
                  </Text>
                  <Group gap={4}>
                    {item.features.slice(0, 6).map((f) => (
                      <Tooltip key={f.feature} label={`${f.facet}, weight ${f.weight.toFixed(2)}`}>
                        <Badge
                          size="xs"
                          variant={f.feature === feature ? 'filled' : 'light'}
                          component="a"
                          href={`#${featureHref(f.feature)}`}
                          style={{ cursor: 'pointer', textTransform: 'none' }}
                        >
                          {f.feature}
                        </Badge>
                      </Tooltip>
                    ))}
                  </Group>
                  <Group justify="flex-end">
                    <AddToSelection
                      itemId={item.id}
                      itemTitle={item.title}
                      clientId={null}
                      clientName={null}
                    />
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
          {items.data.total > items.data.rows.length && (
            <Button
              variant="subtle"
              loading={items.loading}
              onClick={() => setLimit((l) => Math.min(500, l + 60))}
            >
              Show more ({items.data.total - items.data.rows.length} more)
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
