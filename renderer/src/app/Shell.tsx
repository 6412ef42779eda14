import {
  ActionIcon,
  AppShell,
  Group,
  Kbd,
  NavLink,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconMoon, IconSearch, IconSun } from '@tabler/icons-react';
import { navigate, useRoute, type Route } from './router';
import { screens } from './screens';
import { JobIndicator } from '../screens/engine/JobIndicator';
import { ClientBook } from '../screens/clients/ClientBook';
import { ClientProfile } from '../screens/profile/ClientProfile';
import { SelectionList } from '../screens/selections/SelectionList';
import { SelectionEditor } from '../screens/selections/SelectionEditor';
import { Catalog } from '../screens/catalog/Catalog';
import { Insights } from '../screens/insights/Insights';
import { Engine } from '../screens/engine/Engine';
import { Settings } from '../screens/settings/Settings';
import { ImportWizard } from '../screens/import/ImportWizard';
import { Today } from '../screens/today/Today';
import { AssociatePicker } from '../components/AssociatePicker';

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'today':
      return <Today />;
    case 'clients':
      return <ClientBook />;
    case 'client':
      return <ClientProfile key={route.clientId} clientId={route.clientId} />;
    case 'selections':
      return <SelectionList />;
    case 'selection':
      return <SelectionEditor key={route.selectionId} selectionId={route.selectionId} />;
    case 'catalog':
      return <Catalog feature={route.feature} />;
    case 'insights':
      return <Insights />;
    case 'engine':
      return <Engine />;
    case 'settings':
      return <Settings />;
    case 'import':
      return <ImportWizard />;
    default:
      return route satisfies never;
  }
}

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        data-testid="theme-toggle"
        onClick={() => setColorScheme(next)}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function Shell() {
  const route = useRoute();
  const { toggleColorScheme } = useMantineColorScheme();
  useHotkeys([
    ...screens.map((s) => [`alt+${s.key}`, () => navigate(s.path)] as [string, () => void]),
    ['mod+J', () => toggleColorScheme()],
  ]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={3} ff="heading" style={{ letterSpacing: '0.04em' }}>
              Atelier
            </Title>
          </Group>
          <UnstyledButton
            onClick={() => spotlight.open()}
            // Named by what it shows (a spoken label that differs from the visible one confuses voice control).
            aria-keyshortcuts="Control+K Meta+K"
            px="sm"
            py={6}
            style={{
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
              minWidth: 320,
            }}
          >
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <IconSearch size={16} />
                <Text size="sm" c="dimmed">
                  Search clients, screens, actions
                </Text>
              </Group>
              <Kbd size="xs">Ctrl K</Kbd>
            </Group>
          </UnstyledButton>
          <Group gap="sm" wrap="nowrap">
            <AssociatePicker />
            <JobIndicator />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        {screens.map((s) => (
          <NavLink
            key={s.path}
            href={`#${s.path}`}
            label={s.label}
            leftSection={<s.icon size={18} stroke={1.6} />}
            rightSection={
              <Text size="xs" c="dimmed">
                Alt {s.key}
              </Text>
            }
            active={s.matches.includes(route.screen)}
            aria-current={s.matches.includes(route.screen) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Screen route={route} />
      </AppShell.Main>
    </AppShell>
  );
}
