import { createRequire } from 'node:module';
import type { ModelFeedbackRequest } from '../../../shared/clarifai/feedback.ts';
import type { FeedbackItem } from './feedbackItems.ts';

/** The part of the official legacy JS client (clarifai@2.9.1, no type declarations) this benchmark calls. */
interface LegacyApp {
  models: {
    feedback(
      model: string,
      input: string,
      config: {
        id: string;
        data: Omit<NonNullable<ModelFeedbackRequest['input']['data']>, 'image'>;
        info: { outputId: string; endUserId?: string; sessionId?: string };
      },
    ): Promise<unknown>;
  };
}
type LegacyClarifai = { App: new (options: { apiKey: string; apiEndpoint: string }) => LegacyApp };

const Clarifai = createRequire(import.meta.url)('clarifai') as LegacyClarifai;

/**
 * `new Clarifai.App({apiKey, apiEndpoint})`: the client builds `${apiEndpoint}/v2` (src/App.js,
 * src/constants.js getBasePath) and sends `Authorization: Key …` (src/utils.js wrapToken).
 */
export function legacyApp(baseUrl: string, key: string): LegacyApp {
  return new Clarifai.App({ apiKey: key, apiEndpoint: baseUrl });
}

/**
 * The same item as the legacy client sends it: `app.models.feedback(modelId, imageUrl, …)` adds
 * the image URL and writes `feedback_info` from camelCase (src/Model.js feedback).
 */
export function sendLegacy(app: LegacyApp, modelId: string, item: FeedbackItem): Promise<unknown> {
  const { input } = item.body;
  const info = input.feedback_info;
  return app.models.feedback(modelId, item.imageUrl, {
    id: input.id,
    data: { regions: input.data?.regions ?? [] },
    info: {
      outputId: info.output_id,
      ...(info.end_user_id ? { endUserId: info.end_user_id } : {}),
      ...(info.session_id ? { sessionId: info.session_id } : {}),
    },
  });
}
