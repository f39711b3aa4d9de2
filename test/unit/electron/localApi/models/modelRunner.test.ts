import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../../../../../electron/localApi/images/decodeImage.ts';
import {
  createModelRunner,
  defaultModelWorkerUrl,
  defaultWorkerCount,
  ModelError,
  workerBytes,
} from '../../../../../electron/localApi/models/modelRunner.ts';
import type { ModelRunner } from '../../../../../electron/localApi/models/modelRunner.ts';
import { fakeBehaviour } from './fixtures/fakeModelWorker.ts';

const fakeWorker = new URL('./fixtures/fakeModelWorker.ts', import.meta.url);

/** A PNG `width` pixels wide: the fake worker's behaviour is chosen by the width. */
const image = (width: number) =>
  sharp({ create: { width, height: 1, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();

let runner: ModelRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

describe('model runner', () => {
  it('answers through its worker', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    expect(await runner.detectFaces(await image(10))).toEqual([
      { box: { top: 0, left: 0, bottom: 1, right: 1 }, score: 0.01 },
    ]);
  });

  it('turns a failure reported by the worker into a rejected ModelError', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    const failure = runner.detectObjects(await image(fakeBehaviour.fails));
    await expect(failure).rejects.toThrow(ModelError);
    await expect(failure).rejects.toThrow('objects failed: the fake model refused');
    expect(await runner.detectFaces(await image(10))).toHaveLength(1);
  });

  it('replaces a worker that exits, and says so to the caller', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    await expect(runner.detectFaces(await image(fakeBehaviour.exits))).rejects.toThrow(
      /model worker stopped unexpectedly \(exit code 3\) during face detection/,
    );
    expect(await runner.detectFaces(await image(11))).toHaveLength(1);
  });

  it('replaces a worker that throws', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    await expect(runner.detectObjects(await image(fakeBehaviour.throws))).rejects.toThrow(
      /stopped with an error \(the fake model blew up\) during object detection/,
    );
    expect(await runner.detectObjects(await image(12))).toHaveLength(1);
  });

  // The timeout also covers starting the replacement worker, hence a whole second on a busy machine.
  it('gives up on a worker that does not answer in time, and carries on with a new one', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker, timeoutMs: 1000 });
    await expect(runner.detectFaces(await image(fakeBehaviour.hangs))).rejects.toThrow(
      /did not answer within 1000 ms during face detection/,
    );
    expect(await runner.detectFaces(await image(13))).toHaveLength(1);
  });

  it('spreads queued work over its workers and answers every request in kind', async () => {
    runner = createModelRunner({ workers: 2, workerUrl: fakeWorker });
    const widths = [20, 21, 22, 23, 24, 25];
    const answers = await Promise.all(widths.map(async (width) => runner!.detectFaces(await image(width))));
    expect(answers.map((faces) => faces[0]?.score)).toEqual(widths.map((width) => width / 1000));
  });

  it('rejects a bad image before it reaches a worker', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: new URL('file:///nonexistent/worker.mjs') });
    await expect(runner.detectFaces(new Uint8Array())).rejects.toThrow(ImageDecodeError);
  });

  it('reports a worker script that cannot start as a ModelError', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: new URL('file:///nonexistent/worker.mjs') });
    await expect(runner.detectFaces(await image(10))).rejects.toThrow(ModelError);
  });

  it('rejects queued and running work when closed, and everything after', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    // Both hang: whichever is decoded first runs on the only worker, and the other waits in the queue.
    const hanging = await image(fakeBehaviour.hangs);
    const running = expect(runner.detectFaces(hanging)).rejects.toThrow('The model runner is closed');
    const queued = expect(runner.detectObjects(hanging)).rejects.toThrow('The model runner is closed');
    // Time to decode and dispatch; if it is not enough the requests are refused as new ones, as they should be.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runner.close();
    await Promise.all([running, queued]);
    await expect(runner.detectFaces(await image(10))).rejects.toThrow('The model runner is closed');
  });

  it('decodes one image ahead of a busy worker, and no more', async () => {
    runner = createModelRunner({ workers: 1, workerUrl: fakeWorker });
    const hanging = await image(fakeBehaviour.hangs);
    const running = expect(runner.detectFaces(hanging)).rejects.toThrow('The model runner is closed');
    // Decoded while the only worker is busy: a bad image is refused without waiting for it.
    await expect(runner.detectFaces(new Uint8Array())).rejects.toThrow(ImageDecodeError);
    const ahead = expect(runner.detectFaces(await image(14))).rejects.toThrow('The model runner is closed');
    // With one image decoded ahead, the next waits encoded: it is never decoded, so it is refused as
    // closed, not as a bad image.
    const waiting = expect(runner.detectFaces(new Uint8Array())).rejects.toThrow(
      'The model runner is closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runner.close();
    await Promise.all([running, ahead, waiting]);
  });

  it('refuses a worker count that is not a whole number ≥ 1', () => {
    expect(() => createModelRunner({ workers: 0 })).toThrow(RangeError);
    expect(() => createModelRunner({ workers: 1.5 })).toThrow(RangeError);
  });
});

describe('worker count', () => {
  it('is one per core, as many as a quarter of the memory holds, 1 to 8', () => {
    const gib = 2 ** 30;
    expect(defaultWorkerCount(2, 24 * gib)).toBe(2);
    expect(defaultWorkerCount(1, 24 * gib)).toBe(1);
    expect(defaultWorkerCount(64, 256 * gib)).toBe(8);
    // 16 cores, 4 GiB: a quarter holds two workers.
    expect(defaultWorkerCount(16, 4 * gib)).toBe(Math.floor(gib / workerBytes));
    expect(defaultWorkerCount(4, 512 * 2 ** 20)).toBe(1);
  });
});

describe('model worker location', () => {
  it('is the TypeScript source beside the runner when run from sources', () => {
    expect(defaultModelWorkerUrl('file:///repo/electron/localApi/models/modelRunner.ts').href).toBe(
      'file:///repo/electron/localApi/models/modelWorker.ts',
    );
  });

  it('is dist/workers/modelWorker.mjs from any bundle in dist/', () => {
    expect(defaultModelWorkerUrl('file:///app/dist/cli/loupe.mjs').href).toBe(
      'file:///app/dist/workers/modelWorker.mjs',
    );
    expect(defaultModelWorkerUrl('file:///app/dist/electron/main.cjs').href).toBe(
      'file:///app/dist/workers/modelWorker.mjs',
    );
  });
});
