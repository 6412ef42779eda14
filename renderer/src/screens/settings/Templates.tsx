import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type {
  MessageChannel,
  MessagePurpose,
  MessageTemplateView,
  TemplateList,
} from '../../../../core/api/contract';
import { act, notifySuccess, useApi } from '../../api/hooks';
import { Failed, LinesSkeleton } from '../../components/states';

const purposes: { value: MessagePurpose; label: string }[] = [
  { value: 'new-arrivals', label: 'New arrivals' },
  { value: 'wishlist', label: 'Wish list' },
  { value: 'date', label: 'Important date' },
  { value: 'birthday', label: 'Birthday' },
  { value: 'thank-you', label: 'Thank you' },
  { value: 'check-in', label: 'Check-in' },
  { value: 'lapsing', label: 'Lapsing' },
  { value: 'selection', label: 'Selection' },
];
const channels: { value: MessageChannel; label: string }[] = [
  { value: 'email', label: 'E-mail' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
];
const languageNames: Record<string, string> = { en: 'English', fr: 'Français', it: 'Italiano' };
const labelOf = <T extends string>(list: { value: T; label: string }[], value: T) =>
  list.find((x) => x.value === value)?.label ?? value;

type Draft = Omit<MessageTemplateView, 'id'>;

function builtInFor(list: TemplateList, d: Pick<Draft, 'purpose' | 'language' | 'channel'>) {
  return list.builtIn.find(
    (t) => t.purpose === d.purpose && t.language === d.language && t.channel === d.channel,
  );
}

function TemplateForm({
  list,
  initial,
  onClose,
}: {
  list: TemplateList;
  initial: Draft;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const fromBuiltIn = () => {
    const t = builtInFor(list, draft);
    if (t) set({ subject: t.subject, body: t.body });
  };
  const save = async () => {
    const saved = await act('Saving the template', 'templates.save', draft);
    if (!saved) return;
    notifySuccess(`Template “${saved.name}” saved`);
    onClose();
  };
  return (
    <Stack gap="sm">
      <TextInput
        label="Name"
        required
        value={draft.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
      />
      <Group grow>
        <Select
          label="For"
          data={purposes}
          value={draft.purpose}
          allowDeselect={false}
          onChange={(v) => v && set({ purpose: v })}
        />
        <Select
          label="Language"
          data={list.languages.map((l) => ({ value: l, label: languageNames[l] ?? l }))}
          value={draft.language}
          allowDeselect={false}
          onChange={(v) => v && set({ language: v })}
        />
        <Select
          label="Channel"
          data={channels}
          value={draft.channel}
          allowDeselect={false}
          onChange={(v) => v && set({ channel: v })}
        />
      </Group>
      {draft.channel === 'email' && (
        <TextInput
          label="Subject"
          value={draft.subject ?? ''}
          onChange={(e) => set({ subject: e.currentTarget.value })}
        />
      )}
      <Textarea
        label="Message"
        required
        autosize
        minRows={8}
        value={draft.body}
        onChange={(e) => set({ body: e.currentTarget.value })}
        data-testid="template-body"
      />
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          Merge fields:
        </Text>
        {list.mergeFields.map((f) => (
          <Badge key={f} variant="light" size="sm" tt="none">{`{{${f}}}`}</Badge>
        ))}
      </Group>
      <Group justify="space-between">
        <Button variant="subtle" onClick={fromBuiltIn}>
          Start from the built-in text
        </Button>
        <Group gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()}>Save template</Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** The boutique's own message templates: they replace the built-in text for their purpose, language and channel. */
export function Templates() {
  const list = useApi('templates.list', {}, { reloadOn: ['outreach'] });
  const [editing, setEditing] = useState<Draft | null>(null);
  if (list.error) return <Failed error={list.error} retry={list.reload} />;
  if (!list.data) return <LinesSkeleton lines={3} height={40} />;
  const data = list.data;
  const blank = (): Draft => {
    const t = builtInFor(data, { purpose: 'new-arrivals', language: 'en', channel: 'email' });
    return {
      name: '',
      purpose: 'new-arrivals',
      language: 'en',
      channel: 'email',
      subject: t?.subject ?? '',
      body: t?.body ?? '',
    };
  };
  const remove = async (t: MessageTemplateView) => {
    if (t.id === null || !window.confirm(`Remove the template “${t.name}”?`)) return;
    if (await act('Removing the template', 'templates.remove', { templateId: t.id }))
      notifySuccess('Template removed');
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3}>Message templates</Title>
          <Text size="sm" c="dimmed">
            The boutique’s own words for a purpose, language and channel; without one, messages use the
            built-in text.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(blank())}>
          New template
        </Button>
      </Group>
      {data.templates.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="no-templates">
          No template of the boutique’s own yet.
        </Text>
      ) : (
        <Table aria-label="Message templates" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>For</Table.Th>
              <Table.Th>Language</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.templates.map((t) => (
              <Table.Tr key={t.id} data-testid="template-row">
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{labelOf(purposes, t.purpose)}</Table.Td>
                <Table.Td>{languageNames[t.language] ?? t.language}</Table.Td>
                <Table.Td>{labelOf(channels, t.channel)}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Edit">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Edit ${t.name}`}
                        onClick={() => setEditing(t)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Remove">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${t.name}`}
                        onClick={() => void remove(t)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Message template" size="lg">
        {editing && <TemplateForm list={data} initial={editing} onClose={() => setEditing(null)} />}
      </Modal>
    </Card>
  );
}
