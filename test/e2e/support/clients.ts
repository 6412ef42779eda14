import type {
  ClientInterests,
  ClientRecommendations,
  ClientRow,
  Page as ApiPage,
} from '../../../core/api/contract/index.js';
import { apiCall, type WebMode } from './web.js';

/**
 * A demo client whose profile shows everything once the engine has run: explicit and group interests, at
 * least two recommendations, and a refusal of marketing (the warnings and the consent dialog before an
 * export). Undefined when the run gave nobody all of that.
 */
export async function clientShowingEverything(
  web: WebMode,
): Promise<{ client: ClientRow; recommendations: ClientRecommendations } | undefined> {
  const candidates = await apiCall<ApiPage<ClientRow>>(web, 'clients.search', {
    consentProfiling: true,
    consentMarketing: false,
    sort: 'lastVisit',
    direction: 'desc',
    limit: 60,
  });
  for (const client of candidates.rows) {
    const interests = await apiCall<ClientInterests>(web, 'clients.interests', { clientId: client.id });
    const recommendations = await apiCall<ClientRecommendations>(web, 'clients.recommendations', {
      clientId: client.id,
    });
    if (interests.explicit.length > 0 && interests.group.length > 0 && recommendations.items.length >= 2)
      return { client, recommendations };
  }
  return undefined;
}
