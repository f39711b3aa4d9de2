import { toPixels } from '../../../shared/geometry.ts';
import { regionLabel } from '../../../shared/qaReport.ts';
import { regionConfidence } from '../../../shared/review.ts';
import { baseName, type ExportImage } from '../../../shared/reviewExports.ts';
import {
  addNote,
  emptyPredictions,
  finiteNumber,
  ForeignFileError,
  probability,
  type ForeignPredictions,
} from './foreignPredictions.ts';
import { reviewLogSideFile, reviewLogSideFileName } from './reviewLogSideFile.ts';
import { correctedRegions, labelStems, type TextFile } from './yoloFormat.ts';
import { buildXml, childList, childText, parseXml } from './xmlText.ts';

/**
 * Pascal VOC annotation XML, as the VOC devkit documents it: one `<annotation>` per image with
 * `<filename>`, `<size>` and an `<object>` per box (`<name>`, `<pose>`, `<truncated>`,
 * `<difficult>`, `<bndbox>` with `xmin ymin xmax ymax`). Coordinates are 1-based pixel
 * indices, both ends inclusive: a box from pixel 1 to pixel 10 is 10 pixels wide and starts at 0
 * in Loupe's space. VOC has no score; a `<score>` or `<confidence>` child (written by several
 * detectors' VOC writers) is read when present. `difficult` objects are imported and counted.
 */
export function readVoc(files: readonly TextFile[]): ForeignPredictions {
  const predictions = emptyPredictions('voc');
  for (const file of files) {
    let document: Record<string, unknown>;
    try {
      document = parseXml(file.text);
    } catch (error) {
      throw new ForeignFileError(`${file.name} ${(error as Error).message}`);
    }
    const annotation = document['annotation'];
    if (typeof annotation !== 'object' || annotation === null)
      throw new ForeignFileError(`${file.name} has no <annotation> element`);
    const size = (annotation as Record<string, unknown>)['size'];
    const width = finiteNumber(childText(size, 'width'));
    const height = finiteNumber(childText(size, 'height'));
    const fileName = childText(annotation, 'filename') ?? file.name.replace(/\.xml$/i, '');
    const image = {
      where: file.name,
      fileName,
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
      regions: [] as ForeignPredictions['images'][0]['regions'],
    };
    childList(annotation, 'object').forEach((object, index) => {
      const where = `${file.name} object ${index + 1}`;
      const name = childText(object, 'name');
      const bndbox = (object as Record<string, unknown> | null)?.['bndbox'];
      const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((side) =>
        finiteNumber(childText(bndbox, side)),
      );
      if (!name) {
        predictions.skipped.push({ where, reason: 'no <name>' });
        return;
      }
      if (xmin === undefined || ymin === undefined || xmax === undefined || ymax === undefined) {
        predictions.skipped.push({ where, reason: 'no <bndbox> with xmin, ymin, xmax and ymax' });
        return;
      }
      if (childText(object, 'difficult') === '1') addNote(predictions, 'objects marked difficult');
      if (childText(object, 'truncated') === '1') addNote(predictions, 'objects marked truncated');
      const score = probability(childText(object, 'score') ?? childText(object, 'confidence'));
      image.regions.push({
        id: `${fileName}-${index + 1}`,
        box: { unit: 'pixels', x: xmin - 1, y: ymin - 1, width: xmax - xmin + 1, height: ymax - ymin + 1 },
        label: name,
        ...(score !== undefined ? { score } : {}),
      });
    });
    predictions.images.push(image);
  }
  return predictions;
}

/**
 * Corrected labels as a VOC folder: one `<image>.xml` per reviewed image, false positives
 * dropped, and the review log beside them (`loupe-review-log.jsonl`). `<score>` is written for
 * predicted boxes (VOC readers ignore unknown children); drawn boxes have none.
 */
export function toVocFiles(images: readonly ExportImage[]): TextFile[] {
  const stems = labelStems(images);
  const files = images.map((image) => {
    const objects = correctedRegions(image).map((region) => {
      const box = toPixels(region.box, image);
      const score = regionConfidence(region);
      return {
        name: regionLabel(region),
        pose: 'Unspecified',
        truncated: 0,
        difficult: 0,
        ...(score !== undefined ? { score } : {}),
        bndbox: {
          xmin: Math.round(box.x) + 1,
          ymin: Math.round(box.y) + 1,
          xmax: Math.max(Math.round(box.x) + 1, Math.round(box.x + box.width)),
          ymax: Math.max(Math.round(box.y) + 1, Math.round(box.y + box.height)),
        },
      };
    });
    const xml = buildXml({
      annotation: {
        folder: 'images',
        filename: baseName(image.source),
        source: { database: 'Loupe review' },
        size: { width: image.width, height: image.height, depth: 3 },
        segmented: 0,
        ...(objects.length > 0 ? { object: objects } : {}),
      },
    });
    return { name: `${stems.get(image.id)}.xml`, text: xml };
  });
  files.push({
    name: reviewLogSideFileName,
    text: reviewLogSideFile(images, (image) => `${stems.get(image.id)}.xml`, correctedRegions),
  });
  return files;
}
