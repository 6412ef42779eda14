import { useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconLayoutList, IconMailOff, IconPlus } from '@tabler/icons-react';
import { act, useApi } from '../../api/hooks';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../components/format';
import { Empty, Failed, LinesSkeleton } from '../../components/states';

function NewSelection({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [clientSearch, setClientSearch] = useState('');
  const [clientId, setClientId] = useState<string | null>(null);
  const clients = useApi('clients.search', opened ? { search: clientSearch, limit: 20 } : null, {
    quiet: true,
  });
  const create = async () => {
    const created = await act('Creating the selection', 'selections.create', {
      title,
      clientId: clientId ? Number(clientId) : null,
    });
    if (created) {
      onClose();
      navigate(`/selections/${created.id}`);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New selection">
      <Stack>
        <TextInput
          label="Title"
          placeholder="Autumn pieces for the gala"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-autofocus
        />
        <Select
          label="For client (optional)"
          placeholder="Search a client"
          searchable
          clearable
          searchValue={clientSearch}
          onSearchChange={setClientSearch}
          value={clientId}
          onChange={setClientId}
          filter={({ options }) => options}
          data={(clients.data?.rows ?? []).map((c) => ({
            value: String(c.id),
            label: `${c.name} · ${c.externalId}`,
          }))}
          nothingFoundMessage="No client found"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!title.trim()} onClick={() => void create()}>
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function SelectionList() {
  const selections = useApi('selections.list', {}, { reloadOn: ['selections'] });
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={2}>Selections</Title>
          <Text size="sm" c="dimmed">
            Curated pieces for a client or a campaign, exported as a lookbook, a spreadsheet or a message.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New selection
        </Button>
      </Group>
      <NewSelection opened={creating} onClose={() => setCreating(false)} />
      {selections.error ? (
        <Failed error={selections.error} retry={selections.reload} />
      ) : !selections.data ? (
        <LinesSkeleton lines={6} height={40} />
      ) : selections.data.length === 0 ? (
        <Card withBorder>
          <Empty
            icon={<IconLayoutList size={32} stroke={1.4} />}
            title="No selection yet"
            description="Build one from a client's recommendations (“Add to selection”) or start an empty one."
            action={<Button onClick={() => setCreating(true)}>New selection</Button>}
          />
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <Table highlightOnHover verticalSpacing="sm" aria-label="Selections">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>Prepared by</Table.Th>
                <Table.Th>Pieces</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {selections.data.map((s) => (
                <Table.Tr
                  key={s.id}
                  className="clickable-row"
                  tabIndex={0}
                  onClick={() => navigate(`/selections/${s.id}`)}
                  onKeyDown={(e) => e.key === 'Enter' && navigate(`/selections/${s.id}`)}
                  data-testid="selection-row"
                >
                  <Table.Td>
                    <Text fw={500}>{s.title}</Text>
                    {s.message && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {s.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{s.clientName ?? '—'}</Text>
                      {s.consentMarketing === false && (
                        <Tooltip label="Refused marketing: exports need confirmation">
                          <Badge
                            size="xs"
                            color="orange"
                            variant="light"
                            leftSection={<IconMailOff size={10} />}
                          >
                            no marketing
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.author ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>{s.itemCount}</Table.Td>
                  <Table.Td>{formatDateTime(s.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
