import { z } from 'zod';
import { verdictSchema } from '../review.ts';
import { boundingBoxSchema } from './boundingBox.ts';
import { imageSourceSchema } from './data.ts';

/**
 * Feedback request bodies (docs/clarifai-v2.md §2): model feedback (`POST {models path}/feedback`,
 * concepts and regions together) and search feedback (`POST {searches path}/feedback`).
 *
 * Two variants of each, for servers:
 * - strict — what Loupe sends and what a strict server accepts: closed objects (an unknown key
 *   such as the old JS client's `end_user_i_d` is an error), `value` and region `feedback` always
 *   explicit, optional ids absent rather than null or empty.
 * - legacy — also accepts what the last official clients sent (§7.5: `null` for unset
 *   `end_user_id`/`session_id`, an empty `data.image` with search feedback) and what the proto
 *   allows to be left out, and normalises it: nulls and empty ids are dropped, a missing concept
 *   `value` becomes 1 and a missing region `feedback` becomes `accurate` (the proto defaults).
 * Both require `output_id` for annotation feedback and `search_id` for a search click.
 */

export const eventTypes = ['annotation', 'search_click'] as const;
export const eventTypeSchema = z.enum(eventTypes);
export type EventType = z.infer<typeof eventTypeSchema>;

/** Docs send booleans, the proto holds a float; a server takes true/false, 1/0 or a fraction. */
export const feedbackValueSchema = z.union([z.boolean(), z.number().min(0).max(1)]);
export type FeedbackValue = z.infer<typeof feedbackValueSchema>;

/** Strict: absent or a non-empty id. Legacy: also null or empty, both read as absent. */
const strictOptionalId = z.string().min(1).optional();
const legacyOptionalId = z
  .string()
  .nullable()
  .optional()
  .transform((id) => (id ? id : undefined))
  .optional();

function schemasFor<Id extends z.ZodType, Value extends z.ZodType, Verdict extends z.ZodType>(parts: {
  optionalId: Id;
  value: Value;
  verdict: Verdict;
}) {
  const { optionalId, value, verdict } = parts;

  const concept = z.strictObject({
    /** A Clarifai concept id, or the name of a concept the reviewer added. */
    id: z.string().min(1),
    name: z.string().optional(),
    value,
    vocab_id: z.string().min(1).optional(),
    app_id: z.string().min(1).optional(),
  });
  const concepts = z.array(concept);
  const conceptList = z.strictObject({ concepts });

  const region = z.strictObject({
    /** The model's region id; absent for a region the model missed (`not_detected`). */
    id: z.string().min(1).optional(),
    region_info: z.strictObject({
      /** The corrected box: where the region really is. */
      bounding_box: boundingBoxSchema,
      feedback: verdict,
    }),
    data: z
      .strictObject({
        concepts: concepts.optional(),
        face: z
          .strictObject({
            identity: conceptList.optional(),
            age_appearance: conceptList.optional(),
            gender_appearance: conceptList.optional(),
            multicultural_appearance: conceptList.optional(),
          })
          .optional(),
      })
      .optional(),
  });

  const annotationInfo = z.strictObject({
    event_type: z.literal('annotation'),
    output_id: z.string().min(1),
    end_user_id: optionalId,
    session_id: optionalId,
  });

  const searchClickInfo = z.strictObject({
    event_type: z.literal('search_click'),
    /** The id of the search response the hit came from — never an output id (doc bug §7.2). */
    search_id: z.string().min(1),
    end_user_id: optionalId,
    session_id: optionalId,
  });

  const modelFeedback = z.strictObject({
    input: z.strictObject({
      id: z.string().min(1),
      data: z
        .strictObject({
          image: imageSourceSchema.optional(),
          concepts: concepts.optional(),
          regions: z.array(region).optional(),
        })
        .optional(),
      feedback_info: annotationInfo,
    }),
  });

  return { concept, region, annotationInfo, searchClickInfo, modelFeedback };
}

const strict = schemasFor({
  optionalId: strictOptionalId,
  value: feedbackValueSchema,
  verdict: verdictSchema,
});
const legacy = schemasFor({
  optionalId: legacyOptionalId,
  value: feedbackValueSchema.default(1),
  verdict: verdictSchema.default('accurate'),
});

export const feedbackConceptSchema = strict.concept;
export type FeedbackConcept = z.infer<typeof feedbackConceptSchema>;
export const feedbackRegionSchema = strict.region;
export type FeedbackRegion = z.infer<typeof feedbackRegionSchema>;
export const annotationFeedbackInfoSchema = strict.annotationInfo;
export type AnnotationFeedbackInfo = z.infer<typeof annotationFeedbackInfoSchema>;
export const searchClickFeedbackInfoSchema = strict.searchClickInfo;
export type SearchClickFeedbackInfo = z.infer<typeof searchClickFeedbackInfoSchema>;

/** Concept and region feedback on one prediction output, as Loupe sends it. */
export const modelFeedbackRequestSchema = strict.modelFeedback;
export type ModelFeedbackRequest = z.infer<typeof modelFeedbackRequestSchema>;

/** A click on a search hit, as Loupe sends it: no `data`, no `output_id`. */
export const searchFeedbackRequestSchema = z.strictObject({
  input: z.strictObject({ id: z.string().min(1), feedback_info: strict.searchClickInfo }),
});
export type SearchFeedbackRequest = z.infer<typeof searchFeedbackRequestSchema>;

/** What a tolerant server accepts; parses to the strict shape. */
export const legacyModelFeedbackRequestSchema = legacy.modelFeedback;

const emptyImageField = z.union([z.literal(''), z.null()]).optional();
export const legacySearchFeedbackRequestSchema = z.strictObject({
  input: z
    .strictObject({
      id: z.string().min(1),
      feedback_info: legacy.searchClickInfo,
      /** The legacy Python client sent an empty image along; it carries nothing and is dropped. */
      data: z
        .strictObject({
          image: z.strictObject({ url: emptyImageField, base64: emptyImageField }).nullable().optional(),
        })
        .nullable()
        .optional(),
    })
    .transform(({ data: _empty, ...input }) => input),
});
