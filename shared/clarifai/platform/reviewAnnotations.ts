import { type ReviewState, type ReviewedConcept, type ReviewedRegion, type Verdict } from '../../review.ts';
import { toBoundingBox, type BoundingBox } from '../boundingBox.ts';
import { sentVerdict } from '../feedbackRequest.ts';

/**
 * A review → the annotations of the team's app that say the same thing (docs/clarifai-platform.md,
 * "How a review maps"). One annotation per sent region and one input-level annotation for the
 * image concepts, each with a deterministic id, so sending the same review again addresses the
 * same annotations instead of adding new ones.
 *
 * - `accurate`: the predicted box, its concepts as judged (value 1 unless judged false).
 * - `misplaced`: the corrected box; `not_detected`: the drawn box.
 * - `false_positive`: the predicted box with every concept at value 0 (the platform has no
 *   "not there" flag on a region; a negative concept is its explicit "no").
 * - A concept judged false is value 0; `unsure` is not sent (as in v2 feedback), except the
 *   model's top concept of a region kept as there, which goes as 1 (see `labelKept`).
 * - `annotation_info` carries what v2 `feedback_info` carried: verdict, output and region ids,
 *   reviewer, session — so nothing is lost between the two generations.
 */

export interface PlatformConcept {
  id: string;
  name?: string;
  value: 0 | 1;
}

// A type, not an interface: it is sent as a free-form JSON object (`Record<string, unknown>`).
export type AnnotationInfo = {
  /** Who made this: always `loupe`, so a listing can tell Loupe's annotations from others. */
  source: 'loupe';
  /** `image` for the input-level annotation of the image concepts. */
  verdict: Verdict | 'image_concepts';
  output_id: string;
  region_id?: string;
  end_user_id?: string;
  session_id?: string;
};

/** One annotation as PostAnnotations / PatchAnnotations `overwrite` send it. */
export interface PlatformAnnotation {
  id: string;
  input_id: string;
  data:
    | { regions: [{ region_info: { bounding_box: BoundingBox }; data: { concepts: PlatformConcept[] } }] }
    | { concepts: PlatformConcept[] };
  annotation_info: AnnotationInfo;
}

export interface ReviewAnnotationOptions {
  /** The input of the team's app that holds this image (derived from its content). */
  inputId: string;
  /** Deterministic annotation id for a subject of this review: a region's id or `image`. */
  annotationId: (subject: string) => string;
  endUserId?: string;
  sessionId?: string;
  /** `all`: predicted regions nobody reviewed go as accurate (the submit step's accept-all). */
  include?: 'reviewed' | 'all';
}

/** The subject of the input-level annotation; region subjects are region ids or keys. */
export const IMAGE_SUBJECT = 'image';

export function reviewAnnotations(
  review: ReviewState,
  options: ReviewAnnotationOptions,
): PlatformAnnotation[] {
  const annotations: PlatformAnnotation[] = [];
  const imageConcepts = sentConcepts(review.imageConcepts, 'as_judged');
  if (imageConcepts.length > 0) {
    annotations.push({
      id: options.annotationId(IMAGE_SUBJECT),
      input_id: options.inputId,
      data: { concepts: imageConcepts },
      annotation_info: info(review, 'image_concepts', undefined, options),
    });
  }
  for (const region of review.regions) {
    const built = regionAnnotation(review, region, options);
    if (built) annotations.push(built);
  }
  return annotations;
}

/** What identifies a region across submits: the model's region id, else its key in the review. */
export function regionSubject(region: ReviewedRegion): string {
  return region.source === 'predicted' && region.regionId ? region.regionId : region.key;
}

/**
 * The model annotation a region of a prediction imported from an app stands for: the region id is
 * the annotation id (`id#n` for the n-th region of an annotation with several).
 */
export const annotationIdOfRegion = (regionId: string): string => regionId.split('#', 1)[0]!;

function regionAnnotation(
  review: ReviewState,
  region: ReviewedRegion,
  options: ReviewAnnotationOptions,
): PlatformAnnotation | undefined {
  const verdict = sentVerdict(region, options.include);
  if (verdict === undefined) return undefined;
  const box = verdict === 'false_positive' ? (region.predictedBox ?? region.box) : region.box;
  const boundingBox = toBoundingBox(box);
  // A ReviewState that passed its schema always has a valid box; anything else is a bug upstream.
  if (!boundingBox) throw new RangeError(`region ${region.key} has an empty or invalid box`);
  const subject = regionSubject(region);
  return {
    id: options.annotationId(subject),
    input_id: options.inputId,
    data: {
      regions: [
        {
          region_info: { bounding_box: boundingBox },
          data: {
            concepts:
              verdict === 'false_positive'
                ? sentConcepts(region.concepts, 'all_absent')
                : sentConcepts(labelKept(region.concepts), 'as_judged'),
          },
        },
      ],
    },
    annotation_info: info(review, verdict, subject, options),
  };
}

function info(
  review: ReviewState,
  verdict: AnnotationInfo['verdict'],
  regionId: string | undefined,
  options: ReviewAnnotationOptions,
): AnnotationInfo {
  return {
    source: 'loupe',
    verdict,
    output_id: review.outputId,
    ...(regionId ? { region_id: regionId } : {}),
    ...(options.endUserId ? { end_user_id: options.endUserId } : {}),
    ...(options.sessionId ? { session_id: options.sessionId } : {}),
  };
}

/**
 * A region kept as there (accurate, misplaced) keeps the model's label: its top concept, still
 * unjudged, goes as value 1 unless the reviewer named another label true. A platform annotation
 * is a label for training; a box with no concept would say nothing. (V2 feedback leaves an
 * unjudged concept out, and a `misplaced` box says enough there.)
 */
function labelKept(concepts: readonly ReviewedConcept[]): readonly ReviewedConcept[] {
  if (concepts.some((concept) => concept.judgement === 'true')) return concepts;
  let top: ReviewedConcept | undefined;
  for (const concept of concepts) {
    if (concept.judgement === 'unsure' && (concept.predictedValue ?? -1) > (top?.predictedValue ?? -1))
      top = concept;
  }
  if (top?.predictedValue === undefined) return concepts;
  return concepts.map((concept) => (concept === top ? { ...concept, judgement: 'true' } : concept));
}

function sentConcepts(
  concepts: readonly ReviewedConcept[],
  mode: 'as_judged' | 'all_absent',
): PlatformConcept[] {
  return concepts.flatMap((concept): PlatformConcept[] => {
    // A region that is not there has none of its concepts, whatever was judged before.
    if (mode === 'as_judged' && concept.judgement === 'unsure') return [];
    const value = mode === 'all_absent' || concept.judgement === 'false' ? 0 : 1;
    return [{ id: platformConceptId(concept.id), ...(concept.name ? { name: concept.name } : {}), value }];
  });
}

/**
 * A concept the reviewer typed carries its name as id ("Acme Co"); Clarifai ids allow letters,
 * digits, `_` and `-` only, so other characters become `-` (lowercased, so "Acme" and "acme"
 * meet). Model concept ids are already valid and pass unchanged.
 */
export function platformConceptId(id: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(id)) return id;
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug !== '') return slug;
  // Nothing of the name survives (e.g. a name in another script): its code points keep it unique.
  return `concept-${[...id].map((char) => char.codePointAt(0)!.toString(16)).join('-')}`;
}
