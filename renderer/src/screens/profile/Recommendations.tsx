import { memo } from 'react';
import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconGift } from '@tabler/icons-react';
import type { ClientDetail, ClientRecommendations } from '../../../../core/api/contract';
import { AddToSelection } from '../../components/AddToSelection';
import { ItemImage } from '../../components/ItemImage';
import { ReasonBadges } from '../../components/ReasonBadges';
import { formatMoney } from '../../components/format';
import { Empty } from '../../components/states';
import { RunLine } from './Interests';

export const RecommendationCards = memo(function RecommendationCards({
  client,
  recommendations,
}: {
  client: ClientDetail;
  recommendations: ClientRecommendations;
}) {
  return (
    <Card withBorder component="section" aria-labelledby="recommendations-title">
      <Group gap="xs" mb="sm">
        <IconGift size={18} />
        <Title order={4} id="recommendations-title">
          Recommendations
        </Title>
      </Group>
      {recommendations.items.length === 0 ? (
        <Empty
          title="No recommendation yet"
          description={
            recommendations.profilingAllowed
              ? 'Run the engine to recommend pieces with their reasons.'
              : 'This client refused profiling.'
          }
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {recommendations.items.map((r) => (
            <Card
              key={r.item.id}
              withBorder
              padding="sm"
              data-testid="recommendation"
              aria-label={r.item.title}
            >
              <Card.Section>
                <ItemImage src={r.item.image} title={r.item.title} maison={r.item.maison} height={140} />
              </Card.Section>
              <Stack gap={4} mt="xs">
                <Text size="xs" tt="uppercase" c="dimmed" fw={600} style={{ letterSpacing: '0.08em' }}>
                  {r.item.maison ?? '—'}
                </Text>
                <Text size="sm" fw={500} lineClamp={2} data-testid="recommendation-title">
                  {r.item.title}
                </Text>
                <Group justify="space-between">
                  <Text size="sm">{formatMoney(r.item.priceMinor, r.item.currency)}</Text>
                  <ReasonBadges reasons={r.reasons} />
                </Group>
                {/* The strongest reason in full; a second one, if it carries a real share, may be cut. */}
                {r.reasons.slice(0, 2).map((reason, k) => (
                  <Text
                    key={reason.source + reason.text}
                    size="xs"
                    c="dimmed"
                    lineClamp={k === 0 ? undefined : 2}
                    data-testid={k === 0 ? 'recommendation-reason' : undefined}
                  >
                    {reason.text}
                  </Text>
                ))}
                <Group justify="flex-end" mt={4}>
                  <AddToSelection
                    itemId={r.item.id}
                    itemTitle={r.item.title}
                    clientId={client.id}
                    clientName={client.name}
                  />
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <RunLine run={recommendations.run} what="Recommendations" />
    </Card>
  );
});
