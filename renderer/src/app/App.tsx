import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../api/answers';
import { cssVariablesResolver, theme } from './theme';
import { Shell } from './Shell';
import { CommandPalette } from './CommandPalette';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'atelier-color-scheme' });

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        colorSchemeManager={colorSchemeManager}
        defaultColorScheme="light"
      >
        <Notifications position="bottom-right" limit={4} />
        <CommandPalette />
        <Shell />
      </MantineProvider>
    </QueryClientProvider>
  );
}
