import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

/** Audit by sampling (docs/qa-estimates.md, "Audit mode"): the open audit of the open workspace. */
export function auditHandlers(
  services: MainServices,
): Pick<Handlers, 'audit.start' | 'audit.get' | 'audit.close'> {
  return {
    'audit.start': (settings) => services.session().workspace.audits.start(settings),
    'audit.get': () => {
      const { audits } = services.session().workspace;
      const id = audits.current();
      return id === undefined ? null : audits.view(id);
    },
    'audit.close': () => {
      const { audits } = services.session().workspace;
      const closed = audits.current() !== undefined;
      audits.close();
      return { closed };
    },
  };
}
