import { setTimeout as sleep } from 'node:timers/promises';
import {
  deliveryPlanSchema,
  deliverySteps,
  sameAnnotation,
  type DeliveryPlan,
  type DeliveryStep,
} from '../../../shared/clarifai/platform/deliveryPlan.ts';
import type { StrictAnnotationInput } from '../../../shared/clarifai/platform/platformAnnotation.ts';
import type { PlatformAnnotation } from '../../../shared/clarifai/platform/reviewAnnotations.ts';
import {
  classifyFailure,
  statusCodeName,
  statusCodeNumber,
  statusOutcome,
} from '../../../shared/clarifai/statusCodes.ts';
import type { Status } from '../../../shared/clarifai/status.ts';
import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { PlatformClient } from '../clarifai/platformClient.ts';
import type { OutboxError, OutboxItem, OutboxRepo } from '../workspace/outboxRepo.ts';
import { retryAfter, toOutboxError } from './feedbackSender.ts';
import type { SendResult } from './syncEngine.ts';

/** Processing states of an input: wait and ask again (30001 INPUT_PENDING, 30003 IN_PROGRESS). */
const INPUT_SUCCESS = 30000;
const INPUT_DUPLICATE = 30100;
/** 24155: on PostAnnotations, most often "an annotation with this id exists". */
const ANNOTATION_INVALID_ARGUMENT = 24155;

export interface PlatformSenderOptions {
  getClient: () => Promise<ClarifaiClient>;
  outbox: OutboxRepo;
  /** The bytes of a workspace image, for an input sent as base64. */
  readImage: (imageId: number) => Promise<Buffer>;
  /** How often GetInput is asked while the platform processes the image, and for how long. */
  inputPollMs?: number;
  inputWaitMs?: number;
}

/** A step failed for a reason the platform gave about one item (not the call as a whole). */
class StepFailure extends Error {
  readonly error: OutboxError;
  constructor(error: OutboxError) {
    super(error.description);
    this.error = error;
  }
}

/**
 * Delivers a `platform_annotations` outbox item: the steps of its plan (deliveryPlan.ts) from the
 * one it stopped at, recording each step done, so a delivery cut short anywhere resumes there.
 * Every step is idempotent — input and annotation ids are deterministic — so a step that ran
 * but was not recorded (a `kill -9`, a timeout after the server committed) runs again harmlessly:
 * an input that exists answers 30100, an annotation that exists is compared and overwritten only
 * when it differs, a removal of one already gone is done.
 */
export function createPlatformSender(
  options: PlatformSenderOptions,
): (item: OutboxItem) => Promise<SendResult> {
  return async (item) => {
    if (item.target.kind !== 'platform_annotations') return damaged();
    const plan = deliveryPlanSchema.safeParse(item.body);
    if (!plan.success) return damaged();
    try {
      const platform = new PlatformClient(await options.getClient(), item.target.app);
      const steps = deliverySteps(plan.data);
      const call = { requestId: item.requestId };
      for (let index = item.progress; index < steps.length; index++) {
        await runStep(platform, plan.data, steps[index]!, options, call);
        options.outbox.setProgress(item.id, item.requestId, index + 1);
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof StepFailure) return { ok: false, error: error.error };
      return { ok: false, error: toOutboxError(error), ...retryAfter(error) };
    }
  };
}

async function runStep(
  platform: PlatformClient,
  plan: DeliveryPlan,
  step: DeliveryStep,
  options: PlatformSenderOptions,
  call: { requestId: string },
): Promise<void> {
  switch (step.kind) {
    case 'post_input':
      return postInput(platform, plan, options, call);
    case 'await_input':
      return awaitInput(platform, plan.input.id, options, call);
    case 'annotations':
      return putAnnotations(platform, step.annotations, call);
    case 'remove':
      return platform.deleteAnnotation(step.annotation.input_id, step.annotation.id, call);
    case 'statuses': {
      const patch = step.statuses.map((entry) => ({
        id: entry.id,
        input_id: entry.input_id,
        status: { code: entry.code },
      }));
      const response = await platform.patchAnnotations(patch, 'merge', call);
      checkItems(response.annotations, patch, response.status, 'set the status of annotation');
      return;
    }
  }
}

async function postInput(
  platform: PlatformClient,
  plan: DeliveryPlan,
  options: PlatformSenderOptions,
  call: { requestId: string },
): Promise<void> {
  const source = plan.input.image;
  const image = 'url' in source ? { url: source.url } : { base64: await readBase64(options, source.imageId) };
  const response = await platform.postInputs([{ id: plan.input.id, data: { image } }], call);
  const status = response.inputs[0]?.status ?? response.status;
  const code = statusCodeNumber(status.code);
  // The id is derived from the image's content (or URL), so an input that exists holds it.
  if (code === INPUT_DUPLICATE || !failed(code)) return;
  throw itemFailure(`The image could not be added as input ${plan.input.id}`, status);
}

