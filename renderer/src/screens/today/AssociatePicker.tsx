import { Select } from '@mantine/core';
import { act, notifySuccess, useApi } from '../../api/hooks';

/** Who uses the app: one laptop, one person, no password; switchable at any time. */
export function AssociatePicker({ label = 'Signed in as' }: { label?: string }) {
  const list = useApi('associates.list', {}, { reloadOn: ['outreach'] });
  const associates = list.data?.associates ?? [];
  const current = list.data?.current ?? null;
  return (
    <Select
      label={label}
      placeholder="Choose who you are"
      data-testid="associate-picker"
      searchable
      w={280}
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
