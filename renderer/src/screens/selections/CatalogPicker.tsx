import { useState } from 'react';
import { Button, Group, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useApi } from '../../api/hooks';
import { ItemImage } from '../../components/ItemImage';
import { formatMoney } from '../../components/format';
import { LinesSkeleton } from '../../components/states';

/** Adds pieces from the catalog to a selection. */
export function CatalogPicker({
  opened,
  onClose,
  exclude,
  onAdd,
}: {
  opened: boolean;
  onClose: () => void;
  exclude: ReadonlySet<number>;
  onAdd: (itemId: number) => void;
}) {
  const [search, setSearch] = useState('');
  const items = useApi('catalog.search', opened ? { search, limit: 40 } : null);
  return (
    <Modal opened={opened} onClose={onClose} title="Add pieces from the catalog" size="lg">
      <Stack>
        <TextInput
          data-autofocus
          aria-label="Search the catalog"
          placeholder="Title, maison or reference"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <ScrollArea h={420}>
          {!items.data ? (
            <LinesSkeleton lines={8} height={48} />
          ) : (
            <Stack gap="xs">
              {items.data.rows.map((item) => (
                <Group key={item.id} wrap="nowrap" justify="space-between">
                  <Group wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
                    <div style={{ width: 48, flex: '0 0 48px' }}>
                      <ItemImage src={item.image} title={item.title} maison={item.maison} height={48} />
                    </div>
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {item.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.maison ?? '—'} · {formatMoney(item.priceMinor, item.currency)}
                      </Text>
                    </div>
                  </Group>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    disabled={exclude.has(item.id)}
                    onClick={() => onAdd(item.id)}
                    aria-label={`Add ${item.title}`}
                  >
                    {exclude.has(item.id) ? 'Added' : 'Add'}
                  </Button>
                </Group>
              ))}
            </Stack>
          )}
        </ScrollArea>
      </Stack>
    </Modal>
  );
}
