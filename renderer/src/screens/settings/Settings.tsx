import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { OutreachSettings } from '../../../../core/api/contract';
import { act, notifySuccess, useApi } from '../../api/hooks';
import { Failed, LinesSkeleton } from '../../components/states';
import { PhotoFolder } from './PhotoFolder';
import { Templates } from './Templates';

type Rules = OutreachSettings['rules'];

/** A number field that keeps the settings' whole-number bounds; an emptied field keeps the last value. */
function Days(props: {
  label: string;
  value: number;
  min?: number;
  max: number;
  onChange: (n: number) => void;
}) {
  return (
    <NumberInput
      label={props.label}
      value={props.value}
      min={props.min ?? 0}
      max={props.max}
      clampBehavior="strict"
      allowDecimal={false}
      allowNegative={false}
      w={190}
      onChange={(v) => typeof v === 'number' && props.onChange(v)}
    />
  );
}

function RuleRow(props: {
  label: string;
  description: string;
  enabled: boolean;
  onToggle: (on: boolean) => void;
  children: React.ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="nowrap" data-testid="follow-up-rule">
      <Switch
        checked={props.enabled}
        onChange={(e) => props.onToggle(e.currentTarget.checked)}
        label={props.label}
        description={props.description}
      />
      <Group gap="xs" wrap="nowrap">
        {props.children}
      </Group>
    </Group>
  );
}

/** The boutique's settings for the day's loop: follow-up rules, the contact guard, windows, time zone. */
export function Settings() {
  const stored = useApi('outreach.settings', {}, { reloadOn: ['outreach'] });
  const me = useApi('associates.list', {}, { reloadOn: ['outreach'] });
  const [draft, setDraft] = useState<OutreachSettings | null>(null);
  useEffect(() => setDraft(stored.data ?? null), [stored.data]);
  if (stored.error) return <Failed error={stored.error} retry={stored.reload} />;
  if (!draft) return <LinesSkeleton lines={8} height={48} />;
  const rules = (change: Partial<{ [K in keyof Rules]: Partial<Rules[K]> }>) =>
    setDraft({
      ...draft,
      rules: {
        thankYou: { ...draft.rules.thankYou, ...change.thankYou },
        tryOnCheckIn: { ...draft.rules.tryOnCheckIn, ...change.tryOnCheckIn },
        birthday: { ...draft.rules.birthday, ...change.birthday },
        vipLapsing: { ...draft.rules.vipLapsing, ...change.vipLapsing },
      },
    });
  const changed = JSON.stringify(draft) !== JSON.stringify(stored.data);
  const save = async () => {
    const saved = await act('Saving the settings', 'outreach.updateSettings', {
      ...draft,
      timeZone: draft.timeZone?.trim() || null,
      currency: draft.currency?.trim().toUpperCase() || null,
    });
    if (saved) notifySuccess('Settings saved');
  };
  const { thankYou, tryOnCheckIn, birthday, vipLapsing } = draft.rules;
  const current = me.data?.current;
  return (
    <Stack gap="md" maw={900}>
      <div>
        <Title order={2}>Settings</Title>
        <Text size="sm" c="dimmed">
          {current
            ? `Signed in as ${current.name}${current.store ? ` · ${current.store}` : ''}: switch at the top of the window.`
            : 'Choose who you are at the top of the window.'}
        </Text>
      </div>
      <Card withBorder>
        <Title order={3} mb="sm">
          Follow-ups made for you
        </Title>
        <Stack gap="md">
          <RuleRow
            label="Thank-you after a purchase"
            description="A thank-you note, days after the purchase"
            enabled={thankYou.enabled}
            onToggle={(enabled) => rules({ thankYou: { enabled } })}
          >
            <Days
              label="Days after"
              value={thankYou.days}
              max={60}
              onChange={(days) => rules({ thankYou: { days } })}
            />
          </RuleRow>
          <RuleRow
            label="Check-in after a try-on"
            description="When a client tried a piece on and bought nothing"
            enabled={tryOnCheckIn.enabled}
            onToggle={(enabled) => rules({ tryOnCheckIn: { enabled } })}
          >
            <Days
              label="Days after"
              value={tryOnCheckIn.days}
              max={60}
              onChange={(days) => rules({ tryOnCheckIn: { days } })}
            />
          </RuleRow>
          <RuleRow
            label="Before a birthday"
            description="Time to prepare a wish or a gift"
            enabled={birthday.enabled}
            onToggle={(enabled) => rules({ birthday: { enabled } })}
          >
            <Days
              label="Days before"
              value={birthday.daysBefore}
              max={60}
              onChange={(daysBefore) => rules({ birthday: { daysBefore } })}
            />
          </RuleRow>
          <RuleRow
            label="A good client not seen for a while"
            description="Clients of these tiers with no visit for the number of days"
            enabled={vipLapsing.enabled}
            onToggle={(enabled) => rules({ vipLapsing: { enabled } })}
          >
            <TagsInput
              label="Tiers"
              value={[...vipLapsing.tiers]}
              onChange={(tiers) => rules({ vipLapsing: { tiers } })}
              maxTags={20}
              w={260}
            />
            <Days
              label="Days unseen"
              value={vipLapsing.days}
              max={730}
              onChange={(days) => rules({ vipLapsing: { days } })}
            />
          </RuleRow>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={3} mb="sm">
          Contacts and attribution
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Group gap="xs" align="flex-end">
            <Days
              label="Warn after contacts"
              min={1}
              max={50}
              value={draft.contactGuard.maxContacts}
              onChange={(maxContacts) =>
                setDraft({ ...draft, contactGuard: { ...draft.contactGuard, maxContacts } })
              }
            />
            <Days
              label="Within days"
              max={365}
              value={draft.contactGuard.withinDays}
              onChange={(withinDays) =>
                setDraft({ ...draft, contactGuard: { ...draft.contactGuard, withinDays } })
              }
            />
          </Group>
          <Days
            label="Attribution window (days)"
            min={1}
            max={365}
            value={draft.attributionDays}
            onChange={(attributionDays) => setDraft({ ...draft, attributionDays })}
          />
          <Days
            label="Dates shown ahead (days)"
            max={60}
            value={draft.dateHorizonDays}
            onChange={(dateHorizonDays) => setDraft({ ...draft, dateHorizonDays })}
          />
          <TextInput
            label="Time zone"
            description="As Europe/Paris; empty: this computer's"
            value={draft.timeZone ?? ''}
            onChange={(e) => setDraft({ ...draft, timeZone: e.currentTarget.value })}
            w={260}
          />
          <TextInput
            label="Boutique currency"
            description="As EUR: for imported prices written without one"
            value={draft.currency ?? ''}
            onChange={(e) => setDraft({ ...draft, currency: e.currentTarget.value })}
            maxLength={3}
            w={260}
          />
        </SimpleGrid>
      </Card>
      <Group justify="flex-end">
        <Button variant="default" disabled={!changed} onClick={() => setDraft(stored.data ?? null)}>
          Undo changes
        </Button>
        <Button disabled={!changed} onClick={() => void save()}>
          Save settings
        </Button>
      </Group>
      <PhotoFolder />
      <Templates />
    </Stack>
  );
}
