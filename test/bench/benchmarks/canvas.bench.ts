import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import sharp from 'sharp';
import { startLoupe } from '../../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, type SeedImage } from '../../support/seedWorkspace.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { buildPage, launchChromium, nextPaint, startStaticServer } from '../harness/browser.ts';
import { timeMs } from '../harness/clock.ts';
import { measurePairs, measureRounds } from '../harness/pairs.ts';
import { row, type Row, type Target } from '../harness/results.ts';
import { pairedRatios, quantile, summarize, type Summary } from '../harness/stats.ts';
import { gridFor, gridRegions } from './regionGrid.ts';
import { loupeInteractive } from './startup.bench.ts';
import type { PeerPlacement } from '../pages/peerPage.ts';

const allCounts = [500, 2000, 5000, 10000];
/**
 * While iterating on one size: `LOUPE_BENCH_CANVAS_COUNTS=10000` (comma-separated) measures only
 * those counts, `LOUPE_BENCH_CANVAS_PEERS=0` skips the peers' rounds. A full run (neither set) is
 * what the README quotes.
 */
const regionCounts = (() => {
  const wanted = process.env['LOUPE_BENCH_CANVAS_COUNTS'];
  if (!wanted) return allCounts;
  const counts = wanted.split(',').map(Number);
  const unknown = counts.filter((count) => !allCounts.includes(count));
  if (unknown.length > 0)
    throw new Error(
      `LOUPE_BENCH_CANVAS_COUNTS: no grid of ${unknown.join(', ')} regions; there are ${allCounts.join(', ')}`,
    );
  return counts;
})();
const withPeers = process.env['LOUPE_BENCH_CANVAS_PEERS'] !== '0';
/** Opening an image is short and noisy: more samples than the gestures (fewer at 10,000: run time). */
const paintSamplesAt = (count: number) => (count >= 10000 ? 5 : 9);
const samplesAt = (count: number) => (count >= 10000 ? 3 : 5);
const keySamples = 15;
/**
 * The peers (Label Studio, Annotorious) are measured in rounds of their own with Loupe, fewer of
 * them: Label Studio takes seconds to open an image with 500 boxes and close to a minute at 2,000.
 */
const peerPaintSamples = 3;
const peerGestureSamples = 2;
/** A peer that has not painted by then is dropped at this count and the larger ones (the row says so). */
const peerOpenTimeoutMs = 60_000;
/** A gesture is cut after this long (a peer taking seconds per frame); the rows say how many frames ran. */
const gestureBudgetMs = 20_000;
const viewport = { width: 1600, height: 1000 };
const photo = sampleImage(4);

interface Point {
  x: number;
  y: number;
}
/** Where the image is drawn, the same shape for Loupe, the floor and the peers. */
type Placement = PeerPlacement;

/** A side of the comparison: how to open an image, and where it is drawn. */
interface CanvasSide {
  page: Page;
  open(count: number, index: number): Promise<void>;
  placement(): Promise<Placement>;
  /** Gets the side ready for a gesture (a drag: select the region; Label Studio's pan: zoom in). */
  prepare(gesture: Gesture, plan: GesturePlan): Promise<void>;
  /** Waits until the side has finished with the last gesture (Loupe: the edit is saved). */
  settle(gesture: Gesture): Promise<void>;
  /** Keys held during a gesture's inputs, where the side wants them (Label Studio: Ctrl + wheel). */
  modifiers?: Partial<Record<Gesture, { ctrlKey?: boolean; shiftKey?: boolean }>>;
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
  ctrlKey?: boolean;
  shiftKey?: boolean;
}

interface Frames {
  /** Intervals between animation frames (what a person sees; 60 Hz → 16.7 ms steps). */
  intervals: number[];
  /** Main-thread time per frame: input handling, drawing and any work it queued, unquantised. */
  work: number[];
  /** Inputs played: all `planned` unless the gesture ran past its time budget. */
  played: number;
  planned: number;
}

