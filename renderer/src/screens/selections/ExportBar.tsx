import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import {
  IconClipboardText,
  IconFileSpreadsheet,
  IconFileTypeCsv,
  IconFileTypePdf,
  IconMailOff,
} from '@tabler/icons-react';
import type { ExportFormat, Selection } from '../../../../core/api/contract';
import { call, desktop, saveExport } from '../../api/client';
import { notifyError, notifySuccess } from '../../api/hooks';

const formats: { format: ExportFormat; label: string; icon: typeof IconFileTypePdf }[] = [
  { format: 'pdf', label: 'PDF lookbook', icon: IconFileTypePdf },
  { format: 'csv', label: 'CSV', icon: IconFileTypeCsv },
  { format: 'xlsx', label: 'XLSX', icon: IconFileSpreadsheet },
  { format: 'text', label: 'Copy as text', icon: IconClipboardText },
];

/**
 * Exports the selection. For a client who refused marketing, nothing leaves until the associate confirms the
 * client asked for it (core refuses otherwise, too).
 */
export function ExportBar({ selection }: { selection: Selection }) {
  const needsConsent = selection.client !== null && !selection.client.consentMarketing;
  const [asking, setAsking] = useState<ExportFormat | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const run = async (format: ExportFormat, acknowledged: boolean) => {
    setBusy(format);
    try {
      const acknowledgeNoMarketingConsent = acknowledged;
      if (format === 'pdf' && desktop) {
        const printed = await desktop.printLookbook({
          selectionId: selection.id,
          acknowledgeNoMarketingConsent,
        });
        if (!printed.ok) return notifyError('Printing the lookbook', printed.error);
        if (printed.value) notifySuccess('Lookbook saved', printed.value.path);
        return;
      }
      const file = await call('selections.export', {
        selectionId: selection.id,
        format,
        acknowledgeNoMarketingConsent,
      });
      if (!file.ok) return notifyError(`Exporting as ${format.toUpperCase()}`, file.error);
      if (format === 'text') {
        const text = file.value.text ?? '';
        setCopied(text);
        try {
          await navigator.clipboard.writeText(text);
          notifySuccess('Copied', 'The selection is on the clipboard, ready to paste in a message.');
        } catch {
          notifySuccess('Ready to copy', 'Select the text and copy it.');
        }
        return;
      }
      const saved = await saveExport(file.value);
      if (!saved.ok) return notifyError('Saving the export', saved.error);
      if (saved.value) notifySuccess(`${format.toUpperCase()} saved`, saved.value.path);
    } finally {
      setBusy(null);
    }
  };

  const start = (format: ExportFormat) => {
    if (needsConsent) setAsking(format);
    else void run(format, false);
  };

  return (
    <>
      <Group gap="xs" data-testid="export-bar">
        {formats.map(({ format, label, icon: Icon }) => (
          <Button
            key={format}
            variant={format === 'pdf' ? 'filled' : 'default'}
            leftSection={<Icon size={16} />}
            loading={busy === format}
            disabled={selection.items.length === 0}
            onClick={() => start(format)}
          >
            {label}
          </Button>
        ))}
      </Group>
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title="This client refused marketing">
        <Stack>
          <Alert color="orange" icon={<IconMailOff />}>
            {selection.client?.name} refused marketing communications. Export this selection only if they
            asked for it.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              Cancel
            </Button>
            <Button
              color="orange"
              onClick={() => {
                const format = asking!;
                setAsking(null);
                void run(format, true);
              }}
            >
              The client asked for it: export
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={copied !== null}
        onClose={() => setCopied(null)}
        title="The selection as a message"
        size="lg"
      >
        <Text size="sm" c="dimmed" mb="xs">
          Paste it in WhatsApp, WeChat, iMessage or an email.
        </Text>
        <Textarea
          value={copied ?? ''}
          readOnly
          autosize
          minRows={8}
          maxRows={20}
          aria-label="Selection as text"
          data-testid="selection-text"
        />
      </Modal>
    </>
  );
}
