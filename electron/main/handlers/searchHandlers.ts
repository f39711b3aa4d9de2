import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { openSearchHit, runSearch } from '../search/searchService.ts';

export function searchHandlers(services: MainServices): Pick<Handlers, 'search.run' | 'search.open'> {
  return {
    'search.run': async (query) => runSearch(services.session().workspace, await services.getClient(), query),
    'search.open': ({ searchId, hitIndex }) => {
      const session = services.session();
      const imageId = openSearchHit(session.workspace, searchId, hitIndex, {
        endUserId: services.settings.get().reviewerId,
        sessionId: services.sessionId,
      });
      session.sync.kick();
      return { imageId };
    },
  };
}
