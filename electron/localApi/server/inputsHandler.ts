import { addInputsRequestSchema, type NewInput as WireNewInput } from '../../../shared/clarifai/inputs.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { decodeImage, readImageHeader } from '../images/decodeImage.ts';
import { sha256Hex } from '../samples/recordedPredictions.ts';
import { rejection } from './apiError.ts';
import { newClarifaiId } from './clarifaiIds.ts';
import { readInputImage } from './inputImage.ts';
import type { StoredInput } from './inputRepo.ts';
import { parseJsonBody, validateBody } from './jsonBody.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { checkInputCount } from './maxInputs.ts';
import { pageQuery } from './pageQuery.ts';
import { createRequestPixelBudget, maxRequestPixels } from './requestPixelBudget.ts';
import { okReply, type Reply } from './reply.ts';
import { toWireInput, wireImage } from './wireInput.ts';
import { wireStatus } from './wireStatus.ts';

/**
 * A base64 image is checked at once (it is all here), within the request's pixel budget like a
 * predict; a URL is fetched in the background.
 */
async function checkInline(
  context: LocalApiContext,
  input: WireNewInput,
  charge: (pixels: number | undefined) => Promise<boolean>,
): Promise<Pick<StoredInput, 'statusCode' | 'statusDetails' | 'imageSha256'>> {
  if (input.data.image.base64 === undefined) {
    await charge(undefined);
    return { statusCode: 30001, statusDetails: null, imageSha256: null };
  }
  let charged = false;
  try {
    const bytes = await readInputImage(input.data.image, context.imagePolicy);
    const header = await readImageHeader(bytes);
    charged = true;
    if (!(await charge(header.pixels))) {
      return {
        statusCode: 30105,
        statusDetails: `This request's images add up to more than ${maxRequestPixels / 1_000_000} megapixels; send this one (${header.width}×${header.height}) in another request`,
        imageSha256: null,
      };
    }
    await decodeImage(bytes);
    return { statusCode: 30000, statusDetails: null, imageSha256: sha256Hex(bytes) };
  } catch (error) {
    if (!charged) await charge(undefined);
    return { statusCode: 30002, statusDetails: (error as Error).message, imageSha256: null };
  }
}

/**
 * `POST /v2/inputs` (docs/clarifai-v2.md §4): up to 128 inputs, processed asynchronously — poll
 * `GET /v2/inputs/{id}` until 30000 or 30002. An id that exists already is refused for that
 * input only (30100), as is a base64 image that cannot be read (30002).
 */
export async function handleAddInputs(context: LocalApiContext, request: ApiRequest): Promise<Reply> {
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'inputs');
  const body = validateBody(addInputsRequestSchema, json);
  const createdAt = new Date().toISOString();
  const budget = createRequestPixelBudget();
  const places = body.inputs.map(() => budget.place());
  const checked = await Promise.all(
    body.inputs.map((input, index) => checkInline(context, input, places[index]!)),
  );

  const seen = new Set<string>();
  const answers = inTransaction(context.db, () =>
    body.inputs.map((input, index) => {
      const id = input.id ?? newClarifaiId();
      const stored: StoredInput = {
        id,
        origin: 'inputs',
        imageUrl: input.data.image.url ?? null,
        concepts: input.data.concepts ?? [],
        metadata: input.data.metadata ?? null,
        createdAt,
        ...(checked[index] ?? { statusCode: 30001, statusDetails: null, imageSha256: null }),
      };
      const added = !seen.has(id) && context.inputs.insert(stored);
      seen.add(id);
      if (!added) {
        return {
          added: false,
          wire: {
            id,
            data: { image: wireImage(stored.imageUrl) },
            created_at: createdAt,
            status: wireStatus(30100, `an input with id "${id}" exists already`),
          },
        };
      }
      return {
        added: stored.statusCode !== 30002 && stored.statusCode !== 30105,
        stored,
        wire: toWireInput(stored),
      };
    }),
  );
  for (const answer of answers) {
    if (answer.stored?.statusCode === 30001 && answer.stored.imageUrl !== null) {
      context.inputProcessor.schedule({ id: answer.stored.id, imageUrl: answer.stored.imageUrl });
    }
  }

  const accepted = answers.filter((answer) => answer.added).length;
  const inputs = answers.map((answer) => answer.wire);
  if (accepted === answers.length) return okReply({ inputs });
  if (accepted > 0) {
    return {
      httpStatus: 207,
      body: {
        status: wireStatus(10010, `${answers.length - accepted} of ${answers.length} inputs failed`),
        inputs,
      },
    };
  }
  return {
    httpStatus: 400,
    body: { status: wireStatus(10020, "every input failed; see each input's status"), inputs },
  };
}

/** `GET /v2/inputs/{id}`: the input with its processing status, or 404 / 30102. */
export function handleGetInput(context: LocalApiContext, inputId: string): Reply {
  const input = context.inputs.get(inputId);
  if (!input) throw rejection.noSuchInput(inputId);
  return okReply({ input: toWireInput(input) });
}

/** `GET /v2/inputs?page=&per_page=`: newest first. */
export function handleListInputs(context: LocalApiContext, request: ApiRequest): Reply {
  const { page, perPage } = pageQuery(request);
  return okReply({ inputs: context.inputs.list(page, perPage).map(toWireInput) });
}
