import { useEffect, useState } from 'react';
import { ActionIcon, Card, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconTrash } from '@tabler/icons-react';
import type { SelectionItem } from '../../../../core/api/contract';
import { ItemImage } from '../../components/ItemImage';
import { formatMoney } from '../../components/format';

function NoteField({ item, onNote }: { item: SelectionItem; onNote: (note: string) => void }) {
  const [draft, setDraft] = useState(item.note);
  useEffect(() => setDraft(item.note), [item.note]);
  return (
    <TextInput
      size="xs"
      aria-label={`Note for ${item.title}`}
      placeholder="A note for the client about this piece"
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      // The field's own value, not the render's draft: a blur right after typing must save what was typed.
      onBlur={(e) => e.currentTarget.value !== item.note && onNote(e.currentTarget.value)}
      onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
    />
  );
}

function Row({
  item,
  index,
  count,
  onMove,
  onRemove,
  onNote,
}: {
  item: SelectionItem;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  onNote: (note: string) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: item.itemId,
    });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      data-testid="selection-item"
      data-item-id={item.itemId}
      style={{
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        transition,
        opacity: isDragging ? 0.7 : 1,
        zIndex: isDragging ? 2 : 0,
      }}
    >
      <Group wrap="nowrap" gap="sm" align="center">
        <ActionIcon
          ref={setActivatorNodeRef}
          variant="subtle"
          color="gray"
          aria-label={`Drag ${item.title} to reorder`}
          data-testid="drag-handle"
          style={{ cursor: 'grab', touchAction: 'none' }}
          {...attributes}
          {...listeners}
        >
          <IconGripVertical size={18} />
        </ActionIcon>
        <Text size="sm" c="dimmed" w={20} ta="right">
          {index + 1}
        </Text>
        <div style={{ width: 64, flex: '0 0 64px' }}>
          <ItemImage src={item.image} title={item.title} maison={item.maison} height={64} />
        </div>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" tt="uppercase" c="dimmed" fw={600}>
              {item.maison ?? '—'}
            </Text>
            <Text size="xs" c="dimmed">
              {item.externalId}
            </Text>
          </Group>
          <Text size="sm" fw={500} truncate data-testid="selection-item-title">
            {item.title}
          </Text>
          <NoteField item={item} onNote={onNote} />
        </Stack>
        <Text size="sm" w={110} ta="right">
          {formatMoney(item.priceMinor, item.currency)}
        </Text>
        <Group gap={2} wrap="nowrap">
          <Tooltip label="Move up">
            <ActionIcon
              variant="subtle"
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
              aria-label={`Move ${item.title} up`}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon
              variant="subtle"
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
              aria-label={`Move ${item.title} down`}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove from the selection">
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${item.title}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Card>
  );
}

/** The selection's pieces in order: drag (mouse or keyboard: Space, arrows, Space) or the arrow buttons. */
export function SortableItems({
  items,
  onReorder,
  onRemove,
  onNote,
}: {
  items: readonly SelectionItem[];
  onReorder: (itemIds: number[]) => void;
  onRemove: (itemId: number) => void;
  onNote: (itemId: number, note: string) => void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = items.map((i) => i.itemId);
  const move = (from: number, to: number) => onReorder(arrayMove(ids, from, to));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    move(ids.indexOf(Number(active.id)), ids.indexOf(Number(over.id)));
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable: 'To reorder, press Space, move with the arrow keys, then press Space again to drop.',
        },
      }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <Stack gap="xs" data-testid="selection-items">
          {items.map((item, index) => (
            <Row
              key={item.itemId}
              item={item}
              index={index}
              count={items.length}
              onMove={move}
              onRemove={() => onRemove(item.itemId)}
              onNote={(note) => onNote(item.itemId, note)}
            />
          ))}
        </Stack>
      </SortableContext>
    </DndContext>
  );
}
