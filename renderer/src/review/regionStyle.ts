import type { ReviewedRegion } from '../../../shared/review.ts';
import { regionConfidence, topConcept } from '../../../shared/review.ts';
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

/** The predicted box of a moved region, drawn faint behind it. */
export const ghostStroke = 'rgba(255, 255, 255, 0.8)';

/** "face 93%": the region's label with the model's confidence; a rejected label says so. */
export function regionLabel(region: ReviewedRegion): string {
  const top = topConcept(region.concepts);
  const confidence = regionConfidence(region);
  const percent = confidence === undefined ? '' : ` ${Math.round(confidence * 100)}%`;
  if (!top) return region.source === 'reviewer' ? 'drawn' : `region${percent}`;
  const value = top.predictedValue === undefined ? percent : ` ${Math.round(top.predictedValue * 100)}%`;
  return `${top.judgement === 'false' ? '✗ ' : ''}${top.name}${value}`;
}
