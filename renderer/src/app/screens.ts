import {
  IconAddressBook,
  IconCalendarHeart,
  IconBulb,
  IconCpu,
  IconDiamond,
  IconFileImport,
  IconLayoutList,
  IconSettings,
  type Icon,
} from '@tabler/icons-react';

/** The app's screens in the navigation order; `key` is the Alt+digit shortcut. */
export const screens: readonly {
  readonly path: string;
  readonly label: string;
  readonly description: string;
  readonly icon: Icon;
  readonly key: string;
  readonly matches: readonly string[];
}[] = [
  {
    path: '/today',
    label: 'Today',
    description: 'Whom to contact today, and why',
    icon: IconCalendarHeart,
    key: '1',
    matches: ['today'],
  },
  {
    path: '/clients',
    label: 'Client book',
    description: 'Every client: search, filter, open a profile',
    icon: IconAddressBook,
    key: '2',
    matches: ['clients', 'client'],
  },
  {
    path: '/selections',
    label: 'Selections',
    description: 'Curated selections and lookbooks',
    icon: IconLayoutList,
    key: '3',
    matches: ['selections', 'selection'],
  },
  {
    path: '/catalog',
    label: 'Catalog',
    description: 'Items and their inferred features',
    icon: IconDiamond,
    key: '4',
    matches: ['catalog'],
  },
  {
    path: '/insights',
    label: 'Insights',
    description: 'Micro-segments and hero items',
    icon: IconBulb,
    key: '5',
    matches: ['insights'],
  },
  {
    path: '/engine',
    label: 'Engine & model',
    description: 'Run reasoning and optimisation; past runs',
    icon: IconCpu,
    key: '6',
    matches: ['engine'],
  },
  {
    path: '/import',
    label: 'Import',
    description: 'Import catalog, clients and interactions',
    icon: IconFileImport,
    key: '7',
    matches: ['import'],
  },
  {
    path: '/settings',
    label: 'Settings',
    description: 'Follow-up rules, contact guard, attribution, message templates',
    icon: IconSettings,
    key: '8',
    matches: ['settings'],
  },
];
