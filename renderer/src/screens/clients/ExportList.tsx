import { Button, Menu } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ClientListExport, MethodArgs, Result } from '../../../../core/api/contract';
import { call, saveExport } from '../../api/client';
import { notifyError, notifySuccess } from '../../api/hooks';
import { plural } from '../../components/format';

type Query = Omit<MethodArgs<'clients.export'>, 'format'>;

/** Saves a client list the API made (a segment's, the book's) and says how many it holds and left out. */
export async function saveClientList(action: string, file: Result<ClientListExport>) {
  if (!file.ok) return notifyError(action, file.error);
  const saved = await saveExport(file.value);
  if (!saved.ok) return notifyError('Saving the list', saved.error);
  const left = file.value.leftOutNoMarketingConsent;
  notifySuccess(
    `${plural(file.value.included, 'client')} exported`,
    left > 0 ? `${plural(left, 'client')} who refused marketing left out.` : undefined,
  );
}

async function exportList(query: Query, format: 'csv' | 'xlsx') {
  await saveClientList('Exporting the client list', await call('clients.export', { ...query, format }));
}

/** The client book as shown (its scope, filters and order) as a campaign list: CSV or XLSX. */
export function ExportList({ query, disabled }: { query: Query; disabled: boolean }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} disabled={disabled}>
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Client list, as shown</Menu.Label>
        <Menu.Item onClick={() => void exportList(query, 'csv')}>CSV</Menu.Item>
        <Menu.Item onClick={() => void exportList(query, 'xlsx')}>XLSX</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
