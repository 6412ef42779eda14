import {
  Menu,
  Modal,
  Notification,
  createTheme,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

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

/**
 * Mantine's teal, its two darkest shades a step deeper: white on the filled shade and the light variant's
 * text on its tint both reach WCAG AA (4.5:1), which Mantine's own 8 and 9 miss.
 */
const teal: MantineColorsTuple = [
  '#e6fcf5',
  '#c3fae8',
  '#96f2d7',
  '#63e6be',
  '#38d9a9',
  '#20c997',
  '#12b886',
  '#0ca678',
  '#087f5b',
  '#066649',
];

/** Mantine's orange, likewise: the refused-marketing warnings and the export-anyway button. */
const orange: MantineColorsTuple = [
  '#fff4e6',
  '#ffe8cc',
  '#ffd8a8',
  '#ffc078',
  '#ffa94d',
  '#ff922b',
  '#fd7e14',
  '#f76707',
  '#c9470e',
  '#a63c0c',
];

export const theme = createTheme({
  primaryColor: 'champagne',
  // Shade 8 is the lightest champagne that carries white text (and reads as text on white) at 4.5:1, in
  // either scheme; it also gives every other colour's filled variant Mantine's dark-scheme default.
  primaryShade: { light: 8, dark: 8 },
  // Light fills (yellow, orange) get dark text rather than white text nobody can read.
  autoContrast: true,
  colors: { champagne, teal, orange },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'Georgia, "Times New Roman", serif', fontWeight: '500' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    // Mantine parks focus on an empty role="presentation" element inside role="menu" (not a menu item, so
    // not allowed there); without it, opening a menu focuses its first item, as the ARIA menu pattern has it.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    // Mantine's close buttons are a bare icon: without a name a screen reader announces only "button".
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss the notification' } },
      // Under a title Mantine greys the message to 3.3:1; the app's dimmed grey reads at 4.5:1 or more.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

/**
 * Secondary text on a shop floor's bright screen: Mantine's dimmed and placeholder greys are below 4.5:1
 * (3.3:1 on white, 4.0:1 on the dark body); these keep them grey and quieter than the text, but legible on
 * every surface they sit on (cards, the active navigation tint, table headers).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  // Merged over Mantine's own variables.
  variables: {},
  light: {
    '--mantine-color-dimmed': '#62676e',
    '--mantine-color-placeholder': '#6b7178',
  },
  dark: {
    '--mantine-color-dimmed': '#a6a6a6',
    '--mantine-color-placeholder': '#969696',
    // Inferred interests are violet; shade 4, as text or an outline badge's label on a dark card, is 4.0:1.
    '--mantine-color-violet-text': 'var(--mantine-color-violet-3)',
    '--mantine-color-violet-outline': 'var(--mantine-color-violet-3)',
  },
});
