import { Alert, Badge, Group, ScrollArea, SimpleGrid, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconAlertTriangle } from '@tabler/icons-react';
import type { ImportReportView, ImportRole } from '../../../../core/api/contract';

export const roleNames: Record<ImportRole, string> = {
  items: 'Catalog items',
  clients: 'Clients',
  interactions: 'Interactions',
};

/** The importer's report: counts per kind of record, then every problem with its file, row and column. */
export function ImportReport({ report, dryRun }: { report: ImportReportView; dryRun: boolean }) {
  return (
    <>
      {report.ok ? (
        <Alert color="teal" icon={<IconCircleCheck />} title={dryRun ? 'Ready to import' : 'Imported'}>
          {dryRun ? 'Nothing has been written yet. ' : ''}
          {report.warningCount > 0 ? `${report.warningCount} warnings below.` : 'No problem found.'}
        </Alert>
      ) : (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title="Nothing was written"
          data-testid="import-errors"
        >
          {report.errorCount} problem{report.errorCount === 1 ? '' : 's'} to fix in the file
          {report.errorCount === 1 ? '' : 's'} (the first are listed below).
        </Alert>
      )}
      <SimpleGrid cols={3} mt="sm">
        {(Object.keys(report.counts) as ImportRole[]).map((role) => (
          <div key={role}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {roleNames[role]}
            </Text>
            <Text size="sm">
              {report.counts[role].inserted} new · {report.counts[role].updated} updated ·{' '}
              {report.counts[role].unchanged} unchanged
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {report.issues.length > 0 && (
        <ScrollArea h={260} mt="sm">
          <Table striped verticalSpacing={4} aria-label="Problems found">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>File</Table.Th>
                <Table.Th>Row</Table.Th>
                <Table.Th>Column</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.issues.map((issue, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Badge size="xs" color={issue.severity === 'error' ? 'red' : 'yellow'}>
                      {issue.severity}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{issue.file}</Table.Td>
                  <Table.Td>{issue.row ?? '—'}</Table.Td>
                  <Table.Td>{issue.column ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Text size="sm">{issue.message}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </>
  );
}
