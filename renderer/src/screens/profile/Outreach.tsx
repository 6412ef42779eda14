import { memo, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { act, notifySuccess, useApi } from '../../api/hooks';
import { formatDateTime, formatMoney, plural } from '../../components/format';
import { LinesSkeleton } from '../../components/states';

// The months' names as the app writes dates (en-GB), from Intl rather than a list kept by hand.
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const months = Array.from({ length: 12 }, (_, i) => monthName.format(Date.UTC(2000, i, 1)));
const channelNames: Record<string, string> = {
  email: 'E-mail',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  phone: 'Call',
  'in-person': 'In person',
};

/** Her important dates: added, moved and removed here; Today and the birthday rule read them. */
function Dates({ clientId }: { clientId: number }) {
  const dates = useApi('clients.dates', { clientId }, { reloadOn: ['outreach'] });
  const [label, setLabel] = useState('Birthday');
  const [month, setMonth] = useState<string | null>(null);
  const [day, setDay] = useState<number | string>('');
  const [year, setYear] = useState<number | string>('');
  const add = async () => {
    const saved = await act('Saving the date', 'clients.setDate', {
      clientId,
      label,
      month: Number(month),
      day: Number(day),
      year: year === '' ? null : Number(year),
    });
    if (saved) {
      dates.reload();
      setDay('');
      setYear('');
      notifySuccess(`${saved.label} saved`);
    }
  };
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Important dates
      </Text>
      {!dates.data ? (
        <LinesSkeleton lines={2} />
      ) : dates.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No date yet.
        </Text>
      ) : (
        dates.data.map((d) => (
          <Group key={d.id} justify="space-between" data-testid="client-date">
            <Text size="sm">
              {d.label}: {d.day} {months[d.month - 1]}
              {d.year ? ` ${d.year}` : ''}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Remove ${d.label}`}
              onClick={() =>
                void act('Removing the date', 'clients.removeDate', { clientId, dateId: d.id }).then(
                  (left) => left && dates.reload(),
                )
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))
      )}
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="Label"
          size="xs"
          w={150}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <NumberInput label="Day" size="xs" w={70} min={1} max={31} value={day} onChange={setDay} />
        <Select
          label="Month"
          size="xs"
          w={120}
          value={month}
          onChange={setMonth}
          data={months.map((m, i) => ({ value: String(i + 1), label: m }))}
        />
        <NumberInput
          label="Year (optional)"
          size="xs"
          w={110}
          min={1800}
          max={2200}
          value={year}
          onChange={setYear}
        />
        <Button
          size="xs"
          variant="light"
          disabled={!label.trim() || !month || day === ''}
          onClick={() => void add()}
        >
          Add date
        </Button>
      </Group>
    </Stack>
  );
}

/** Every contact logged with her: who, when, how, and the pieces as they were sent. */
function Contacts({ clientId }: { clientId: number }) {
  const contacts = useApi('contacts.list', { clientId }, { reloadOn: ['outreach'] });
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Contacts
      </Text>
      {!contacts.data ? (
        <LinesSkeleton lines={2} />
      ) : contacts.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No contact logged yet.
        </Text>
      ) : (
        contacts.data.slice(0, 20).map((k) => (
          <div key={k.id} data-testid="contact-entry">
            <Group gap="xs">
              <Badge size="xs" variant="light">
                {channelNames[k.channel] ?? k.channel}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatDateTime(k.contactedAt)} · {k.associate}
              </Text>
            </Group>
            {k.pieces.length > 0 ? (
              <Text size="sm">
                Sent {plural(k.pieces.length, 'piece')}:{' '}
                {k.pieces.map((p) => `${p.title} (${formatMoney(p.priceMinor, p.currency)})`).join(', ')}
              </Text>
            ) : null}
            {k.message ? (
              <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
                {k.message}
              </Text>
            ) : null}
          </div>
        ))
      )}
    </Stack>
  );
}

export const ClientOutreach = memo(function ClientOutreach({ clientId }: { clientId: number }) {
  return (
    <Card withBorder component="section" aria-labelledby="outreach-title">
      <Title order={4} id="outreach-title" mb="sm">
        Contacts & dates
      </Title>
      <Stack gap="md">
        <Contacts clientId={clientId} />
        <Dates clientId={clientId} />
      </Stack>
    </Card>
  );
});
