import type { Concept } from './concept.ts';
import type { ObjectDetection } from './detections.ts';

/**
 * The concept id of a COCO class: `coco_` + the class name with spaces as underscores
 * (`coco_person`, `coco_traffic_light`). Name-based rather than Clarifai's opaque ids, so an id
 * is stable across runs and machines and says what it is; the prefix keeps these apart from
 * concepts a reviewer adds by hand.
 */
export function cocoConceptId(label: string): string {
  return `coco_${label.trim().toLowerCase().replace(/\s+/g, '_')}`;
}

/** The class names of the CenterNet COCO model in @vladmandic/human (its `src/object/labels.ts`). */
export const cocoClassNames = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'airplane',
  'bus',
  'train',
  'truck',
  'boat',
  'traffic light',
  'fire hydrant',
  'stop sign',
  'parking meter',
  'bench',
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'backpack',
  'umbrella',
  'handbag',
  'tie',
  'suitcase',
  'frisbee',
  'skis',
  'snowboard',
  'sports ball',
  'kite',
  'baseball bat',
  'baseball glove',
  'skateboard',
  'surfboard',
  'tennis racket',
  'bottle',
  'wine glass',
  'cup',
  'fork',
  'knife',
  'spoon',
  'bowl',
  'banana',
  'apple',
  'sandwich',
  'orange',
  'broccoli',
  'carrot',
  'hot dog',
  'pizza',
  'donut',
  'cake',
  'chair',
  'couch',
  'potted plant',
  'bed',
  'dining table',
  'toilet',
  'tv',
  'laptop',
  'mouse',
  'remote',
  'keyboard',
  'cell phone',
  'microwave',
  'oven',
  'toaster',
  'sink',
  'refrigerator',
  'book',
  'clock',
  'vase',
  'scissors',
  'teddy bear',
  'hair drier',
  'toothbrush',
] as const;

/**
 * Image-level concepts for the "general" model, derived from object detections: one concept per
 * distinct COCO class, valued at that class's best detection score, best first (ties by name,
 * so the order is stable).
 */
export function conceptsFromObjects(objects: readonly ObjectDetection[]): Concept[] {
  const best = new Map<string, number>();
  for (const { label, score } of objects) best.set(label, Math.max(score, best.get(label) ?? 0));
  return [...best]
    .map(([name, value]) => ({ id: cocoConceptId(name), name, value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}
