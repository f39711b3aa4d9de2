import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import { postInputsRequestSchema } from '../../../../shared/clarifai/platform/platformRequests.ts';
import type { StrictInput } from '../../../../shared/clarifai/platform/platformInput.ts';
import { inTransaction } from '../../../io/sqlite.ts';
import { sha256Hex } from '../../samples/recordedPredictions.ts';
import { ApiError } from '../apiError.ts';
import { newClarifaiId } from '../clarifaiIds.ts';
import { readInputImage } from '../inputImage.ts';
import { parseJsonBody, validateBody } from '../jsonBody.ts';
import type { ApiRequest, LocalApiContext } from '../localApiContext.ts';
import { checkInputCount } from '../maxInputs.ts';
import { base64Echo } from '../wireInput.ts';
import type { Reply } from '../reply.ts';
import { batchReply, okPlatformReply } from './platformBatchReply.ts';
import { checkQueryNames, platformPageQuery } from './platformPageQuery.ts';
import { namedStatus } from './platformStatus.ts';
import type { StoredPlatformInput } from './platformStore.ts';
import { wirePlatformInput } from './wirePlatform.ts';

type Source = { sourceKey: string; image: Uint8Array | null } | { problem: string };

/** What identifies the image: its bytes' SHA-256 for base64, the URL itself for a URL. */
async function sourceOf(context: LocalApiContext, input: StrictInput): Promise<Source> {
  const { url, base64 } = input.data.image;
  if (url !== undefined) return { sourceKey: `url:${url}`, image: null };
  try {
    const bytes = await readInputImage({ base64: base64 ?? '' }, context.imagePolicy);
    return { sourceKey: `sha256:${sha256Hex(bytes)}`, image: bytes };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * PostInputs (docs/clarifai-platform.md): every new input answers `30001` and is processed in the
 * background. An id the app has with the same image: `30100 INPUT_DUPLICATE` for that input;
 * with another image: `30104`; base64 that is not base64 (or over 20 MB): `30104`. Either way the
 * other inputs of the batch are added (10010 when some were not).
 */
export async function handlePostInputs(
  context: LocalApiContext,
  request: ApiRequest,
  app: AppRef,
): Promise<Reply> {
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'inputs');
  const body = validateBody(postInputsRequestSchema, json);
  const sources = await Promise.all(body.inputs.map((input) => sourceOf(context, input)));
  const now = new Date().toISOString();
  const store = context.platform.store;

  const answers = inTransaction(context.db, () =>
    body.inputs.map((input, index) => {
      const id = input.id ?? newClarifaiId();
      const imageUrl = input.data.image.url ?? null;
      // An answer never echoes base64 bytes (wireInput.ts).
      const image = imageUrl === null ? { base64: base64Echo } : { url: imageUrl };
      const source = sources[index] ?? { problem: 'the image was not read' };
      const refused = (code: number, details: string) => ({
        added: undefined,
        wire: { id, data: { image }, status: namedStatus(code, details) },
      });
      if ('problem' in source) return refused(30104, `input "${id}": ${source.problem}`);
      const stored: StoredPlatformInput = {
        ...app,
        id,
        imageUrl,
        sourceKey: source.sourceKey,
        imageSha256: null,
        statusCode: 30001,
        statusDetails: null,
        metadata: input.data.metadata ?? null,
        createdAt: now,
        modifiedAt: now,
      };
      if (store.insertInput(stored, source.image)) {
        return { added: { stored, image: source.image }, wire: wirePlatformInput(stored) };
      }
      const existing = store.getInput(app, id);
      return existing?.sourceKey === source.sourceKey
        ? refused(30100, `input "${id}" exists already with this image`)
        : refused(30104, `input "${id}" exists already with a different image; give this one another id`);
    }),
  );
  for (const answer of answers) {
    if (answer.added) {
      const { stored, image } = answer.added;
      context.platform.processor.schedule({ app, id: stored.id, imageUrl: stored.imageUrl, image });
    }
  }
  const failed = answers.filter((answer) => !answer.added).length;
  return batchReply(
    'inputs',
    answers.map((answer) => answer.wire),
    failed,
    'inputs',
  );
}

/** GetInput: the input with its processing state, or 404 / 30102. */
export function handleGetInput(
  context: LocalApiContext,
  request: ApiRequest,
  app: AppRef,
  inputId: string,
): Reply {
  checkQueryNames(request, []);
  const input = context.platform.store.getInput(app, inputId);
  if (!input) {
    throw new ApiError(30102, `app ${app.userId}/${app.appId} has no input "${inputId.slice(0, 256)}"`, {
      httpStatus: 404,
    });
  }
  return okPlatformReply({ input: wirePlatformInput(input) });
}

/** ListInputs: newest first, `page` / `per_page` (default 128). */
export function handleListInputs(context: LocalApiContext, request: ApiRequest, app: AppRef): Reply {
  checkQueryNames(request, ['page', 'per_page']);
  const { page, perPage } = platformPageQuery(request);
  return okPlatformReply({
    inputs: context.platform.store.listInputs(app, page, perPage).map(wirePlatformInput),
  });
}