/** The image file is gone or unreadable: the person restores it and retries, or discards. */
async function readBase64(options: PlatformSenderOptions, imageId: number): Promise<string> {
  try {
    return (await options.readImage(imageId)).toString('base64');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StepFailure({
      description: `The image file could not be read to send it (${reason})`,
      retryable: false,
      needsPerson: false,
    });
  }
}

async function awaitInput(
  platform: PlatformClient,
  inputId: string,
  options: PlatformSenderOptions,
  call: { requestId: string },
): Promise<void> {
  const deadline = Date.now() + (options.inputWaitMs ?? 120_000);
  for (;;) {
    const input = await platform.getInput(inputId, call);
    const status = input.status ?? { code: INPUT_SUCCESS };
    const code = statusCodeNumber(status.code);
    if (code === INPUT_SUCCESS) return;
    if (statusOutcome(code) !== 'pending') {
      throw itemFailure(`The platform could not process input ${inputId}`, status);
    }
    if (Date.now() >= deadline) {
      throw new StepFailure({
        description: `Input ${inputId} is still being processed by the platform; trying again later`,
        retryable: true,
        needsPerson: false,
      });
    }
    await sleep(options.inputPollMs ?? 250);
  }
}

/**
 * PostAnnotations with deterministic ids; those that exist already (a resend, or a delivery that
 * committed but was not recorded) are read back and overwritten only where they differ.
 */
async function putAnnotations(
  platform: PlatformClient,
  annotations: readonly PlatformAnnotation[],
  call: { requestId: string },
): Promise<void> {
  const wire = annotations.map(toWire);
  const response = await platform.postAnnotations(wire, call);
  const existing: PlatformAnnotation[] = [];
  annotations.forEach((annotation, index) => {
    const status = response.annotations[index]?.status ?? response.status;
    const code = statusCodeNumber(status.code);
    if (code === ANNOTATION_INVALID_ARGUMENT) existing.push(annotation);
    else if (statusOutcome(code) === 'pending')
      throw new StepFailure({
        description: `Input ${annotation.input_id} is not processed yet; trying again later`,
        retryable: true,
        needsPerson: false,
      });
    else if (failed(code)) throw itemFailure(`Annotation ${annotation.id} was refused`, status);
  });
  if (existing.length === 0) return;
  const held = await platform.listAnnotations(
    { ids: existing.map((annotation) => annotation.id), listAllAnnotations: true, perPage: existing.length },
    call,
  );
  const byId = new Map(held.map((annotation) => [annotation.id, annotation]));
  const differing = existing.filter((annotation) => {
    const found = byId.get(annotation.id);
    if (found === undefined) {
      // 24155 for an id the app does not hold: the annotation itself was refused.
      const status = response.annotations[annotations.indexOf(annotation)]?.status ?? response.status;
      throw itemFailure(`Annotation ${annotation.id} was refused`, status);
    }
    return !sameAnnotation(annotation, found);
  });
  if (differing.length === 0) return;
  const patch = differing.map(toWire);
  const patched = await platform.patchAnnotations(patch, 'overwrite', call);
  checkItems(patched.annotations, patch, patched.status, 'overwrite annotation');
}

/** What PostAnnotations / PatchAnnotations send: image concepts are an input-level annotation. */
function toWire(annotation: PlatformAnnotation): StrictAnnotationInput {
  return 'concepts' in annotation.data ? { ...annotation, input_level: true } : { ...annotation };
}

function checkItems(
  answered: readonly { status?: Status | undefined }[],
  asked: readonly StrictAnnotationInput[],
  overall: Status,
  what: string,
): void {
  asked.forEach((annotation, index) => {
    const status = answered[index]?.status ?? overall;
    if (failed(statusCodeNumber(status.code)))
      throw itemFailure(`Could not ${what} ${annotation.id ?? ''}`.trim(), status);
  });
}

/** An item's status says it did not succeed (and it is not waiting): unknown codes included. */
function failed(code: number | undefined): boolean {
  const outcome = statusOutcome(code);
  return outcome !== 'success' && outcome !== 'pending';
}

/** A per-item status as the queue and the image show it: the platform's code, name and words. */
function itemFailure(what: string, status: Status): StepFailure {
  const code = statusCodeNumber(status.code);
  const name = statusCodeName(status.code);
  const words = [status.description, status.details].filter(Boolean).join(' — ');
  const failureClass = classifyFailure(code === undefined ? {} : { code });
  return new StepFailure({
    ...(code !== undefined ? { code } : {}),
    description: `${what}: ${code ?? '?'}${name ? ` ${name}` : ''}${words ? ` — ${words}` : ''}`,
    ...(status.details ? { details: status.details } : {}),
    retryable: failureClass === 'retryable',
    needsPerson: failureClass === 'needsPerson',
  });
}

function damaged(): SendResult {
  return {
    ok: false,
    error: {
      description:
        'The queued delivery no longer matches the platform delivery format; discard it and submit again',
      retryable: false,
      needsPerson: false,
    },
  };
}
