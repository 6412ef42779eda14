import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A warm neutral for the boutique's brand colour: champagne, not the default blue. */
const champagne: MantineColorsTuple = [
  '#faf6f0',
  '#efe8dc',
  '#e0d0b6',
  '#d0b78d',
  '#c3a16b',
  '#bb9355',
  '#b78c4a',
  '#a1793b',
  '#8f6b32',
  '#7c5c26',
];

export const theme = createTheme({
  primaryColor: 'champagne',
  primaryShade: { light: 7, dark: 5 },
  colors: { champagne },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'Georgia, "Times New Roman", serif', fontWeight: '500' },
  defaultRadius: 'md',
  cursorType: 'pointer',
});
