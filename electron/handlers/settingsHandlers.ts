import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { loupeVersion } from '../version.ts';

export function settingsHandlers(
  services: MainServices,
): Pick<
  Handlers,
  | 'app.info'
  | 'settings.get'
  | 'settings.set'
  | 'vault.status'
  | 'vault.set'
  | 'vault.clear'
  | 'endpoint.test'
> {
  return {
    'app.info': () => ({
      name: 'Loupe',
      version: loupeVersion,
      transport: services.transport,
      dataDir: services.dataDir,
      sessionId: services.sessionId,
    }),
    'settings.get': () => services.settings.get(),
    'settings.set': (patch) => {
      const next = services.settings.set(patch);
      services.bus.emit('settings.changed', next);
      if (patch.endpoint !== undefined) services.endpointChanged();
      return next;
    },
    'vault.status': () => services.vault.status(),
    'vault.set': ({ key }) => {
      services.vault.set(key);
      // A new key may be what a blocked sync or prediction run was waiting for.
      services.session().sync.resume();
      services.session().predict.resume();
      return services.vault.status();
    },
    'endpoint.test': async () => {
      try {
        const models = await (await services.getClient()).listModels();
        return {
          ok: true,
          message: `Connected: the endpoint lists ${models.length} model(s)`,
          models: models.map((model) => ({ id: model.id, name: model.name ?? model.id })),
        };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error), models: [] };
      }
    },
    'vault.clear': () => {
      services.vault.clear();
      return services.vault.status();
    },
  };
}
