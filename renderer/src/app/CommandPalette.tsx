import { useState } from 'react';
import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { Text, useMantineColorScheme } from '@mantine/core';
import { IconSearch, IconSunMoon, IconUser } from '@tabler/icons-react';
import { useApi } from '../api/hooks';
import { navigate } from './router';
import { screens } from './screens';

/** Ctrl/Cmd+K: jump to a client by name, a screen, or an action. */
export function CommandPalette() {
  const { toggleColorScheme } = useMantineColorScheme();
  const [query, setQuery] = useState('');
  const clients = useApi('clients.search', query.trim().length >= 2 ? { search: query, limit: 8 } : null, {
    quiet: true,
  });
  const q = query.trim().toLowerCase();
  const commands: SpotlightActionData[] = [
    ...screens.map((s) => ({
      id: `screen:${s.path}`,
      label: s.label,
      description: s.description,
      leftSection: <s.icon size={20} stroke={1.5} />,
      rightSection: (
        <Text size="xs" c="dimmed">
          Alt {s.key}
        </Text>
      ),
      onClick: () => navigate(s.path),
    })),
    {
      id: 'theme',
      label: 'Toggle light / dark theme',
      description: 'Ctrl J',
      leftSection: <IconSunMoon size={20} stroke={1.5} />,
      onClick: toggleColorScheme,
    },
  ].filter((a) => !q || `${a.label} ${a.description}`.toLowerCase().includes(q));
  const found = q.length >= 2 ? (clients.data?.rows ?? []) : [];
  const actions: SpotlightActionGroupData[] = [
    ...(found.length > 0
      ? [
          {
            group: 'Clients',
            actions: found.map((c) => ({
              id: `client:${c.id}`,
              label: c.name,
              description: [c.externalId, c.tier, c.store].filter(Boolean).join(' · '),
              leftSection: <IconUser size={20} stroke={1.5} />,
              onClick: () => navigate(`/clients/${c.id}`),
            })),
          },
        ]
      : []),
    ...(commands.length > 0 ? [{ group: 'Go to', actions: commands }] : []),
  ];
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      // Filtering is done above (clients by the server, commands here): the palette shows what it is given.
      filter={(_query, all) => all}
      // Ctrl+K also from a text field: the client book opens with its search focused.
      tagsToIgnore={[]}
      nothingFound={clients.loading ? 'Searching…' : 'Nothing found'}
      highlightQuery
      scrollable
      maxHeight={480}
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: 'Search clients, screens, actions…',
      }}
    />
  );
}
