import { ClarifaiError } from '../clarifai/ClarifaiError.ts';
import { PlatformClient } from '../clarifai/platformClient.ts';
import { requestTimeoutMs } from '../endpointResolver.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
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
  | 'platform.models'
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
      // Another endpoint or app: what waits to be delivered is tried there now.
      if (patch.endpoint !== undefined || patch.delivery !== undefined || patch.platform !== undefined)
        services.endpointChanged();
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
        if (services.endpoint().kind === 'team') {
          const { client } = await services.teamClient();
          const { lead, campaigns } = await client.campaignsOfCaller();
          return {
            ok: true,
            message: lead
              ? `Connected to the team collector with the lead key: ${campaigns.length} campaign(s)`
              : 'Connected to the team collector with a reviewer key',
            models: [],
          };
        }
        const client = await services.getClient();
        const delivery = services.delivery();
        if (delivery.kind === 'platform') {
          // The team's app answers (it exists, the PAT may read it): where deliveries go.
          const { userId, appId } = delivery.app;
          const models = await new PlatformClient(client, delivery.app).listModels({ perPage: 50 });
          return {
            ok: true,
            message: `Connected to the app ${userId}/${appId}: it lists ${models.length} model(s)`,
            models: models.map((model) => ({ id: model.id, name: model.name ?? model.id })),
          };
        }
        const models = await client.listModels();
        return {
          ok: true,
          message: `Connected: the endpoint lists ${models.length} model(s)`,
          models: models.map((model) => ({ id: model.id, name: model.name ?? model.id })),
        };
      } catch (error) {
        if (error instanceof ClarifaiError && error.kind === 'no_key') {
          // No key yet: whether the server is there at all is still worth knowing.
          return { ok: false, message: await withoutKey(services, error.message), models: [] };
        }
        return { ok: false, message: error instanceof Error ? error.message : String(error), models: [] };
      }
    },
    'platform.models': async (app) => {
      const client = await services.getClient();
      const unavailable = (error: unknown) =>
        // The platform's code and words, where the person looks (the picker).
        new LoupeError('unavailable', error instanceof Error ? error.message : String(error));
      const listed = await new PlatformClient(client, app)
        .listModels({ modelTypeId: 'visual-detector', perPage: 100 })
        .catch((error: unknown) => {
          throw unavailable(error);
        });
      // A v2-compatible server may not filter by type: keep the detectors.
      const detectors = listed.filter(
        (model) => model.model_type_id === undefined || model.model_type_id === 'visual-detector',
      );
      const models = await Promise.all(
        detectors.map(async (model) => {
          let concepts = model.output_info?.data?.concepts;
          // A listing without concepts (v2 answers them in GET model only): ask the model.
          concepts ??= await client
            .getModel({ modelId: model.id, ...app })
            .then((full) => full.output_info?.data?.concepts ?? [])
            .catch(() => []);
          return {
            id: model.id,
            name: model.name ?? model.id,
            userId: model.user_id ?? app.userId,
            appId: model.app_id ?? app.appId,
            ...(model.model_version?.id ? { versionId: model.model_version.id } : {}),
            concepts: concepts.map((concept) => concept.name ?? concept.id),
          };
        }),
      );
      return { models };
    },
    'vault.clear': () => {
      services.vault.clear();
      return services.vault.status();
    },
  };
}

/**
 * Test connection with no key set: asks the server once without one, so a closed port says that
 * it cannot be reached rather than only "no key" (the key is the next thing to fix, not the first).
 */
async function withoutKey(services: MainServices, noKey: string): Promise<string> {
  const endpoint = services.endpoint();
  if (endpoint.kind === 'local') return noKey;
  try {
    await fetch(`${endpoint.baseUrl}/v2/models`, {
      signal: AbortSignal.timeout(Math.min(requestTimeoutMs, 5_000)),
    });
    return `${endpoint.baseUrl} answers, but no API key is set: set one under API key below`;
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return `${endpoint.baseUrl} cannot be reached (${cause}); no API key is set either`;
  }
}
