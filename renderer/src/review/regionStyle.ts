import type { ReviewedConcept, ReviewedRegion } from '../../../shared/review.ts';
import { regionConfidence, topConcept, trueConcepts } from '../../../shared/review.ts';
import type { RegionLook } from './regionStatus.ts';

export interface RegionStyle {
  stroke: string;
  dash: number[] | undefined;
  /** Text colour on a label drawn in `stroke`. */
  labelText: string;
}

/**
 * One colour per verdict, picked to stay apart for the common colour-vision deficiencies, with
 * dashes as a second cue: unreviewed is dashed yellow, false positive dashed red (and struck).
 */
const styles: Record<Exclude<RegionLook, 'deleted'>, RegionStyle> = {
  unreviewed: { stroke: '#facc15', dash: [6, 4], labelText: '#1b1f24' },
  accurate: { stroke: '#22c55e', dash: undefined, labelText: '#052e16' },
  misplaced: { stroke: '#f97316', dash: undefined, labelText: '#1b1f24' },
  false_positive: { stroke: '#ef4444', dash: [4, 4], labelText: '#ffffff' },
  not_detected: { stroke: '#3b82f6', dash: undefined, labelText: '#ffffff' },
};

export function regionStyle(look: Exclude<RegionLook, 'deleted'>): RegionStyle {
  return styles[look];
}

/** Opacity of regions below the confidence threshold: dimmed, never hidden. */
export const dimmedOpacity = 0.35;

/** The font of region labels (as RegionLabel's Konva Text draws them), `pixel` = 1 / zoom. */
export function labelFont(pixel: number): string {
  return `${12 * pixel}px Arial`;
}

/** The halo around each region of a multi-selection, under its own stroke (white: apart from every verdict colour). */
export const selectionHalo = { colour: '#ffffff', width: 6 } as const;

/**
 * A verdict carried from an earlier model version and not yet confirmed (docs/qa-estimates.md):
 * a wide dotted violet ring under the verdict's own stroke, apart from every verdict colour.
 */
export const carriedRing = { colour: '#a855f7', width: 6, dash: [2, 3] } as const;

/** The predicted box of a moved region, drawn faint behind it. */
export const ghostStroke = 'rgba(255, 255, 255, 0.8)';

/** What a region's label says, and whether it is struck through (a rejected label). */
export interface RegionLabelText {
  text: string;
  struck: boolean;
}

const percent = (value: number | undefined) => (value === undefined ? '' : ` ${Math.round(value * 100)}%`);

/**
 * What the canvas writes over a region (docs/review.md, "What the canvas label says"): the
 * concept(s) the reviewer set true, each with the model's confidence (a concept the model does
 * not know says "new"); with none set true, the model's most confident concept not judged false;
 * only when every concept was judged false, the top one struck through.
 */
export function regionLabelText(
  region: ReviewedRegion,
  isNew: (concept: ReviewedConcept) => boolean = () => false,
): RegionLabelText {
  const chosen = trueConcepts(region.concepts);
  if (chosen.length > 0) {
    const text = chosen
      .map((concept) =>
        concept.predictedValue !== undefined
          ? `${concept.name}${percent(concept.predictedValue)}`
          : `${concept.name}${isNew(concept) ? ' (new)' : ''}`,
      )
      .join(' · ');
    return { text, struck: false };
  }
  const confidence = percent(regionConfidence(region));
  const open = topConcept(region.concepts.filter((concept) => concept.judgement !== 'false'));
  if (open) return { text: `${open.name}${percent(open.predictedValue) || confidence}`, struck: false };
  const rejected = topConcept(region.concepts);
  if (rejected)
    return { text: `✗ ${rejected.name}${percent(rejected.predictedValue) || confidence}`, struck: true };
  return { text: region.source === 'reviewer' ? 'drawn' : `region${confidence}`, struck: false };
}
