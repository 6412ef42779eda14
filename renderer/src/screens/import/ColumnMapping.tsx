import { Badge, Card, Group, ScrollArea, Select, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { ImportColumns } from '../../../../core/api/contract';
import { roleNames } from './ImportReport';

/** The column each field is read from: what the importer recognised, changeable by the associate. */
export type FieldChoice = Readonly<Record<string, string | null>>;

export function initialChoice(columns: ImportColumns): FieldChoice {
  return Object.fromEntries(columns.fields.map((f) => [f.field, f.column]));
}

const isRequired = (columns: ImportColumns, field: string) =>
  columns.required.some((group) => group.includes(field));

export function ColumnMapping({
  columns,
  choice,
  onChange,
}: {
  columns: ImportColumns;
  choice: FieldChoice;
  onChange: (choice: FieldChoice) => void;
}) {
  const options = [
    { value: '', label: '(not imported)' },
    ...columns.headers.map((h) => ({ value: h, label: h })),
  ];
  const missing = columns.required.filter((group) => group.every((field) => !choice[field]));
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{roleNames[columns.role]}</Title>
        <Text size="xs" c="dimmed">
          {columns.format.toUpperCase()}
          {columns.encoding ? ` · ${columns.encoding}` : ''} · {columns.headers.length} columns
        </Text>
      </Group>
      {missing.length > 0 && (
        <Text size="sm" c="red" mb="xs">
          Still needed: {missing.map((group) => group.join(' or ')).join(', ')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs">
        {columns.fields.map(({ field }) => (
          <Select
            key={field}
            size="xs"
            label={
              <>
                {field}
                {isRequired(columns, field) && (
                  <Badge size="xs" ml={4} variant="light" color="red">
                    needed
                  </Badge>
                )}
              </>
            }
            aria-label={`Column for ${field}`}
            data={options}
            value={choice[field] ?? ''}
            allowDeselect={false}
            onChange={(value) => onChange({ ...choice, [field]: value || null })}
          />
        ))}
      </SimpleGrid>
    </Card>
  );
}

/** The first rows as the file has them, each column headed by the field it feeds. */
export function SamplePreview({ columns, choice }: { columns: ImportColumns; choice: FieldChoice }) {
  const fieldOf = new Map(
    Object.entries(choice).flatMap(([field, column]) => (column ? [[column, field]] : [])),
  );
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        {roleNames[columns.role]}: first rows
      </Title>
      <ScrollArea>
        <Table
          striped
          withColumnBorders
          verticalSpacing={4}
          aria-label={`${roleNames[columns.role]} preview`}
        >
          <Table.Thead>
            <Table.Tr>
              {columns.headers.map((h) => (
                <Table.Th key={h}>
                  <Text size="xs" fw={600}>
                    {h}
                  </Text>
                  <Text size="xs" c={fieldOf.has(h) ? 'teal' : 'dimmed'}>
                    {fieldOf.get(h) ?? 'not imported'}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.sample.map((row, i) => (
              <Table.Tr key={i}>
                {row.map((cell, j) => (
                  <Table.Td key={j}>
                    <Text size="xs" lineClamp={1}>
                      {cell}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}
