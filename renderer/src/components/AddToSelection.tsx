import { useState } from 'react';
import { Button, Menu, Text } from '@mantine/core';
import { IconPlaylistAdd, IconPlus } from '@tabler/icons-react';
import type { SelectionSummary } from '../../../core/api/contract';
import { act, notifySuccess } from '../api/hooks';
import { call } from '../api/client';

/** Adds an item to one of the client's selections, or to a new one made for them. */
export function AddToSelection({
  itemId,
  itemTitle,
  clientId,
  clientName,
}: {
  itemId: number;
  itemTitle: string;
  clientId: number | null;
  clientName: string | null;
}) {
  const [selections, setSelections] = useState<readonly SelectionSummary[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const result = await call('selections.list', clientId ? { clientId } : {});
    setSelections(result.ok ? result.value : []);
  };
  const addTo = async (selection: SelectionSummary) => {
    setBusy(true);
    const done = await act(`Adding to “${selection.title}”`, 'selections.addItems', {
      selectionId: selection.id,
      itemIds: [itemId],
    });
    setBusy(false);
    if (done) notifySuccess(`Added to “${done.title}”`, `${itemTitle} · ${done.items.length} pieces`);
  };
  const create = async () => {
    setBusy(true);
    const title = clientName ? `Selection for ${clientName}` : 'New selection';
    const done = await act('Creating a selection', 'selections.create', {
      title,
      clientId,
      itemIds: [itemId],
    });
    setBusy(false);
    if (done) notifySuccess(`Added to “${done.title}”`, itemTitle);
  };

  return (
    <Menu position="bottom-end" withinPortal onOpen={() => void load()}>
      <Menu.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlaylistAdd size={14} />}
          loading={busy}
          // The visible words first, so voice control finds it; the piece, since every card has one.
          aria-label={`Add to selection: ${itemTitle}`}
        >
          Add to selection
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{clientName ? `Selections for ${clientName}` : 'Selections'}</Menu.Label>
        {selections === null ? (
          <Menu.Item disabled>Loading…</Menu.Item>
        ) : (
          selections.map((s) => (
            <Menu.Item key={s.id} onClick={() => void addTo(s)}>
              <Text size="sm">{s.title}</Text>
              <Text size="xs" c="dimmed">
                {s.itemCount} pieces
              </Text>
            </Menu.Item>
          ))
        )}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => void create()}>
          {clientName ? `New selection for ${clientName}` : 'New selection'}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
