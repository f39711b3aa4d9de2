import { parentPort } from 'node:worker_threads';
import type { DecodedImage } from '../images/decodeImage.ts';
import { loadFaceDetector } from './faceDetector.ts';
import type { ModelRequest, ModelResponse, ModelTask, TaskResults } from './modelWorkerProtocol.ts';
import { loadObjectDetector } from './objectDetector.ts';

/**
 * A model worker thread: loads each model on its first request and keeps it for the thread's
 * life. The runner sends one request at a time; every request is answered, failures included.
 */
type Detector<T extends ModelTask> = (image: DecodedImage) => Promise<TaskResults[T]>;

const loaders: { [T in ModelTask]: () => Promise<Detector<T>> } = {
  faces: loadFaceDetector,
  objects: loadObjectDetector,
};
const taskNames: Record<ModelTask, string> = { faces: 'face detection', objects: 'object detection' };
const loaded = new Map<ModelTask, Promise<Detector<ModelTask>>>();

function detectorFor(task: ModelTask): Promise<Detector<ModelTask>> {
  let detector = loaded.get(task);
  if (!detector) {
    detector = loaders[task]();
    loaded.set(task, detector);
    // A load that failed (say, a weights file was unreadable) is tried again on the next request.
    detector.catch(() => loaded.delete(task));
  }
  return detector;
}

async function answer({ id, task, image }: ModelRequest): Promise<ModelResponse> {
  try {
    const detect = await detectorFor(task);
    return { id, ok: true, result: await detect(image) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { id, ok: false, message: `${taskNames[task]} failed: ${reason}` };
  }
}

const port = parentPort;
if (!port) throw new Error('modelWorker.ts runs only as a worker thread (see modelRunner.ts)');
port.on('message', (request: ModelRequest) => {
  void answer(request).then((response) => port.postMessage(response));
});
