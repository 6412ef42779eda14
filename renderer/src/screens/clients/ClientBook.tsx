import { memo, useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import {
  ActionIcon,
  Button,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import {
  IconFilterOff,
  IconSearch,
  IconSortAscending,
  IconSortDescending,
  IconUsers,
} from '@tabler/icons-react';
import type { ClientFacets } from '../../../../core/api/contract';
import { useApi, useChangeCount } from '../../api/hooks';
import { Empty, Failed, LinesSkeleton } from '../../components/states';
import { ClientTable } from './ClientTable';
import { useClientPages, type ClientQuery } from './useClientPages';
import { BookScopeControl, useBookScope } from '../../components/BookScope';
import { ExportList } from './ExportList';

type Consent = 'any' | 'marketing' | 'no-marketing' | 'no-profiling';
interface Filters {
  search: string;
  tiers: string[];
  stores: string[];
  associates: string[];
  groupInterest: string | null;
  consent: Consent;
  lastVisit: [string | null, string | null];
  sort: NonNullable<ClientQuery['sort']>;
  direction: 'asc' | 'desc';
}

const noFilters: Filters = {
  search: '',
  tiers: [],
  stores: [],
  associates: [],
  groupInterest: null,
  consent: 'any',
  lastVisit: [null, null],
  sort: 'name',
  direction: 'asc',
};
// Kept across screens, so coming back from a profile finds the book as it was left.
let remembered: Filters = noFilters;

// The micro-segment Insights opened the book on: the filter's value is its key, its name what the filter shows.
let segmentOption: { value: string; label: string } | null = null;

/** Opens the client book on the clients of a micro-segment (from Insights), or of one inferred interest. */
export function showClientsWithInterest(key: string, name = key): void {
  remembered = { ...noFilters, groupInterest: key };
  segmentOption = name === key ? null : { value: key, label: name };
}

const interestOptions = (facets: ClientFacets | undefined, value: string | null) => [
  ...(segmentOption && segmentOption.value === value ? [segmentOption] : []),
  ...facetOptions(facets?.groupInterests),
];

function toQuery(f: Filters): ClientQuery {
  return {
    search: f.search,
    tiers: f.tiers,
    stores: f.stores,
    associates: f.associates,
    ...(f.groupInterest ? { groupInterest: f.groupInterest } : {}),
    ...(f.consent === 'marketing' ? { consentMarketing: true } : {}),
    ...(f.consent === 'no-marketing' ? { consentMarketing: false } : {}),
    ...(f.consent === 'no-profiling' ? { consentProfiling: false } : {}),
    ...(f.lastVisit[0] ? { lastVisitFrom: f.lastVisit[0] } : {}),
    ...(f.lastVisit[1] ? { lastVisitTo: f.lastVisit[1] } : {}),
    sort: f.sort,
    direction: f.direction,
  };
}

const facetOptions = (facets: readonly { value: string; count: number }[] | undefined) =>
  (facets ?? []).map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }));

type SetFilters = (change: Partial<Filters>) => void;

// The book's controls are memoised: pages of clients arriving as the table scrolls re-render the book,
// and a dozen Mantine inputs (with their popovers) rendering again cost more than the rows themselves.
const SortControls = memo(function SortControls({
  sort,
  direction,
  set,
}: {
  sort: Filters['sort'];
  direction: Filters['direction'];
  set: SetFilters;
}) {
  return (
    <>
      <Select
        aria-label="Sort clients by"
        w={160}
        value={sort}
        allowDeselect={false}
        onChange={(v) => v && set({ sort: v })}
        data={[
          { value: 'name', label: 'Name' },
          { value: 'lastVisit', label: 'Last visit' },
          { value: 'tier', label: 'Tier' },
          { value: 'store', label: 'Store' },
          { value: 'createdAt', label: 'Client since' },
        ]}
      />
      <Tooltip label={direction === 'asc' ? 'Ascending' : 'Descending'}>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={`Sort ${direction === 'asc' ? 'descending' : 'ascending'}`}
          onClick={() => set({ direction: direction === 'asc' ? 'desc' : 'asc' })}
        >
          {direction === 'asc' ? <IconSortAscending size={18} /> : <IconSortDescending size={18} />}
        </ActionIcon>
      </Tooltip>
    </>
  );
});

