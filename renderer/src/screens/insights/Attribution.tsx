import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import type { AttributionFigures } from '../../../../core/api/contract';
import { useApi } from '../../api/hooks';
import { formatDate, formatMoney } from '../../components/format';
import { LinesSkeleton } from '../../components/states';

const sourceNames = {
  explicit: 'The client’s own interests',
  group: 'Similar clients',
  sequence: 'What follows a purchase',
  popular: 'Boutique favourites',
  associate: 'The associate’s own pick',
} as const;

const share = (f: AttributionFigures) => (f.share === null ? '—' : `${Math.round(f.share * 100)}%`);
const revenue = (f: AttributionFigures) =>
  f.revenue.length === 0 ? '—' : f.revenue.map((r) => formatMoney(r.amountMinor, r.currency)).join(' + ');

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600}>
        {value}
      </Text>
    </Card>
  );
}

/**
 * Whether the inferences sell: contacts made, selections sent, the share followed by a purchase within the
 * window, the revenue influenced, and which of the engine's reasons the bought pieces came from.
 */
export function Attribution() {
  const view = useApi('outreach.attribution', {}, { reloadOn: ['outreach', 'clients'] }).data;
  if (!view) return <LinesSkeleton lines={4} />;
  const t = view.totals;
  return (
    <Stack>
      <Group gap="xs">
        <IconTargetArrow size={20} />
        <Title order={3}>What the contacts sold</Title>
        <Text size="sm" c="dimmed">
          purchases of a piece sent, or of its variants, within {view.windowDays} days
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm" data-testid="attribution-totals">
        <Figure label="Contacts" value={String(t.contacts)} />
        <Figure label="Selections sent" value={String(t.selectionsSent)} />
        <Figure label="Led to a purchase" value={share(t)} />
        <Figure
          label="Influenced purchases"
          value={String(t.influencedPurchases)}
          testId="influenced-purchases"
        />
        <Figure label="Revenue influenced" value={revenue(t)} />
      </SimpleGrid>
      <Text size="sm">
        Where the pieces bought came from:{' '}
        {Object.entries(t.bySource)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${sourceNames[s as keyof typeof sourceNames]} ${n}`)
          .join(' · ') || 'nothing bought yet'}
      </Text>
      <Table striped withTableBorder data-testid="attribution-associates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Associate</Table.Th>
            <Table.Th>Store</Table.Th>
            <Table.Th ta="right">Contacts</Table.Th>
            <Table.Th ta="right">Selections</Table.Th>
            <Table.Th ta="right">Led to a purchase</Table.Th>
            <Table.Th ta="right">Revenue influenced</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.byAssociate.slice(0, 30).map((a) => (
            <Table.Tr key={`${a.associate}|${a.store ?? ''}`}>
              <Table.Td>{a.associate}</Table.Td>
              <Table.Td>{a.store ?? '—'}</Table.Td>
              <Table.Td ta="right">{a.contacts}</Table.Td>
              <Table.Td ta="right">{a.selectionsSent}</Table.Td>
              <Table.Td ta="right">{share(a)}</Table.Td>
              <Table.Td ta="right">{revenue(a)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {view.recent.length > 0 ? (
        <Text size="xs" c="dimmed">
          Latest: {view.recent[0]!.clientName} bought {view.recent[0]!.title} on{' '}
          {formatDate(view.recent[0]!.purchasedAt)}, sent by {view.recent[0]!.associate} on{' '}
          {formatDate(view.recent[0]!.contactedAt)}.
        </Text>
      ) : null}
    </Stack>
  );
}
