import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Box } from '../../../shared/geometry.ts';
import { startLoupe } from '../../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, type SeedImage } from '../../support/seedWorkspace.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { buildPage, launchChromium, nextPaint, startStaticServer } from '../harness/browser.ts';
import { timeMs } from '../harness/clock.ts';
import { measurePairs } from '../harness/pairs.ts';
import { row, type Row, type Target } from '../harness/results.ts';
import { pairedRatios, quantile, summarize } from '../harness/stats.ts';
import { gridFor, gridRegions } from './regionGrid.ts';
import { loupeInteractive } from './startup.bench.ts';

const regionCounts = [500, 2000, 5000];
/** Opening an image is short and noisy: more samples than the gestures. */
const paintSamples = 9;
const samples = 5;
const keySamples = 15;
const viewport = { width: 1600, height: 1000 };
const photo = sampleImage(4);

interface Point {
  x: number;
  y: number;
}
/** Where the image is drawn: image pixel (ix, iy) shows at page (left + x + ix·scale, top + y + iy·scale). */
interface Placement {
  left: number;
  top: number;
  scale: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A side of the comparison: how to open an image, and where it is drawn. */
interface CanvasSide {
  page: Page;
  open(count: number, index: number): Promise<void>;
  placement(): Promise<Placement>;
  /** Gets the region ready to be dragged (Loupe selects it first; the floor needs nothing). */
  prepareDrag(box: Box, key: string): Promise<void>;
  /** Waits until the side has finished with the last gesture (Loupe: the edit is saved). */
  settle(): Promise<void>;
}

const onPage = (place: Placement, u: number, v: number): Point => ({
  x: place.left + place.x + u * place.width * place.scale,
  y: place.top + place.y + v * place.height * place.scale,
});

/** One input of a gesture, dispatched in the page at the start of an animation frame. */
interface Step {
  kind: 'down' | 'move' | 'up' | 'wheel';
  x: number;
  y: number;
  deltaY?: number;
}

interface Frames {
  /** Intervals between animation frames (what a person sees; 60 Hz → 16.7 ms steps). */
  intervals: number[];
  /** Main-thread time per frame: input handling, drawing and any work it queued, unquantised. */
  work: number[];
}

/**
 * Plays `steps` in the page, one per animation frame — a mouse that moves every frame, the same
 * for Loupe and the floor however fast the harness is — dispatching what a browser dispatches
 * for a mouse (pointer, then mouse events) at the element under the pointer, and times each frame:
 * its interval, and the work from its start until a task queued behind it runs.
 */
function playSteps(steps: readonly Step[]): Promise<Frames> {
  return new Promise((resolve) => {
    const intervals: number[] = [];
    const work: number[] = [];
    let index = 0;
    let previous: number | undefined;
    let target: Element | null = null;
    const dispatch = (step: Step) => {
      const init = {
        clientX: step.x,
        clientY: step.y,
        bubbles: true,
        cancelable: true,
        composed: true,
        view: window,
        button: 0,
        buttons: step.kind === 'up' || step.kind === 'wheel' ? 0 : 1,
      };
      const at =
        step.kind === 'down' || step.kind === 'wheel' ? document.elementFromPoint(step.x, step.y) : target;
      if (step.kind === 'down') target = at;
      if (!at) return;
      if (step.kind === 'wheel') {
        at.dispatchEvent(new WheelEvent('wheel', { ...init, deltaY: step.deltaY ?? 0, deltaMode: 0 }));
        return;
      }
      const pointer = { ...init, pointerId: 1, pointerType: 'mouse', isPrimary: true };
      const type = step.kind === 'down' ? 'down' : step.kind === 'up' ? 'up' : 'move';
      at.dispatchEvent(new PointerEvent(`pointer${type}`, pointer));
      at.dispatchEvent(new MouseEvent(`mouse${type}`, init));
    };
    const frame = (time: number) => {
      if (previous !== undefined) intervals.push(time - previous);
      previous = time;
      const step = steps[index++];
      if (!step) {
        resolve({ intervals, work });
        return;
      }
      requestAnimationFrame(frame);
      const started = performance.now();
      dispatch(step);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => work.push(performance.now() - started);
      channel.port2.postMessage(undefined);
    };
    requestAnimationFrame(frame);
  });
}

function dragSteps(from: Point, offset: Point, frames: number): Step[] {
  const steps: Step[] = [{ kind: 'down', ...from }];
  for (let frame = 1; frame <= frames; frame++) {
    // Out and back: the region (or the view) ends where it started.
    const progress = frame <= frames / 2 ? (2 * frame) / frames : 2 - (2 * frame) / frames;
    steps.push({ kind: 'move', x: from.x + offset.x * progress, y: from.y + offset.y * progress });
  }
  steps.push({ kind: 'up', ...from });
  return steps;
}

function zoomSteps(at: Point, frames: number): Step[] {
  return Array.from({ length: frames }, (_, frame) => ({
    kind: 'wheel',
    ...at,
    deltaY: frame < frames / 2 ? -100 : 100,
  }));
}

type Gesture = 'drag' | 'pan' | 'zoom';

function gesturePlan(count: number, place: Placement) {
  const grid = gridFor[count]!;
  const row = Math.floor(grid.rows / 2);
  const column = Math.floor(grid.columns / 2);
  const key = `r-${row}-${column}`;
  const region = gridRegions(count).find((candidate) => candidate.id === key)!;
  return {
    key,
    box: region.box,
    centre: onPage(place, (region.box.left + region.box.right) / 2, (region.box.top + region.box.bottom) / 2),
    // A cell's corner: the boxes start a fifth of a cell in, so nothing is under the pointer.
    empty: onPage(place, column / grid.columns, row / grid.rows),
  };
}

/** Frames per gesture: a second of input at 60 Hz. */
const gestureFrames = 60;

async function perform(side: CanvasSide, gesture: Gesture, count: number): Promise<Frames> {
  const plan = gesturePlan(count, await side.placement());
  if (gesture === 'drag') await side.prepareDrag(plan.box, plan.key);
  const steps =
    gesture === 'drag'
      ? dragSteps(plan.centre, { x: 60, y: 36 }, gestureFrames)
      : gesture === 'pan'
        ? dragSteps(plan.empty, { x: 300, y: 180 }, gestureFrames)
        : zoomSteps(plan.centre, gestureFrames);
  const frames = await side.page.evaluate(playSteps, steps);
  await side.settle();
  return frames;
}

function loupeSide(page: Page, imageIds: Map<string, number>): CanvasSide {
  const canvas = page.getByTestId('review-canvas');
  return {
    page,
    async open(count, index) {
      const imageId = imageIds.get(`${count}/${index}`)!;
      // Clicked from inside the page, as the floor's open is called: Playwright's own click waits
      // for the row to be stable over frames first, which would be counted against Loupe.
      await page.evaluate((id) => document.getElementById(`image-row-${id}`)?.click(), imageId);
      await page.waitForFunction(
        ([id, regions]) =>
          document.querySelector(
            `[data-testid="review-canvas"][data-image-id="${id}"][data-ready="true"]`,
          ) !== null && document.querySelector('[data-count="unreviewed"]')?.textContent === String(regions),
        [imageId, count] as const,
        { polling: 'raf', timeout: 30_000 },
      );
      await nextPaint(page);
    },
    async placement() {
      const bounds = await canvas.boundingBox();
      if (!bounds) throw new Error('the review canvas is not visible');
      const read = async (name: string) => Number(await canvas.getAttribute(name));
      return {
        left: bounds.x,
        top: bounds.y,
        scale: await read('data-scale'),
        x: await read('data-x'),
        y: await read('data-y'),
        width: await read('data-image-width'),
        height: await read('data-image-height'),
      };
    },
    async prepareDrag(box, key) {
      const place = await this.placement();
      const centre = onPage(place, (box.left + box.right) / 2, (box.top + box.bottom) / 2);
      await page.mouse.click(centre.x, centre.y);
      await page.waitForFunction(
        (selected) => document.querySelector(`[data-selected="${selected}"]`) !== null,
        key,
      );
    },
    async settle() {
      await page.waitForFunction(
        () => document.querySelector('[data-testid="review-saving"]')?.getAttribute('data-pending') === '0',
      );
      await nextPaint(page);
    },
  };
}

function floorSide(page: Page): CanvasSide {
  interface Floor {
    open(count: number, n: number): Promise<void>;
    placement(): Omit<Placement, 'left' | 'top'>;
  }
  return {
    page,
    async open(count, index) {
      const n = count * 100 + index;
      await page.evaluate(
        ([regions, image]) => void (window as unknown as { floor: Floor }).floor.open(regions, image),
        [count, n] as const,
      );
      await page.waitForFunction(
        (image) => document.querySelector(`canvas[data-image="${image}"]`) !== null,
        n,
        {
          polling: 'raf',
        },
      );
      await nextPaint(page);
    },
    async placement() {
      return {
        left: 0,
        top: 0,
        ...(await page.evaluate(() => (window as unknown as { floor: Floor }).floor.placement())),
      };
    },
    async prepareDrag() {},
    async settle() {
      await nextPaint(page);
    },
  };
}

export const canvasBenchmark: Benchmark = {
  name: 'canvas',
  title: 'Canvas: an image with 500, 2,000 and 5,000 regions',
  async run({ dir, log }) {
    // Image 1 is where the app starts; then, per count, one image per first-paint sample (a fresh
    // image each time: nothing decoded or cached yet), the last one also used for the gestures.
    const images: SeedImage[] = [{ file: sampleImage(1), regions: [] }];
    const keys: string[] = [];
    for (const count of regionCounts) {
      for (let index = 0; index <= paintSamples; index++) {
        images.push({ file: photo, regions: gridRegions(count) });
        keys.push(`${count}/${index}`);
      }
    }
    const dataDir = join(dir, 'data');
    const seeded = await seedWorkspace(dataDir, images);
    const imageIds = new Map(keys.map((key, index) => [key, seeded[index + 1]!.imageId]));

    const floorDir = join(dir, 'floor');
    await buildPage('floor', floorDir);
    copyFileSync(photo, join(floorDir, 'image.jpg'));
    for (const count of regionCounts) {
      writeFileSync(
        join(floorDir, `regions-${count}.json`),
        JSON.stringify(gridRegions(count).map((region) => region.box)),
      );
    }

    const browser = await launchChromium();
    const loupe = await startLoupe({ dataDir });
    const floorServer = await startStaticServer(floorDir);
    try {
      const loupePage = await (await browser.newContext({ viewport })).newPage();
      await loupePage.goto(loupe.url);
      await loupeInteractive(loupePage);
      const stage = await loupePage.locator('[data-testid="review-canvas"] canvas').first().boundingBox();
      if (!stage) throw new Error('the review canvas has no stage');
      const floorPage = await (await browser.newContext({ viewport })).newPage();
      await floorPage.goto(`${floorServer.url}?w=${Math.round(stage.width)}&h=${Math.round(stage.height)}`);
      await floorPage.waitForFunction(() => document.body.dataset['ready'] === 'true');
      const sides = { loupe: loupeSide(loupePage, imageIds), floor: floorSide(floorPage) };

      const rows: Row[] = [];
      for (const count of regionCounts) {
        const label = `${count.toLocaleString('en')} regions`;
        const targetAt = (atMost: number): Target | undefined =>
          count === 2000 ? { on: 'ratio', atMost } : undefined;
        // Each side counts its own opens: whichever goes first, both open image 0, 1, 2… in turn.
        const opened = { loupe: 0, floor: 0 };
        const paint = await measurePairs({
          samples: paintSamples,
          loupe: () => timeMs(() => sides.loupe.open(count, opened.loupe++)),
          reference: () => timeMs(() => sides.floor.open(count, opened.floor++)),
        });
        rows.push(
          row({
            case: label,
            metric: 'open the image → first paint',
            unit: 'ms',
            loupe: summarize(paint.loupe),
            reference: { name: 'floor: plain Canvas 2D page', value: summarize(paint.reference) },
            ratio: summarize(pairedRatios(paint.loupe, paint.reference)),
            ...withTarget(targetAt(1.5)),
          }),
        );
        log(
          `${label}: first paint Loupe ${summarize(paint.loupe).median.toFixed(0)} ms, floor ${summarize(paint.reference).median.toFixed(0)} ms`,
        );

        for (const gesture of ['drag', 'pan', 'zoom'] as const) {
          const measured = await measurePairs({
            samples,
            loupe: () => perform(sides.loupe, gesture, count),
            reference: () => perform(sides.floor, gesture, count),
          });
          for (const [series, what] of [
            ['intervals', 'frame time'],
            ['work', 'main-thread work per frame'],
          ] as const) {
            for (const [name, q] of [
              ['p50', 0.5],
              ['p95', 0.95],
            ] as const) {
              const ours = measured.loupe.map((frames) => quantile(frames[series], q));
              const floor = measured.reference.map((frames) => quantile(frames[series], q));
              rows.push(
                row({
                  case: label,
                  metric: `${gestureNames[gesture]}: ${what} ${name}`,
                  unit: 'ms',
                  loupe: summarize(ours),
                  reference: { name: 'floor: plain Canvas 2D page', value: summarize(floor) },
                  ratio: summarize(pairedRatios(ours, floor)),
                  ...withTarget(
                    gesture === 'drag' && series === 'intervals' && name === 'p95'
                      ? targetAt(1.25)
                      : undefined,
                  ),
                }),
              );
              if (name === 'p95')
                log(
                  `${label}: ${gesture} ${what} p95 Loupe ${summarize(ours).median.toFixed(1)} ms, floor ${summarize(floor).median.toFixed(1)} ms`,
                );
            }
          }
        }
        // The correction made most often after relabelling: a nudge of the selected region.
        const plan = gesturePlan(count, await sides.loupe.placement());
        await sides.loupe.prepareDrag(plan.box, plan.key);
        const latencies: number[] = [];
        for (let press = -2; press < keySamples; press++) {
          const ms = await loupePage.evaluate(keyToPainted, 'ArrowRight');
          await sides.loupe.settle();
          if (press >= 0) latencies.push(ms);
        }
        rows.push(
          row({
            case: label,
            metric: 'key press (→ nudges the selected region) → painted',
            unit: 'ms',
            loupe: summarize(latencies),
            note: 'Loupe alone: the floor has no keyboard. Includes the wait for the next frame (up to 16.7 ms).',
          }),
        );
        log(`${label}: key press → painted ${summarize(latencies).median.toFixed(1)} ms`);
      }
      return {
        references:
          'Floor: a page (test/bench/pages/floor) that draws the same photo and the same boxes with plain Canvas 2D and nothing else — no framework, no layers, no culling, everything redrawn each frame — on a canvas of the review stage’s size, in the same Chromium, driven by the same mouse events. First paint: from clicking the image in the list (floor: calling open) until it is drawn with all its regions, two frames later. Key press: a keydown dispatched in the page until a task queued from the next frame runs (that frame drawn), the edit then saved before the next press. Gestures: one input per animation frame for a second, dispatched in the page (pointer and mouse events at the element under the pointer), the same for both. Frame time: the interval between animation frames (what a person sees; a frame that misses 16.7 ms shows as 33 ms). Main-thread work per frame: from the frame’s start until a task queued behind it runs — input handling, drawing and any work they queued, not quantised to frames. Targets apply to the 2,000-region image.',
        rows,
        findings: [],
      };
    } finally {
      floorServer.stop();
      await loupe.stop();
      await browser.close();
    }
  },
};

/**
 * In the page: from a key's keydown until the frame that follows it has been drawn (a task queued
 * from that frame runs after its rendering), i.e. what the reviewer waits to see the edit.
 */
function keyToPainted(key: string): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, cancelable: true }));
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - started);
      channel.port2.postMessage(null);
    });
  });
}

const gestureNames: Record<Gesture, string> = {
  drag: 'drag one region',
  pan: 'pan',
  zoom: 'zoom (wheel)',
};

function withTarget(target: Target | undefined): { target?: Target } {
  return target ? { target } : {};
}
