import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { WireData } from '../../../shared/clarifai/data.ts';
import type { ModelRoute } from '../../../shared/clarifai/paths.ts';
import { predictRequestSchema, type PredictInput } from '../../../shared/clarifai/predict.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { createConcurrencyLimit } from '../concurrencyLimit.ts';
import { ImageDecodeError, readImageHeader } from '../images/decodeImage.ts';
import { ModelError } from '../models/modelRunner.ts';
import { shiftedVersion } from '../models/shiftedVersion.ts';
import { sha256Hex } from '../samples/recordedPredictions.ts';
import { newClarifaiId } from './clarifaiIds.ts';
import { InputImageError, readInputImage } from './inputImage.ts';
import { parseJsonBody, validateBody } from './jsonBody.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { checkInputCount } from './maxInputs.ts';
import { wireModel, type LocalModel } from './modelCatalog.ts';
import { applyOutputConfig } from './outputConfig.ts';
import type { Reply } from './reply.ts';
import { createRequestPixelBudget, maxRequestPixels } from './requestPixelBudget.ts';
import { resolveModel } from './resolveModel.ts';
import { wireImage } from './wireInput.ts';
import { wireStatus } from './wireStatus.ts';

interface InputResult {
  inputId: string;
  imageUrl: string | null;
  imageSha256: string | null;
  code: number;
  details?: string;
  data: WireData;
  /** The failure was the server's (a model), not the input's. */
  serverFault: boolean;
}

/** A model that failed is the server's trouble, and retryable. */
const modelFailureCode = 98004;

/** Inputs of one request being read at once: each may hold a downloaded image of up to 20 MB. */
const inputsAtOnce = 4;

async function predictOne(
  context: LocalApiContext,
  model: LocalModel,
  input: PredictInput,
  outputConfig: Parameters<typeof applyOutputConfig>[1],
  charge: (pixels: number | undefined) => Promise<boolean>,
): Promise<InputResult> {
  const base = { inputId: input.id ?? newClarifaiId(), imageUrl: input.data.image.url ?? null };
  let imageSha256: string | null = null;
  let charged = false;
  try {
    const bytes = await readInputImage(input.data.image, context.imagePolicy);
    imageSha256 = sha256Hex(bytes);
    const header = await readImageHeader(bytes);
    charged = true;
    if (!(await charge(header.pixels))) {
      throw new InputImageError(
        30105,
        `This request's images add up to more than ${maxRequestPixels / 1_000_000} megapixels; this one (${header.width}×${header.height}) was not predicted: send it in another request`,
      );
    }
    const predicted = await context.predictor.predict(model.kind, bytes);
    const data = applyOutputConfig(model.shifted ? shiftedVersion(predicted) : predicted, outputConfig);
    return { ...base, imageSha256, code: SUCCESS, data, serverFault: false };
  } catch (error) {
    if (!charged) await charge(undefined);
    const failed = { ...base, imageSha256, data: {}, details: (error as Error).message };
    if (error instanceof InputImageError) return { ...failed, code: error.code, serverFault: false };
    if (error instanceof ImageDecodeError) return { ...failed, code: 30002, serverFault: false };
    if (error instanceof ModelError) return { ...failed, code: modelFailureCode, serverFault: true };
    throw error;
  }
}

/**
 * `POST {models path}/outputs` (docs/clarifai-v2.md §3): one output per input, in input order, each
 * with its own status. All succeeded: 10000; some failed: 10010 with HTTP 207; all failed: 10020
 * with HTTP 400 (500 and a retryable code when a model, not the inputs, failed). Inputs and
 * outputs are stored, so feedback can be checked against what was predicted.
 */
export async function handlePredict(
  context: LocalApiContext,
  request: ApiRequest,
  route: ModelRoute,
): Promise<Reply> {
  const model = resolveModel(route);
  const json = parseJsonBody(request.body);
  checkInputCount(json, 'inputs');
  const body = validateBody(predictRequestSchema, json);
  const outputConfig = body.model?.output_info?.output_config;

  // Read a few at a time (not all 128 downloads at once), charged to the budget in input order.
  const budget = createRequestPixelBudget();
  const places = body.inputs.map(() => budget.place());
  const reading = createConcurrencyLimit(inputsAtOnce);
  const results = await Promise.all(
    body.inputs.map((input, index) =>
      reading.run(() => predictOne(context, model, input, outputConfig, places[index]!)),
    ),
  );

  const createdAt = new Date().toISOString();
  const outputs = results.map((result) => ({ ...result, outputId: newClarifaiId() }));
  inTransaction(context.db, () => {
    for (const output of outputs) {
      context.inputs.upsertPredicted({
        id: output.inputId,
        imageUrl: output.imageUrl,
        imageSha256: output.imageSha256,
        statusCode: output.imageSha256 === null ? 30002 : 30000,
        statusDetails: output.imageSha256 === null ? (output.details ?? null) : null,
        createdAt,
      });
      context.outputs.insert({
        id: output.outputId,
        modelId: model.id,
        modelVersionId: model.versionId,
        inputId: output.inputId,
        statusCode: output.code,
        statusDetails: output.details ?? null,
        data: output.data,
        createdAt,
      });
    }
  });

  const succeeded = outputs.filter((output) => output.code === SUCCESS).length;
  const serverFault = outputs.some((output) => output.serverFault);
  const [httpStatus, status] =
    succeeded === outputs.length
      ? [200, wireStatus(SUCCESS)]
      : succeeded > 0
        ? [
            207,
            wireStatus(
              10010,
              `${outputs.length - succeeded} of ${outputs.length} inputs failed; see each output's status`,
            ),
          ]
        : serverFault
          ? [500, wireStatus(modelFailureCode, "the model failed on every input; see each output's status")]
          : [400, wireStatus(10020, "every input failed; see each output's status")];

  return {
    httpStatus,
    body: {
      status,
      outputs: outputs.map((output) => ({
        id: output.outputId,
        status: wireStatus(output.code, output.details),
        created_at: createdAt,
        model: wireModel(model),
        input: { id: output.inputId, data: { image: wireImage(output.imageUrl) } },
        data: output.data,
      })),
    },
  };
}
