import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconCopy, IconExternalLink, IconSend } from '@tabler/icons-react';
import type { MessageChannel } from '../../../../core/domain/outreach';
import type { ContactFrequency, TodayEntry } from '../../../../core/api/contract';
import { call, desktop } from '../../api/client';
import { notifyError, notifySuccess, useApi } from '../../api/hooks';
import { formatMoney } from '../../components/format';

const channelLabels: Record<MessageChannel, string> = { email: 'E-mail', sms: 'SMS', whatsapp: 'WhatsApp' };

function openLink(link: string) {
  if (desktop) void desktop.openExternal(link);
  else window.open(link, '_blank', 'noopener');
}

/**
 * The line's message: the template's text for the client (editable), the suggested pieces (any can be left
 * out), copy, open in the channel's app, and mark as sent, which keeps the selection as sent and the follow-ups
 * it answers. Past the frequency guard, the associate confirms first.
 */
export function MessageDialog({
  entry,
  onClose,
  onSent,
}: {
  entry: TodayEntry;
  onClose: () => void;
  onSent: () => void;
}) {
  const client = entry.client;
  // A phone number with at least six digits can take a text message.
  const hasPhone = (client.phone ?? '').replace(/\D/g, '').length >= 6;
  const channels = (['email', 'whatsapp', 'sms'] as const).filter((c) =>
    c === 'email' ? Boolean(client.email) : hasPhone,
  );
  const [channel, setChannel] = useState<MessageChannel>(entry.message?.channel ?? channels[0] ?? 'email');
  const [chosen, setChosen] = useState(() => new Set(entry.pieces.map((p) => p.id)));
  const itemIds = entry.pieces.filter((p) => chosen.has(p.id)).map((p) => p.id);
  const date = entry.reasons.find((r) => r.dateLabel !== null && r.on !== null);
  const message = useApi('outreach.message', {
    clientId: client.id,
    purpose: entry.purpose ?? 'selection',
    channel,
    itemIds,
    ...(date?.dateLabel && date.on ? { date: { label: date.dateLabel, on: date.on } } : {}),
  });
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  useEffect(() => {
    if (!message.data) return;
    setSubject(message.data.subject ?? '');
    setBody(message.data.body);
  }, [message.data]);
  const [sending, setSending] = useState(false);
  const [guard, setGuard] = useState<ContactFrequency | null>(null);
  const open = async () => {
    const made = await call('outreach.link', {
      clientId: client.id,
      channel,
      subject: channel === 'email' ? subject : null,
      body,
    });
    if (!made.ok) return notifyError('Opening the message', made.error);
    if (made.value.link) openLink(made.value.link);
    else
      notifyError('Opening the message', {
        kind: 'unavailable',
        message: `${client.name} has no address for ${channelLabels[channel]}`,
      });
  };

  const send = async (acknowledgeFrequency: boolean) => {
    setSending(true);
    try {
      let selectionId: number | null = null;
      if (itemIds.length > 0) {
        const made = await call('selections.create', {
          title: `For ${client.name}`,
          clientId: client.id,
          itemIds,
        });
        if (!made.ok) return notifyError('Keeping the selection', made.error);
        selectionId = made.value.id;
      }
      const text = channel === 'email' && subject ? `${subject}\n\n${body}` : body;
      const logged = await call('contacts.mark', {
        clientId: client.id,
        channel,
        message: text,
        template: message.data?.templateName ?? null,
        selectionId,
        followUpIds: entry.reasons.flatMap((r) => (r.followUpId === null ? [] : [r.followUpId])),
        acknowledgeFrequency,
      });
      if (!logged.ok) {
        if (logged.error.kind === 'conflict') return setGuard(entry.frequency);
        return notifyError('Marking as sent', logged.error);
      }
      notifySuccess(
        `Contact with ${client.name} logged`,
        itemIds.length ? `${itemIds.length} piece(s) sent` : undefined,
      );
      onSent();
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Message to ${client.name}`}
      size="lg"
      data-testid="message-dialog"
    >
      <Stack gap="sm">
        {channels.length > 1 ? (
          <SegmentedControl
            aria-label="Channel"
            value={channel}
            onChange={setChannel}
            data={channels.map((c) => ({ value: c, label: channelLabels[c] }))}
          />
        ) : null}
        {entry.pieces.length > 0 ? (
          <Stack gap={4} aria-label="Pieces to send">
            {entry.pieces.map((p) => (
              <Checkbox
                key={p.id}
                checked={chosen.has(p.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.currentTarget.checked) next.add(p.id);
                  else next.delete(p.id);
                  setChosen(next);
                }}
                label={`${p.title} · ${formatMoney(p.priceMinor, p.currency)}`}
                description={p.why}
              />
            ))}
          </Stack>
        ) : null}
        {channel === 'email' ? (
          <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
        ) : null}
        <Textarea
          label="Message"
          data-testid="message-body"
          value={body}
          autosize
          minRows={8}
          maxRows={18}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        {message.data ? (
          <Text size="xs" c="dimmed">
            {message.data.templateName} · {message.data.language}
          </Text>
        ) : null}
        {guard ? (
          <Alert color="orange" title="Contacted often lately" data-testid="frequency-warning">
            {client.name} was contacted {guard.recent} time(s) in the last {guard.withinDays} days; the
            boutique allows {guard.limit}.
            <Group mt="xs">
              <Button size="xs" color="orange" loading={sending} onClick={() => void send(true)}>
                Send anyway
              </Button>
            </Group>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            leftSection={<IconCopy size={16} />}
            onClick={() => {
              void navigator.clipboard
                .writeText(channel === 'email' && subject ? `${subject}\n\n${body}` : body)
                .then(() => notifySuccess('Message copied'));
            }}
          >
            Copy
          </Button>
          <Button
            variant="default"
            leftSection={<IconExternalLink size={16} />}
            disabled={!body.trim()}
            onClick={() => void open()}
          >
            Open in {channelLabels[channel]}
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            loading={sending}
            disabled={!body.trim()}
            onClick={() => void send(false)}
          >
            Mark as sent
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
