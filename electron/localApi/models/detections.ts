import type { Box } from '../../../shared/geometry.ts';

/** What the local models find. Boxes are Loupe's normalised boxes of the EXIF-corrected image. */
export interface FaceDetection {
  box: Box;
  score: number;
}

export interface ObjectDetection {
  /** A COCO class name, e.g. `person`, `traffic light`. */
  label: string;
  score: number;
  box: Box;
}