/**
 * Plays `steps` in the page, one per animation frame — a mouse that moves every frame, the same
 * for Loupe and the floor however fast the harness is — dispatching what a browser dispatches
 * for a mouse (pointer, then mouse events) at the element under the pointer, and times each frame:
 * its interval, and the work from its start until a task queued behind it runs.
 */
function playSteps({ steps, budgetMs }: { steps: readonly Step[]; budgetMs: number }): Promise<Frames> {
  return new Promise((resolve) => {
    const intervals: number[] = [];
    const work: number[] = [];
    let index = 0;
    let played = 0;
    let previous: number | undefined;
    let first: number | undefined;
    let target: Element | null = null;
    let last = { x: steps[0]?.x ?? 0, y: steps[0]?.y ?? 0 };
    const dispatch = (step: Step) => {
      const init = {
        clientX: step.x,
        clientY: step.y,
        // What a mouse reports besides its position (Label Studio pans by movementX/Y).
        movementX: step.x - last.x,
        movementY: step.y - last.y,
        ctrlKey: step.ctrlKey ?? false,
        shiftKey: step.shiftKey ?? false,
        bubbles: true,
        cancelable: true,
        composed: true,
        view: window,
        button: 0,
        buttons: step.kind === 'up' || step.kind === 'wheel' ? 0 : 1,
      };
      last = { x: step.x, y: step.y };
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
      first ??= time;
      // Past the budget, the gesture ends with its last input (a drag's button up).
      if (time - first > budgetMs && index < steps.length - 1) index = steps.length - 1;
      const step = steps[index++];
      if (!step) {
        resolve({ intervals, work, played, planned: steps.length });
        return;
      }
      played++;
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

type GesturePlan = ReturnType<typeof gesturePlan>;

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
  await side.prepare(gesture, gesturePlan(count, await side.placement()));
  // Planned again: preparing may have moved the view (Label Studio zooms in to pan).
  const plan = gesturePlan(count, await side.placement());
  const modifiers = side.modifiers?.[gesture] ?? {};
  const steps = (
    gesture === 'drag'
      ? dragSteps(plan.centre, { x: 60, y: 36 }, gestureFrames)
      : gesture === 'pan'
        ? dragSteps(plan.empty, { x: 300, y: 180 }, gestureFrames)
        : zoomSteps(plan.centre, gestureFrames)
  ).map((step) => ({ ...step, ...modifiers }));
  const frames = await side.page.evaluate(playSteps, { steps, budgetMs: gestureBudgetMs });
  await side.settle(gesture);
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
    async prepare(gesture, plan) {
      if (gesture !== 'drag') {
        // A pan or zoom starts with nothing selected, as on the floor: the region the drag left
        // selected sits on the listening layer, and at 10,000 regions (boxes a few pixels wide)
        // the pan's press on the cell's corner lands on its border, dragging it instead of the view.
        if ((await canvas.getAttribute('data-selected')) === null) return;
        await canvas.focus();
        await page.keyboard.press('Escape');
        await page.waitForFunction(
          () => document.querySelector('[data-testid="review-canvas"][data-selected]') === null,
        );
        return;
      }
      await page.mouse.click(plan.centre.x, plan.centre.y);
      await page.waitForFunction(
        (selected) => document.querySelector(`[data-selected="${selected}"]`) !== null,
        plan.key,
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

/**
 * The page protocol the floor and the peer pages share (test/bench/pages/peerPage.ts):
 * `window[global].open(count, n)` marks the body with data-opened=n once painted, `placement()`
 * says where the image is drawn.
 */
interface BenchPage {
  open(count: number, n: number): Promise<void>;
  placement(): Placement;
  isSelected?(id: string): boolean;
  resetView?(): void;
}

function pageSide(page: Page, global: 'floor' | 'peer', openTimeoutMs = 30_000): CanvasSide {
  // Inside each page function: a function passed to page.evaluate runs in the page and sees none
  // of this module's names, so the page's object is looked up there.
  return {
    page,
    async open(count, index) {
      const n = count * 100 + index;
      await page.evaluate(
        ([name, regions, image]) =>
          void (window as unknown as Record<string, BenchPage>)[name]!.open(regions, image),
        [global, count, n] as const,
      );
      await page.waitForFunction((image) => document.body.dataset['opened'] === String(image), n, {
        polling: 'raf',
        timeout: openTimeoutMs,
      });
      await nextPaint(page);
    },
    placement: () =>
      page.evaluate((name) => (window as unknown as Record<string, BenchPage>)[name]!.placement(), global),
    async prepare(gesture, plan) {
      if (global === 'floor' || gesture !== 'drag') return;
      // As in Loupe: a click selects the region, which can then be dragged.
      await page.mouse.click(plan.centre.x, plan.centre.y);
      await page.waitForFunction(
        ([name, id]) => (window as unknown as Record<string, BenchPage>)[name]!.isSelected?.(id) === true,
        [global, plan.key] as const,
        { timeout: openTimeoutMs },
      );
    },
    async settle() {
      await nextPaint(page);
    },
  };
}

interface Peer {
  name: 'labelStudio' | 'annotorious';
  title: string;
  /** How the peer is loaded and configured, for the report (its page's header says the same). */
  how: string;
  gestures: readonly Gesture[];
}

const peers: readonly Peer[] = [
  {
    name: 'annotorious',
    title: 'Annotorious 3.8.10',
    how: 'Annotorious 3.8.10 (npm @annotorious/annotorious, its UMD build dist/annotorious.js and annotorious.css, loaded from node_modules by test/bench/pages/annotorious): `createImageAnnotator(img, { drawingEnabled: false, style: 2 px #facc15 outline, no fill })` on the photo sized to Loupe’s fitted size, then `setAnnotations(boxes, true)` with its own RECTANGLE annotations in image pixels; one annotator for the page, each open sets a new image address and replaces the annotations; painted = every box’s SVG group in the layer, then two frames. It draws SVG over the <img>. A click selects an annotation for editing; dragging its shape moves it. Its image annotator has no pan and no zoom (those come with its OpenSeadragon package): pan and zoom are not measured for it.',
    gestures: ['drag'],
  },
  {
    name: 'labelStudio',
    title: 'Label Studio 1.4.0',
    how: 'Label Studio frontend 1.4.0 (npm @heartexlabs/label-studio, its built bundle build/static/js/main.js and css/main.css, loaded from node_modules by test/bench/pages/labelStudio): `new LabelStudio(element, { config, interfaces, task })` with an `<Image zoom="true" maxWidth=…>` of Loupe’s fitted width and a one-label `<RectangleLabels>`, the interfaces of its README’s example (panel, update, submit, controls, side-column, annotations and predictions menus), the boxes as the task’s predictions (rectanglelabels results in percent) made into the editable annotation with `annotationStore.addAnnotationFromPrediction` once its store is initialised, as Label Studio does when predictions are shown to annotators. Each open mounts a new instance on a new task (`LabelStudio.destroyAll()` first: the package has no public call to switch tasks); painted = the image ready, the Konva stage up and every region in the annotation, then two frames. A click selects a region, which is then dragged; zoom is Ctrl + wheel (1.1× per wheel event, never below the fitted view); pan is Shift + drag and only once zoomed in, so before the pan it is zoomed in by 10 Ctrl + wheel events outside the timing, and reset after.',
    gestures: ['drag', 'pan', 'zoom'],
  },
];

/** A peer page, loaded afresh for each region count (what Label Studio leaves behind is dropped). */
async function peerSide(page: Page, peer: Peer, url: string): Promise<CanvasSide> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, { timeout: 60_000 });
  const side = pageSide(page, 'peer', peerOpenTimeoutMs);
  if (peer.name !== 'labelStudio') return side;
  return {
    ...side,
    modifiers: { zoom: { ctrlKey: true }, pan: { shiftKey: true } },
    async prepare(gesture, plan) {
      await side.prepare(gesture, plan);
      if (gesture !== 'pan') return;
      await page.evaluate((at) => {
        const target = document.elementFromPoint(at.x, at.y);
        for (let step = 0; step < 10; step++) {
          target?.dispatchEvent(
            new WheelEvent('wheel', {
              clientX: at.x,
              clientY: at.y,
              deltaY: -100,
              ctrlKey: true,
              bubbles: true,
              cancelable: true,
            }),
          );
        }
      }, plan.centre);
      await nextPaint(page);
    },
    async settle(gesture) {
      if (gesture === 'pan')
        await page.evaluate(() => (window as unknown as { peer: BenchPage }).peer.resetView?.());
      await nextPaint(page);
    },
  };
}

/** The peers' files next to their built pages: the same photo, the same boxes in each one's own format. */
async function writePeerFiles(dir: string, peer: Peer): Promise<void> {
  await buildPage(peer.name, dir);
  copyFileSync(photo, join(dir, 'image.jpg'));
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  for (const count of regionCounts) {
    const regions = gridRegions(count);
    const content =
      peer.name === 'labelStudio'
        ? [
            {
              model_version: 'bench',
              result: regions.map((region) => ({
                id: region.id,
                from_name: 'label',
                to_name: 'image',
                type: 'rectanglelabels',
                original_width: width,
                original_height: height,
                image_rotation: 0,
                score: region.concepts[0]?.value,
                value: {
                  x: region.box.left * 100,
                  y: region.box.top * 100,
                  width: (region.box.right - region.box.left) * 100,
                  height: (region.box.bottom - region.box.top) * 100,
                  rotation: 0,
                  rectanglelabels: ['logo'],
                },
              })),
            },
          ]
        : regions.map((region) => {
            const x = region.box.left * width;
            const y = region.box.top * height;
            const w = (region.box.right - region.box.left) * width;
            const h = (region.box.bottom - region.box.top) * height;
            return {
              id: region.id,
              bodies: [
                { id: `${region.id}-label`, annotation: region.id, purpose: 'tagging', value: 'logo' },
              ],
              target: {
                annotation: region.id,
                selector: {
                  type: 'RECTANGLE',
                  geometry: { x, y, w, h, bounds: { minX: x, minY: y, maxX: x + w, maxY: y + h } },
                },
              },
            };
          });
    writeFileSync(join(dir, `${peer.name}-${count}.json`), JSON.stringify(content));
  }
}

const nodeModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/** Frame time and main-thread work, p50 and p95, of one gesture measured on two sides in the same rounds. */
function frameRows(
  label: string,
  gesture: Gesture,
  subject: Frames[],
  reference: Frames[],
  fields: (what: string, ours: number[], theirs: number[]) => Omit<Row, 'met' | 'case' | 'metric' | 'unit'>,
): Row[] {
  const rows: Row[] = [];
  for (const [series, what] of [
    ['intervals', 'frame time'],
    ['work', 'main-thread work per frame'],
  ] as const) {
    for (const [name, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
    ] as const) {
      const ours = subject.map((frames) => quantile(frames[series], q));
      const theirs = reference.map((frames) => quantile(frames[series], q));
      rows.push(
        row({
          case: label,
          metric: `${gestureNames[gesture]}: ${what} ${name}`,
          unit: 'ms',
          ...fields(`${what} ${name}`, ours, theirs),
        }),
      );
    }
  }
  return rows;
}

/** The peers' rounds at one count: each peer with Loupe (and each other), taking turns at going first. */
async function measurePeers(options: {
  browser: Browser;
  count: number;
  label: string;
  loupe: CanvasSide;
  loupeImage: () => number;
  /** Loupe's first paint at this count, from its rounds with the floor: shown where a peer has no figure. */
  loupePaint: Summary;
  urls: Record<Peer['name'], string>;
  dropped: Map<Peer['name'], string>;
  log: (line: string) => void;
}): Promise<Row[]> {
  const { count, label, loupe, dropped, log } = options;
  const rows: Row[] = [];
  const live: { peer: Peer; side: CanvasSide }[] = [];
  for (const peer of peers) {
    const reason = dropped.get(peer.name);
    if (reason) {
      rows.push(row({ ...notMeasured(label, peer, options.loupePaint), note: reason }));
      continue;
    }
    const page = await (await options.browser.newContext({ viewport })).newPage();
    live.push({ peer, side: await peerSide(page, peer, options.urls[peer.name]) });
  }
  try {
    if (live.length === 0) return rows;
    // A peer that fails (no paint, or no selection for a drag, within the timeout) is measured no further: its page is closed
    // so it burns no CPU under the other sides' figures, and its rounds give NaN.
    const failed = new Set<Peer['name']>();
    const guarded =
      <T>(peer: Peer, side: CanvasSide, measure: () => Promise<T>) =>
      async () => {
        if (failed.has(peer.name)) return Number.NaN as T;
        try {
          return await measure();
        } catch (error) {
          failed.add(peer.name);
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          dropped.set(
            peer.name,
            `${peer.title} failed at ${label} (${why}; each step may take ${peerOpenTimeoutMs / 1000} s): no figure, and not measured at larger counts.`,
          );
          log(`${label}: ${peer.title} dropped: ${why}`);
          await side.page.close({ runBeforeUnload: false }).catch(() => {});
          return Number.NaN as T;
        }
      };
    const opened = new Map<string, number>();
    const paint = await measureRounds<string, number>({
      samples: peerPaintSamples,
      sides: {
        loupe: () => timeMs(() => loupe.open(count, options.loupeImage())),
        ...Object.fromEntries(
          live.map(({ peer, side }) => [
            peer.name,
            guarded(peer, side, () => {
              const index = opened.get(peer.name) ?? 0;
              opened.set(peer.name, index + 1);
              return timeMs(() => side.open(count, index));
            }),
          ]),
        ),
      },
    });
    for (const { peer } of live) {
      const reason = failed.has(peer.name) ? dropped.get(peer.name) : undefined;
      if (reason) {
        rows.push(row({ ...notMeasured(label, peer, options.loupePaint), note: reason }));
        continue;
      }
      const values = paint[peer.name]!;
      rows.push(
        row({
          case: label,
          metric: `${peer.title}: open the image → first paint`,
          unit: 'ms',
          loupe: summarize(paint['loupe']!),
          reference: { name: `${peer.title} (peer)`, value: summarize(values) },
          ratio: summarize(pairedRatios(values, paint['loupe']!)),
          peer: true,
        }),
      );
      log(
        `${label}: first paint Loupe ${summarize(paint['loupe']!).median.toFixed(0)} ms, ${peer.title} ${summarize(values).median.toFixed(0)} ms`,
      );
    }
    for (const gesture of ['drag', 'pan', 'zoom'] as const) {
      const able = live.filter(({ peer }) => peer.gestures.includes(gesture) && !failed.has(peer.name));
      if (able.length === 0) continue;
      const measured = await measureRounds<string, Frames | number>({
        samples: peerGestureSamples,
        sides: {
          loupe: () => perform(loupe, gesture, count),
          ...Object.fromEntries(
            able.map(({ peer, side }) => [
              peer.name,
              guarded(peer, side, () => perform(side, gesture, count)),
            ]),
          ),
        },
      });
      for (const { peer } of able) {
        if (failed.has(peer.name)) continue;
        const theirs = measured[peer.name] as Frames[];
        const ours = measured['loupe'] as Frames[];
        const cut = theirs.filter((frames) => frames.played < frames.planned);
        const note =
          cut.length > 0
            ? `${peer.title}: the gesture was cut after ${gestureBudgetMs / 1000} s in ${cut.length} of ${theirs.length} runs (${cut.map((frames) => frames.played).join(', ')} of its inputs played).`
            : undefined;
        rows.push(
          ...frameRows(label, gesture, theirs, ours, (_what, peerValues, loupeValues) => ({
            loupe: summarize(loupeValues),
            reference: { name: `${peer.title} (peer)`, value: summarize(peerValues) },
            ratio: summarize(pairedRatios(peerValues, loupeValues)),
            peer: true,
            ...(note ? { note } : {}),
          })).map((peerRow) => ({ ...peerRow, metric: `${peer.title}: ${peerRow.metric}` })),
        );
        log(
          `${label}: ${gesture} frame time p95 Loupe ${summarize(ours.map((f) => quantile(f.intervals, 0.95))).median.toFixed(1)} ms, ${peer.title} ${summarize(theirs.map((f) => quantile(f.intervals, 0.95))).median.toFixed(1)} ms`,
        );
      }
    }
    return rows;
  } finally {
    for (const { side } of live)
      await side.page
        .context()
        .close()
        .catch(() => {});
  }
}

/** A peer's row without a figure of its own: Loupe's first paint beside the reason. */
function notMeasured(label: string, peer: Peer, loupe: Summary) {
  return { case: label, metric: `${peer.title}: open the image → first paint`, unit: 'ms', loupe };
}

export const canvasBenchmark: Benchmark = {
  name: 'canvas',
  title: 'Canvas: an image with 500, 2,000, 5,000 and 10,000 regions, beside a floor and two peers',
  async run({ dir, log }) {
    // Image 1 is where the app starts; then, per count, one image per first-paint sample (a fresh
    // image each time: nothing decoded or cached yet), then one per peer round, the last one also
    // used for the gestures.
    const images: SeedImage[] = [{ file: sampleImage(1), regions: [] }];
    const keys: string[] = [];
    for (const count of regionCounts) {
      for (let index = 0; index <= paintSamplesAt(count) + peerPaintSamples + 1; index++) {
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
    for (const peer of peers) await writePeerFiles(join(dir, peer.name), peer);
    const { width: imageWidth = 0, height: imageHeight = 0 } = await sharp(photo).metadata();

    const browser = await launchChromium();
    const loupe = await startLoupe({ dataDir });
    const servers = [await startStaticServer(floorDir)];
    try {
      const peerServers = Object.fromEntries(
        await Promise.all(
          peers.map(async (peer) => {
            const server = await startStaticServer(join(dir, peer.name), nodeModules);
            servers.push(server);
            return [peer.name, server.url] as const;
          }),
        ),
      ) as Record<Peer['name'], string>;
      const loupePage = await (await browser.newContext({ viewport })).newPage();
      await loupePage.goto(loupe.url);
      await loupeInteractive(loupePage);
      const stage = await loupePage.locator('[data-testid="review-canvas"] canvas').first().boundingBox();
      if (!stage) throw new Error('the review canvas has no stage');
      const size = `w=${Math.round(stage.width)}&h=${Math.round(stage.height)}`;
      const peerUrls = Object.fromEntries(
        Object.entries(peerServers).map(([name, url]) => [
          name,
          `${url}?${size}&iw=${imageWidth}&ih=${imageHeight}`,
        ]),
      ) as Record<Peer['name'], string>;
      const floorPage = await (await browser.newContext({ viewport })).newPage();
      await floorPage.goto(`${servers[0]!.url}?${size}`);
      await floorPage.waitForFunction(() => document.body.dataset['ready'] === 'true');
      const sides = { loupe: loupeSide(loupePage, imageIds), floor: pageSide(floorPage, 'floor') };
      const dropped = new Map<Peer['name'], string>();

      const rows: Row[] = [];
      for (const count of regionCounts) {
        const label = `${count.toLocaleString('en')} regions`;
        // The targets (ratios to the floor, by the median): first paint ≤ 1.5× at 2,000 and
        // 10,000 regions; a drag's frame time p95 ≤ 1.25× at 2,000; at 10,000, pan and zoom at the
        // floor's frame rate (frame time p95 ≤ 1.25×: frames are quantised to 16.7 ms, so this
        // allows no missed frame the floor does not miss) with main-thread work per frame p50 ≤ 2×.
        const targeted = count === 2000 || count === 10000;
        const targetAt = (atMost: number): Target | undefined =>
          targeted ? { on: 'ratio', atMost } : undefined;
        const gestureTarget = (gesture: Gesture, what: string): Target | undefined => {
          if (count === 2000 && gesture === 'drag' && what === 'frame time p95') return targetAt(1.25);
          if (count !== 10000 || gesture === 'drag') return undefined;
          if (what === 'frame time p95') return targetAt(1.25);
          if (what === 'main-thread work per frame p50') return targetAt(2);
          return undefined;
        };
        // Each side counts its own opens: whichever goes first, both open image 0, 1, 2… in turn.
        const opened = { loupe: 0, floor: 0 };
        const paint = await measurePairs({
          samples: paintSamplesAt(count),
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
            samples: samplesAt(count),
            loupe: () => perform(sides.loupe, gesture, count),
            reference: () => perform(sides.floor, gesture, count),
          });
          rows.push(
            ...frameRows(label, gesture, measured.loupe, measured.reference, (what, ours, floor) => ({
              loupe: summarize(ours),
              reference: { name: 'floor: plain Canvas 2D page', value: summarize(floor) },
              ratio: summarize(pairedRatios(ours, floor)),
              ...withTarget(gestureTarget(gesture, what)),
            })),
          );
          log(
            `${label}: ${gesture} frame time p95 Loupe ${summarize(measured.loupe.map((f) => quantile(f.intervals, 0.95))).median.toFixed(1)} ms, floor ${summarize(measured.reference.map((f) => quantile(f.intervals, 0.95))).median.toFixed(1)} ms`,
          );
        }
        // The correction made most often after relabelling: a nudge of the selected region.
        await sides.loupe.prepare('drag', gesturePlan(count, await sides.loupe.placement()));
        const latencies: number[] = [];
        for (let press = -2; press < keySamples; press++) {
          const ms = await loupePage.evaluate(keyToPainted, 'ArrowRight');
          await sides.loupe.settle('drag');
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

        if (!withPeers) continue;
        rows.push(
          ...(await measurePeers({
            browser,
            count,
            label,
            loupe: sides.loupe,
            loupeImage: () => opened.loupe++,
            loupePaint: summarize(paint.loupe),
            urls: peerUrls,
            dropped,
            log,
          })),
        );
      }
      return {
        references: [
          'Floor: a page (test/bench/pages/floor) that draws the same photo and the same boxes with plain Canvas 2D and nothing else — no framework, no layers, no culling, everything redrawn each frame — on a canvas of the review stage’s size, in the same Chromium, driven by the same mouse events. First paint: from clicking the image in the list (floor: calling open) until it is drawn with all its regions, two frames later. Key press: a keydown dispatched in the page until a task queued from the next frame runs (that frame drawn), the edit then saved before the next press. Gestures: one input per animation frame for a second, dispatched in the page (pointer and mouse events at the element under the pointer), the same for both. Frame time: the interval between animation frames (what a person sees; a frame that misses 16.7 ms shows as 33 ms). Main-thread work per frame: from the frame’s start until a task queued behind it runs — input handling, drawing and any work they queued, not quantised to frames. Targets (the issue’s, on the ratio’s median): first paint ≤ 1.5× at 2,000 and 10,000 regions; at 2,000, a drag’s frame time p95 ≤ 1.25×; at 10,000, pan and zoom frame time p95 ≤ 1.25× (the floor’s frame rate: frames are quantised to 16.7 ms) and main-thread work per frame p50 ≤ 2×. A pan or zoom starts with no region selected, as on the floor.',
          `Peers (comparisons, not targets; rows named after the peer, ratio = peer ÷ Loupe, so above 1 the peer is slower): each on a page of its own in the same browser, the same photo shown at Loupe’s fitted size, the same boxes, the same gestures dispatched the same way, measured in rounds of their own with Loupe (${peerPaintSamples} opens and ${peerGestureSamples} runs of each gesture after a warm-up round, the order turned each round). A peer that has not painted (or selected the region to drag) within ${peerOpenTimeoutMs / 1000} s is dropped at that count and the larger ones; a gesture is cut after ${gestureBudgetMs / 1000} s.`,
          ...peers.map((peer) => peer.how),
        ].join(' '),
        rows,
        findings: [],
      };
    } finally {
      for (const server of servers) server.stop();
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
