/**
 * A COCO validator for the tests: the structural rules a COCO consumer relies on — unique ids,
 * annotations pointing at existing images and categories, boxes in pixels inside their image,
 * area equal to the box's.
 */
export function validateCoco(value: unknown): string[] {
  const problems: string[] = [];
  const coco = value as {
    images?: { id: number; file_name: string; width: number; height: number }[];
    categories?: { id: number; name: string }[];
    annotations?: {
      id: number;
      image_id: number;
      category_id: number;
      bbox: number[];
      area: number;
      iscrowd: number;
    }[];
  };
  if (!Array.isArray(coco.images) || !Array.isArray(coco.categories) || !Array.isArray(coco.annotations)) {
    return ['images, categories and annotations must be arrays'];
  }
  const unique = (name: string, ids: number[]) => {
    if (new Set(ids).size !== ids.length) problems.push(`${name} ids are not unique`);
  };
  unique(
    'image',
    coco.images.map((image) => image.id),
  );
  unique(
    'category',
    coco.categories.map((category) => category.id),
  );
  unique(
    'annotation',
    coco.annotations.map((annotation) => annotation.id),
  );
  const images = new Map(coco.images.map((image) => [image.id, image]));
  const categories = new Set(coco.categories.map((category) => category.id));
  for (const image of coco.images) {
    if (!image.file_name || !(image.width > 0) || !(image.height > 0))
      problems.push(`image ${image.id} lacks a name or size`);
  }
  for (const annotation of coco.annotations) {
    const image = images.get(annotation.image_id);
    if (!image) problems.push(`annotation ${annotation.id} points at missing image ${annotation.image_id}`);
    if (!categories.has(annotation.category_id))
      problems.push(`annotation ${annotation.id} has an unknown category`);
    const [x, y, width, height] = annotation.bbox;
    if (
      annotation.bbox.length !== 4 ||
      [x, y, width, height].some((v) => typeof v !== 'number' || !Number.isFinite(v))
    ) {
      problems.push(`annotation ${annotation.id} bbox is not [x,y,w,h]`);
      continue;
    }
    if (width! <= 0 || height! <= 0) problems.push(`annotation ${annotation.id} has an empty box`);
    if (
      image &&
      (x! < 0 || y! < 0 || x! + width! > image.width + 0.01 || y! + height! > image.height + 0.01)
    ) {
      problems.push(`annotation ${annotation.id} box leaves its image`);
    }
    if (Math.abs(annotation.area - width! * height!) > 0.05)
      problems.push(`annotation ${annotation.id} area is wrong`);
    if (annotation.iscrowd !== 0 && annotation.iscrowd !== 1)
      problems.push(`annotation ${annotation.id} iscrowd`);
  }
  return problems;
}
