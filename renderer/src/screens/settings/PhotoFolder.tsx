import { useEffect, useState } from 'react';
import { Button, Card, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { act, notifySuccess, useApi } from '../../api/hooks';

/**
 * Where lookbooks read product photos: the app's own image store, always, and the boutique's photo folder,
 * chosen here (an item's picture anywhere else is never read into a lookbook).
 */
export function PhotoFolder() {
  const stored = useApi('outreach.photoFolder', {});
  const [folder, setFolder] = useState('');
  useEffect(() => setFolder(stored.data?.photoFolder ?? ''), [stored.data]);
  const save = async (value: string | null) => {
    const saved = await act('Choosing the photo folder', 'outreach.setPhotoFolder', { folder: value });
    if (!saved) return;
    setFolder(saved.photoFolder ?? '');
    notifySuccess(saved.photoFolder ? 'Photo folder chosen' : 'No photo folder');
  };
  const changed = folder.trim() !== (stored.data?.photoFolder ?? '');
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3}>Product photos</Title>
        <Text size="sm" c="dimmed">
          Lookbooks show an item&apos;s picture from the app&apos;s image store or from this folder only: PNG,
          JPEG, WebP or SVG files up to 10 MB.
        </Text>
        {stored.data && (
          <Text size="sm">
            Image store: <Code>{stored.data.imageStore}</Code>
          </Text>
        )}
        <Group align="flex-end">
          <TextInput
            label="Photo folder"
            description="Its full path, as /Users/me/Boutique/Photos"
            value={folder}
            onChange={(e) => setFolder(e.currentTarget.value)}
            w={420}
            data-testid="photo-folder"
          />
          <Button disabled={!changed || folder.trim() === ''} onClick={() => void save(folder.trim())}>
            Use this folder
          </Button>
          <Button variant="default" disabled={!stored.data?.photoFolder} onClick={() => void save(null)}>
            No photo folder
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
