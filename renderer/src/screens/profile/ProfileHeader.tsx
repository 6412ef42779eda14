import { memo } from 'react';
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconMail, IconMailOff, IconPhone, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import type { ClientDetail } from '../../../../core/api/contract';
import { formatDate, formatMoney } from '../../components/format';

const kindLabels: Record<keyof ClientDetail['interactionCounts'], string> = {
  purchase: 'purchases',
  return: 'returns',
  'try-on': 'try-ons',
  wishlist: 'wishlisted',
  view: 'views',
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export const ProfileHeader = memo(function ProfileHeader({ client }: { client: ClientDetail }) {
  const value = client.lifetimeValue.length
    ? client.lifetimeValue.map((m) => formatMoney(m.amountMinor, m.currency)).join(' + ')
    : formatMoney(0, null);
  return (
    <Card withBorder padding="lg" component="section" aria-label="Client">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} data-testid="profile-name">
              {client.name}
            </Title>
            {client.tier && (
              <Badge size="lg" variant="filled">
                {client.tier}
              </Badge>
            )}
          </Group>
          <Group gap="md" c="dimmed">
            <Text size="sm">No. {client.externalId}</Text>
            {client.email && (
              <Group gap={4}>
                <IconMail size={14} />
                <Text size="sm">{client.email}</Text>
              </Group>
            )}
            {client.phone && (
              <Group gap={4}>
                <IconPhone size={14} />
                <Text size="sm">{client.phone}</Text>
              </Group>
            )}
          </Group>
        </Stack>
        <Group gap="xs">
          <Tooltip
            label={client.consentMarketing ? 'May receive selections and campaigns' : 'Refused marketing'}
          >
            <Badge
              variant="light"
              color={client.consentMarketing ? 'teal' : 'orange'}
              leftSection={client.consentMarketing ? <IconMail size={12} /> : <IconMailOff size={12} />}
            >
              {client.consentMarketing ? 'Marketing: yes' : 'Marketing: refused'}
            </Badge>
          </Tooltip>
          <Tooltip
            label={
              client.consentProfiling
                ? 'Interests may be inferred'
                : 'Refused profiling: no inferred interests, never used as evidence'
            }
          >
            <Badge
              variant="light"
              color={client.consentProfiling ? 'teal' : 'red'}
              leftSection={client.consentProfiling ? <IconUserCheck size={12} /> : <IconUserOff size={12} />}
            >
              {client.consentProfiling ? 'Profiling: yes' : 'Profiling: refused'}
            </Badge>
          </Tooltip>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 6 }} mt="md" spacing="md">
        <Fact label="Lifetime value">
          <Text fw={600} data-testid="lifetime-value">
            {value}
          </Text>
        </Fact>
        <Fact label="Store">{client.store ?? '—'}</Fact>
        <Fact label="Associate">{client.associate ?? '—'}</Fact>
        <Fact label="Client since">{formatDate(client.firstSeen ?? client.createdAt)}</Fact>
        <Fact label="Last visit">{formatDate(client.lastVisit)}</Fact>
        <Fact label="Sizes">
          {Object.keys(client.sizes).length === 0 ? (
            '—'
          ) : (
            <Group gap={4}>
              {Object.entries(client.sizes).map(([what, size]) => (
                <Badge key={what} variant="outline" size="sm" tt="none">
                  {what} {size}
                </Badge>
              ))}
            </Group>
          )}
        </Fact>
      </SimpleGrid>
      <Group gap="lg" mt="md">
        {Object.entries(client.interactionCounts).map(([kind, n]) => (
          <Text key={kind} size="sm" c="dimmed">
            <Text span fw={600} c="var(--mantine-color-text)">
              {n}
            </Text>{' '}
            {kindLabels[kind as keyof typeof kindLabels]}
          </Text>
        ))}
        {client.tags.length > 0 && (
          <Group gap={4}>
            {client.tags.map((t) => (
              <Badge key={t} variant="dot" size="sm">
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Group>
      {client.preferences && (
        <Text size="sm" mt="sm" fs="italic">
          {client.preferences}
        </Text>
      )}
    </Card>
  );
});
