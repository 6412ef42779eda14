import { useDeferredValue } from 'react';
import { Anchor, Breadcrumbs, Grid, Skeleton, Stack } from '@mantine/core';
import { useApi } from '../../api/hooks';
import { Failed, LinesSkeleton } from '../../components/states';
import { ProfileHeader } from './ProfileHeader';
import { ClientTimeline } from './Timeline';
import { ClientNotes } from './Notes';
import { ClientOutreach } from './Outreach';
import { InterestsSection } from './Interests';
import { RecommendationCards } from './Recommendations';
import { ClientPrivacy } from './Privacy';
import { profileQueries } from './queries';

/**
 * `value` a moment later, rendered in the background once the urgent part of the screen is painted. The
 * profile's below-the-fold sections (group interests, recommendations: half the screen's elements) read their
 * data through it, so a click shows the header and the client's own interests without waiting for them.
 */
function useAfterFirstPaint<T>(value: T | undefined): T | null {
  return useDeferredValue(value ?? null, null);
}

export function ClientProfile({ clientId }: { clientId: number }) {
  const q = profileQueries(clientId);
  const client = useApi('clients.get', q.client, { reloadOn: ['clients'] });
  const interests = useApi('clients.interests', q.interests, { reloadOn: ['engine'] });
  const recommendations = useApi('clients.recommendations', q.recommendations, { reloadOn: ['engine'] });
  const groupInterests = useAfterFirstPaint(interests.data);
  const laterRecommendations = useAfterFirstPaint(recommendations.data);

  if (client.error) return <Failed error={client.error} retry={client.reload} />;
  return (
    <Stack gap="md" data-testid="client-profile">
      <Breadcrumbs>
        <Anchor href="#/clients">Client book</Anchor>
        <span>{client.data?.name ?? '…'}</span>
      </Breadcrumbs>
      {client.data ? <ProfileHeader client={client.data} /> : <Skeleton height={170} radius="md" />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            {interests.data ? (
              <InterestsSection interests={interests.data} groupInterests={groupInterests} />
            ) : (
              <LinesSkeleton lines={8} height={40} />
            )}
            {client.data && laterRecommendations ? (
              <RecommendationCards client={client.data} recommendations={laterRecommendations} />
            ) : (
              <Skeleton height={320} radius="md" />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <ClientNotes clientId={clientId} />
            <ClientOutreach clientId={clientId} />
            <ClientTimeline clientId={clientId} />
            {client.data && <ClientPrivacy client={client.data} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
