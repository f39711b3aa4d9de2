import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

/** The region triage grid's query (docs/triage.md), over the open workspace. */
export function regionHandlers(services: MainServices): Pick<Handlers, 'regions.list'> {
  return {
    'regions.list': ({ filter, sort, offset, limit }) =>
      services.session().workspace.regions.list(filter, sort, offset, limit),
  };
}