const BookFilters = memo(function BookFilters({
  filters,
  facets,
  filtered,
  set,
  searchBox,
}: {
  filters: Filters;
  facets: ClientFacets | undefined;
  filtered: boolean;
  set: SetFilters;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput
        ref={searchBox}
        aria-label="Search clients"
        placeholder="Name, email, phone, tag or client number"
        leftSection={<IconSearch size={16} />}
        value={filters.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown')
            document.querySelector<HTMLElement>('[data-testid="client-table"]')?.focus();
        }}
        style={{ flex: '1 1 280px' }}
        data-testid="client-search"
      />
      <MultiSelect
        aria-label="Tier"
        placeholder="Tier"
        data={facetOptions(facets?.tiers)}
        value={filters.tiers}
        onChange={(tiers) => set({ tiers })}
        clearable
        w={170}
      />
      <MultiSelect
        aria-label="Store"
        placeholder="Store"
        data={facetOptions(facets?.stores)}
        value={filters.stores}
        onChange={(stores) => set({ stores })}
        clearable
        searchable
        w={190}
      />
      <MultiSelect
        aria-label="Associate"
        placeholder="Associate"
        data={facetOptions(facets?.associates)}
        value={filters.associates}
        onChange={(associates) => set({ associates })}
        clearable
        searchable
        w={190}
      />
      <Select
        aria-label="Has inferred interest"
        placeholder="Inferred interest"
        data={interestOptions(facets, filters.groupInterest)}
        value={filters.groupInterest}
        onChange={(groupInterest) => set({ groupInterest })}
        clearable
        searchable
        nothingFoundMessage="No inferred interests yet: run the engine"
        w={210}
      />
      <Select
        aria-label="Consent"
        value={filters.consent}
        allowDeselect={false}
        onChange={(v) => set({ consent: v ?? 'any' })}
        data={[
          { value: 'any', label: 'Any consent' },
          { value: 'marketing', label: 'Accepts marketing' },
          { value: 'no-marketing', label: 'Refused marketing' },
          { value: 'no-profiling', label: 'Refused profiling' },
        ]}
        w={170}
      />
      <DatePickerInput
        type="range"
        aria-label="Last visit between"
        placeholder="Last visit between"
        value={filters.lastVisit}
        onChange={(range) => set({ lastVisit: [range[0] ?? null, range[1] ?? null] })}
        clearable
        valueFormat="D MMM YYYY"
        w={230}
      />
      {filtered && (
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => set({ ...noFilters, sort: filters.sort, direction: filters.direction })}
        >
          Clear
        </Button>
      )}
    </Group>
  );
});

export function ClientBook() {
  const [filters, setFilters] = useState<Filters>(remembered);
  const searchBox = useRef<HTMLInputElement>(null);
  const facets = useApi('clients.facets', {}, { reloadOn: ['clients', 'engine'] });
  const { scope, associateId } = useBookScope();
  const query = { ...toQuery(filters), scope };
  // "My book" is whoever is signed in, and an import or a run changes the rows: either is a new query.
  const version = useChangeCount(['clients', 'engine', 'outreach']);
  const pages = useClientPages(query, `${associateId}|${version}`);
  const set = useCallback(
    (change: Partial<Filters>) => setFilters((f) => (remembered = { ...f, ...change })),
    [],
  );
  const filtered =
    JSON.stringify({ ...filters, sort: 'name', direction: 'asc' }) !== JSON.stringify(noFilters);

  useEffect(() => searchBox.current?.focus(), []);

  return (
    <Stack h="calc(100vh - 56px - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Client book</Title>
          <Text size="sm" c="dimmed" data-testid="client-count" aria-live="polite">
            {pages.total === null ? 'Loading clients…' : `${pages.total.toLocaleString()} clients`}
            {pages.stale ? ' · searching…' : ''}
          </Text>
        </div>
        <Group gap="xs">
          {pages.stale && <Loader size="xs" aria-label="Searching" />}
          <BookScopeControl />
          <SortControls sort={filters.sort} direction={filters.direction} set={set} />
          <ExportList query={query} disabled={!pages.total} />
        </Group>
      </Group>

      <BookFilters
        filters={filters}
        facets={facets.data}
        filtered={filtered}
        set={set}
        searchBox={searchBox}
      />

      {pages.error && pages.total === null ? (
        <Failed error={pages.error} />
      ) : pages.loading ? (
        <LinesSkeleton lines={12} height={36} />
      ) : pages.total === 0 ? (
        <Empty
          icon={<IconUsers size={32} stroke={1.4} />}
          title={filtered ? 'No client matches' : 'No clients yet'}
          description={
            filtered
              ? 'Try fewer words or clear the filters.'
              : 'Import your client book from the Import screen.'
          }
        />
      ) : (
        <ClientTable
          total={pages.total ?? 0}
          rowAt={pages.rowAt}
          ensureRange={pages.ensureRange}
          resetKey={`${associateId}|${JSON.stringify(query)}`}
        />
      )}
    </Stack>
  );
}
