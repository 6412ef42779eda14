import { Select } from '@mantine/core';
import { act, notifySuccess, useApi } from '../api/hooks';

/**
 * Who uses the app: one laptop, one person, no password; in the header, so it can be switched from any
 * screen. Today asks for it on first launch.
 */
export function AssociatePicker() {
  const list = useApi('associates.list', {}, { reloadOn: ['outreach'] });
  const associates = list.data?.associates ?? [];
  const current = list.data?.current ?? null;
  return (
    <Select
      aria-label="Signed in as"
      placeholder="Who are you?"
      data-testid="associate-picker"
      searchable
      size="sm"
      w={260}
      value={current ? String(current.id) : null}
      data={associates.map((a) => ({
        value: String(a.id),
        label: a.store ? `${a.name} · ${a.store}` : a.name,
      }))}
      onChange={(value) => {
        if (!value) return;
        void act('Choosing who you are', 'associates.choose', { associateId: Number(value) }).then(
          (chosen) => {
            if (!chosen) return;
            list.reload();
            notifySuccess(`Welcome, ${chosen.name}`);
          },
        );
      }}
    />
  );
}
