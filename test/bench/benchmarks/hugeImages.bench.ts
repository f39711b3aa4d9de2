import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { ensureSampleSet } from '../../../electron/localApi/samples/sampleSet.ts';
import { startServe } from '../../support/cliProcess.ts';
import { maxDecodedSide } from '../../../electron/localApi/images/decodeImage.ts';
import { maxRequestPixels } from '../../../electron/localApi/server/requestPixelBudget.ts';
import { MAX_IMAGE_PIXELS, MAX_INPUTS_PER_CALL } from '../../../shared/clarifai/limits.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { peakRssMb } from '../harness/browser.ts';
import { row } from '../harness/results.ts';
import { summarize } from '../harness/stats.ts';
import { faceModelId } from './feedbackItems.ts';

const key = 'bench-huge-images-key-0123456789';
/** Peak RSS of `loupe serve` allowed on this machine (24 GiB, 2 cores) for a request of 128 huge images. */
const budgetMb = 1536;

interface Case {
  label: string;
  width: number;
  height: number;
}

/** The largest image allowed at all (85 MP), and the largest of which a request may carry 128 (the request budget). */
const largest = (pixels: number): Pick<Case, 'width' | 'height'> => {
  const width = Math.floor(Math.sqrt(pixels));
  return { width, height: Math.floor(pixels / width) };
};
const cases: Case[] = [
  { label: 'the largest image allowed (85 MP each)', ...largest(MAX_IMAGE_PIXELS) },
  {
    label: `the largest image of which all 128 fit the request budget (${(maxRequestPixels / MAX_INPUTS_PER_CALL / 1e6).toFixed(1)} MP each)`,
    ...largest(Math.floor(maxRequestPixels / MAX_INPUTS_PER_CALL)),
  },
];

/** A photo-like PNG (noise compresses poorly, so the decoder does real work) of the given size. */
async function hugePng(width: number, height: number): Promise<Buffer> {
  const tile = await sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: '#777',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
  const tiles = [];
  for (let top = 0; top < height; top += 512) {
    for (let left = 0; left < width; left += 512) tiles.push({ input: tile, top, left });
  }
  return sharp({ create: { width, height, channels: 3, background: '#777' } })
    .composite(tiles)
    .png({ compressionLevel: 6 })
    .toBuffer();
}

export const hugeImagesBenchmark: Benchmark = {
  name: 'hugeImages',
  title: 'Huge images: loupe serve predicting 128 inputs of the largest allowed image',
  async run({ dir, log }) {
    const rows = [];
    const findings: string[] = [];
    for (const [index, each] of cases.entries()) {
      const png = await hugePng(each.width, each.height);
      // 128 of them are gigabytes: more than a request body may be (160 MB), so they come by URL,
      // from an image server on loopback (hence --allow-private-urls), as a lab's would.
      const images = createServer((_request, response) => response.end(png));
      await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
      const imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
      const body = JSON.stringify({
        inputs: Array.from({ length: MAX_INPUTS_PER_CALL }, (_, n) => ({
          data: { image: { url: `${imagesUrl}/huge-${n}.png` } },
        })),
      });
      // A fresh process per case: VmHWM only grows. Its first-start work is done beforehand.
      const dataDir = join(dir, `serve-${index}`);
      await ensureSampleSet(dataDir);
      const server = await startServe(dataDir, key, ['--allow-private-urls']);
      try {
        const idle = await peakRssMb(server.child.pid!);
        const started = performance.now();
        const response = await fetch(`${server.baseUrl}/v2/models/${faceModelId}/outputs`, {
          method: 'POST',
          headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(1_800_000),
        });
        const answer = (await response.json()) as { outputs: { status: { code: number } }[] };
        const seconds = (performance.now() - started) / 1000;
        const peak = await peakRssMb(server.child.pid!);
        const predicted = answer.outputs.filter((output) => output.status.code === 10000).length;
        const overBudget = answer.outputs.filter((output) => output.status.code === 30105).length;
        const fullMb = (each.width * each.height * 3) / 2 ** 20;
        const scale = Math.min(1, maxDecodedSide / Math.max(each.width, each.height));
        const boundedMb = (Math.round(each.width * scale) * Math.round(each.height * scale) * 3) / 2 ** 20;
        log(
          `${each.width}×${each.height} PNG (${(png.length / 2 ** 20).toFixed(1)} MB) × 128 by URL: HTTP ${response.status}, ${predicted} predicted, ${overBudget} over the request budget, ${seconds.toFixed(0)} s; peak RSS ${peak.toFixed(0)} MB (idle ${idle.toFixed(0)} MB); one decoded image ${fullMb.toFixed(0)} MB whole, ${boundedMb.toFixed(1)} MB as decoded`,
        );
        rows.push(
          row({
            case: `128 × ${each.width}×${each.height} PNG (${(png.length / 2 ** 20).toFixed(1)} MB) by URL, ${each.label}: ${predicted} predicted, ${overBudget} refused by the request budget, ${seconds.toFixed(0)} s`,
            metric: 'peak RSS of the loupe serve process (VmHWM)',
            unit: 'MB',
            loupe: summarize([peak]),
            reference: {
              name: 'one image decoded whole (width × height × 3 bytes)',
              value: summarize([fullMb]),
            },
            target: { on: 'value', atMost: budgetMb },
            note: `idle ${idle.toFixed(0)} MB; decoded as ${boundedMb.toFixed(1)} MB (≤ ${maxDecodedSide} px a side); 128 decoded whole would be ${((fullMb * 128) / 1024).toFixed(1)} GB`,
          }),
        );
      } finally {
        server.stop();
        images.close();
      }
    }
    findings.push(
      `Before issue 13 every input of a request was decoded at once and whole (one 81 MP image is 232 MB of RGB, then an int32 tensor 4× that in the model worker): 16 such images took 8.3 GB. Now decoding is one at a time, scaled to ≤ ${maxDecodedSide} px while decoded, and a request may decode ${maxRequestPixels / 1e6} megapixels in all.`,
    );
    return {
      references: `An absolute budget (peak RSS ≤ ${budgetMb} MB on this machine), beside the size of one image decoded whole: what each input cost before decoding was bounded.`,
      rows,
      findings,
    };
  },
};
