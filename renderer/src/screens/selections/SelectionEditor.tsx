import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconMailOff, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Selection } from '../../../../core/api/contract';
import { act, useApi } from '../../api/hooks';
import { navigate } from '../../app/router';
import { formatMoney } from '../../components/format';
import { Empty, Failed, LinesSkeleton } from '../../components/states';
import { CatalogPicker } from './CatalogPicker';
import { ExportBar } from './ExportBar';
import { SortableItems } from './SortableItems';

function totals(selection: Selection): string {
  const byCurrency = new Map<string, number>();
  for (const item of selection.items) {
    if (item.priceMinor !== null && item.currency) {
      byCurrency.set(item.currency, (byCurrency.get(item.currency) ?? 0) + item.priceMinor);
    }
  }
  return [...byCurrency].map(([currency, minor]) => formatMoney(minor, currency)).join(' + ') || '—';
}

export function SelectionEditor({ selectionId }: { selectionId: number }) {
  const loaded = useApi('selections.get', { selectionId });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [picking, setPicking] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    setSelection(loaded.data);
    setTitle(loaded.data.title);
    setMessage(loaded.data.message);
  }, [loaded.data]);

  if (loaded.error) return <Failed error={loaded.error} retry={loaded.reload} />;
  if (!selection) return <LinesSkeleton lines={8} height={56} />;

  const apply = (next: Selection | undefined) => next && setSelection(next);
  const reorder = async (itemIds: number[]) => {
    // Shown at once; the stored order comes back from core (and replaces it if the write failed).
    const byId = new Map(selection.items.map((i) => [i.itemId, i]));
    setSelection({ ...selection, items: itemIds.map((id, position) => ({ ...byId.get(id)!, position })) });
    const stored = await act('Reordering', 'selections.reorder', { selectionId, itemIds });
    setSelection(stored ?? selection);
  };

  return (
    <Stack gap="md" data-testid="selection-editor">
      <Breadcrumbs>
        <Anchor href="#/selections">Selections</Anchor>
        <span>{selection.title}</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ flex: 1 }}>
          <TextInput
            aria-label="Selection title"
            variant="unstyled"
            size="xl"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-headings)', fontSize: 28 } }}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            onBlur={() =>
              title.trim() && title !== selection.title
                ? void act('Renaming', 'selections.update', { selectionId, title }).then(apply)
                : setTitle(selection.title)
            }
          />
          <Text size="sm" c="dimmed">
            {selection.client ? (
              <>
                For{' '}
                <Anchor href={`#/clients/${selection.client.id}`} underline="always">
                  {selection.client.name}
                </Anchor>{' '}
                ·{' '}
              </>
            ) : (
              'For no client in particular · '
            )}
            {selection.items.length} pieces · {totals(selection)}
          </Text>
        </Stack>
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setDeleting(true)}
        >
          Delete
        </Button>
      </Group>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={`Delete “${selection.title}”?`}>
        <Text size="sm">The selection and its notes are deleted; the pieces stay in the catalog.</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleting(false)}>
            Keep it
          </Button>
          <Button
            color="red"
            onClick={() =>
              void act('Deleting', 'selections.delete', { selectionId }).then(
                (done) => done && navigate('/selections'),
              )
            }
          >
            Delete
          </Button>
        </Group>
      </Modal>

      {selection.client && !selection.client.consentMarketing && (
        <Alert color="orange" icon={<IconMailOff />} title="Refused marketing" data-testid="consent-warning">
          {selection.client.name} refused marketing communications: Atelier asks before exporting anything for
          them.
        </Alert>
      )}

      <Card withBorder>
        <Textarea
          label="Personal message"
          description="Opens the lookbook and the text message."
          placeholder={`Dear ${selection.client?.name.split(' ')[0] ?? '…'}, …`}
          autosize
          minRows={3}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          onBlur={() =>
            message !== selection.message &&
            void act('Saving the message', 'selections.update', { selectionId, message }).then(apply)
          }
        />
      </Card>

      <Group justify="space-between">
        <Title order={4}>Pieces</Title>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setPicking(true)}>
          Add from catalog
        </Button>
      </Group>
      {selection.items.length === 0 ? (
        <Card withBorder>
          <Empty
            title="No piece yet"
            description="Add pieces from the catalog, or from a client's recommendations."
          />
        </Card>
      ) : (
        <SortableItems
          items={selection.items}
          onReorder={(ids) => void reorder(ids)}
          onRemove={(itemId) =>
            void act('Removing', 'selections.removeItem', { selectionId, itemId }).then(apply)
          }
          onNote={(itemId, note) =>
            void act('Saving the note', 'selections.setNote', { selectionId, itemId, note }).then(apply)
          }
        />
      )}
      <CatalogPicker
        opened={picking}
        onClose={() => setPicking(false)}
        exclude={new Set(selection.items.map((i) => i.itemId))}
        onAdd={(itemId) =>
          void act('Adding', 'selections.addItems', { selectionId, itemIds: [itemId] }).then(apply)
        }
      />
      <Card withBorder>
        <Title order={5} mb="xs">
          Export
        </Title>
        <ExportBar selection={selection} />
      </Card>
    </Stack>
  );
}
