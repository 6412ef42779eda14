import { useState } from 'react';
import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarHeart } from '@tabler/icons-react';
import type { TodayEntry, TodayKind } from '../../../../core/api/contract';
import { call } from '../../api/client';
import { notifyError, notifySuccess, useApi } from '../../api/hooks';
import { Empty, Failed, LinesSkeleton } from '../../components/states';
import { BookScopeControl, useBookScope } from '../../components/BookScope';
import { MessageDialog } from './MessageDialog';
import { kindLabels, TodayLine } from './TodayLine';

const longDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

/** The app's first screen: whom to contact today and why, strongest first. */
export function Today() {
  const { scope } = useBookScope();
  const today = useApi(
    'outreach.today',
    { scope },
    { reloadOn: ['outreach', 'engine', 'clients', 'catalog'] },
  );
  const [writing, setWriting] = useState<TodayEntry | null>(null);
  const view = today.data;

  const logged = async (entry: TodayEntry, channel: 'phone' | 'in-person') => {
    const args = {
      clientId: entry.client.id,
      channel,
      followUpIds: entry.reasons.flatMap((r) => (r.followUpId === null ? [] : [r.followUpId])),
    };
    let result = await call('contacts.mark', args);
    if (!result.ok && result.error.kind === 'conflict' && window.confirm(`${result.error.message}?`))
      result = await call('contacts.mark', { ...args, acknowledgeFrequency: true });
    if (!result.ok) return notifyError('Logging the contact', result.error);
    notifySuccess(`Contact with ${entry.client.name} logged`);
    today.reload();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Today</Title>
          <Text c="dimmed" size="sm" data-testid="today-date">
            {view ? `${longDate.format(new Date(`${view.today}T00:00:00Z`))} · ${view.timeZone}` : ' '}
          </Text>
        </div>
        <BookScopeControl />
      </Group>
      {view && !view.associate ? (
        <Alert
          color="blue"
          icon={<IconCalendarHeart size={18} />}
          title="Who are you?"
          data-testid="choose-associate"
        >
          Choose your name at the top of the window (Who are you?): Today then shows your own book first, and
          what you send is recorded as yours.
        </Alert>
      ) : null}
      {view ? (
        <Group gap="xs" data-testid="today-counts">
          <Text size="sm" fw={600}>
            {view.entries.length} to contact
          </Text>
          {(Object.keys(view.counts) as TodayKind[]).map((k) =>
            view.counts[k] > 0 ? (
              <Badge key={k} variant="light" color="gray">
                {kindLabels[k]} {view.counts[k]}
              </Badge>
            ) : null,
          )}
          {view.runId === null ? (
            <Text size="xs" c="dimmed">
              Run the optimisation (Engine screen) to match new arrivals and suggest pieces.
            </Text>
          ) : null}
        </Group>
      ) : null}
      {today.error && !view ? (
        <Failed error={today.error} retry={today.reload} />
      ) : !view ? (
        <LinesSkeleton lines={6} height={90} />
      ) : view.entries.length === 0 ? (
        <Empty
          title="Nobody to contact today"
          description="No follow-up due, no date coming, no news for your clients."
        />
      ) : (
        <Stack gap="sm" data-testid="today-list">
          {view.entries.map((e) => (
            <TodayLine
              key={e.client.id}
              entry={e}
              onMessage={setWriting}
              onLogged={(entry, channel) => void logged(entry, channel)}
            />
          ))}
        </Stack>
      )}
      {writing ? (
        <MessageDialog
          entry={writing}
          onClose={() => setWriting(null)}
          onSent={() => {
            setWriting(null);
            today.reload();
          }}
        />
      ) : null}
    </Stack>
  );
}
