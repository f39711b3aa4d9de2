import type { WireData } from '../../../shared/clarifai/data.ts';

/**
 * The second version of a local detector (docs/qa-estimates.md, "Verdicts carried across model
 * versions"): version 1's regions with the boxes shifted right, so a client can see what a new
 * model version does to reviewed regions. Two regions in three move by 3 % of their width (IoU
 * ≈ 0.94 with version 1: a match), every third by 60 % (IoU ≈ 0.25: a changed region). Region ids
 * get a `-v2` suffix: they are another version's regions.
 */
export function shiftedVersion(data: WireData): WireData {
  if (!data.regions) return data;
  return {
    ...data,
    regions: data.regions.map((region, index) => {
      const box = region.region_info?.bounding_box;
      const id = region.id === undefined ? {} : { id: `${region.id}-v2` };
      if (!box) return { ...region, ...id };
      const shift = (box.right_col - box.left_col) * (index % 3 === 2 ? 0.6 : 0.03);
      const right = Math.min(1, box.right_col + shift);
      const left = Math.min(box.left_col + shift, right - 1e-4);
      return {
        ...region,
        ...id,
        region_info: { ...region.region_info, bounding_box: { ...box, left_col: left, right_col: right } },
      };
    }),
  };
}
