import type { DecodedImage } from '../images/decodeImage.ts';
import type { FaceDetection, ObjectDetection } from './detections.ts';

/** What a model worker can be asked to do, and what each task answers. */
export interface TaskResults {
  faces: FaceDetection[];
  objects: ObjectDetection[];
}
export type ModelTask = keyof TaskResults;

export interface ModelRequest {
  id: number;
  task: ModelTask;
  image: DecodedImage;
}

/** Every request gets exactly one answer; a failure carries only a message (Errors do not cross threads whole). */
export type ModelResponse =
  { id: number; ok: true; result: TaskResults[ModelTask] } | { id: number; ok: false; message: string };
