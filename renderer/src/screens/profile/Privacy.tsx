import { memo, useState } from 'react';
import { Button, Card, Group, List, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import type { ClientDetail } from '../../../../core/api/contract';
import { call, saveExport } from '../../api/client';
import { act, notifyError, notifySuccess } from '../../api/hooks';
import { navigate } from '../../app/router';

/** As core compares the typed name: case, accents and spacing aside (core checks again). */
const nameKey = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

async function downloadData(client: ClientDetail) {
  const file = await call('clients.exportData', { clientId: client.id });
  if (!file.ok) return notifyError('Exporting her data', file.error);
  const saved = await saveExport(file.value);
  if (!saved.ok) return notifyError('Saving her data', saved.error);
  if (saved.value) notifySuccess(`${client.name}’s data exported`, saved.value.path);
}

/**
 * A client's rights on request (GDPR art. 15, 17, 20): her data as a file, and her erasure, which the
 * associate confirms by typing her name. Nothing of her is left afterwards, so the profile closes.
 */
export const ClientPrivacy = memo(function ClientPrivacy({ client }: { client: ClientDetail }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [erasing, setErasing] = useState(false);
  const close = () => {
    setAsking(false);
    setTyped('');
  };
  const erase = async () => {
    setErasing(true);
    const done = await act(`Erasing ${client.name}`, 'clients.erase', {
      clientId: client.id,
      confirmName: typed,
    });
    setErasing(false);
    if (!done) return;
    close();
    notifySuccess(`Client ${done.externalId} erased`, [done.message, ...done.warnings].join('\n'));
    navigate('/clients');
  };
  const matches = nameKey(typed) !== '' && nameKey(typed) === nameKey(client.name);
  return (
    <Card withBorder component="section" aria-labelledby="privacy-title">
      <Title order={4} id="privacy-title" mb="sm">
        Her data
      </Title>
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => void downloadData(client)}
          data-testid="export-client-data"
        >
          Download her data
        </Button>
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setAsking(true)}
          data-testid="erase-client"
        >
          Erase client…
        </Button>
      </Group>
      <Modal opened={asking} onClose={close} title={`Erase ${client.name}?`}>
        <Stack gap="sm">
          <Text size="sm">
            On her request, {client.name} (No. {client.externalId}) and everything held about her are removed
            for good:
          </Text>
          <List size="sm">
            <List.Item>her profile, history, notes, dates, follow-ups and contact log</List.Item>
            <List.Item>selections made for her, and her interests and recommendations</List.Item>
            <List.Item>her place in other clients’ similar clients, recomputed without her</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            Only the fact that an erasure happened, when and by whom, is kept. This cannot be undone: download
            her data first if she asked for a copy.
          </Text>
          <TextInput
            label="Type her name to confirm"
            placeholder={client.name}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            data-testid="erase-confirm-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep her
            </Button>
            <Button
              color="red"
              disabled={!matches}
              loading={erasing}
              onClick={() => void erase()}
              data-testid="erase-confirm"
            >
              Erase {client.name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
});
