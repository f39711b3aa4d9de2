import { join } from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { startLoupe } from '../../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, workspaceFile } from '../../support/seedWorkspace.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import {
  buildPage,
  launchChromium,
  nextPaint,
  peakRssMb,
  startStaticServer,
  usedHeapMb,
} from '../harness/browser.ts';
import { measurePairs } from '../harness/pairs.ts';
import { row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';
import { generateImages, type StatusMix } from './largeWorkspace.ts';
import { gridRegions } from './regionGrid.ts';
import { blankInteractive, loupeInteractive } from './startup.bench.ts';

/** A million images (issue 21): the list must reach its last row and stay within budget. */
const imageCount = 1_000_000;
const regionCount = 2000;
const samples = 3;
/** Nothing in progress, so the app opens the first unreviewed image: the 2,000-region one. */
const waitingMix: StatusMix = [
  ['unreviewed', 0.55],
  ['done', 0.35],
  ['queued', 0.05],
  ['failed', 0.03],
  ['pending', 0.02],
];

interface Footprint {
  rendererPeakHeapMb: number;
  rendererHeapMb: number;
  mainPeakRssMb: number;
}

/** The app opened the first unreviewed image, the large one, with all its regions. */
function largeImageOpen(page: Page, imageId: number): Promise<unknown> {
  return page.waitForFunction(
    ([id, regions]) =>
      document.querySelector(`[data-testid="review-canvas"][data-image-id="${id}"]`) !== null &&
      document.querySelector('[data-count="unreviewed"]')?.textContent === String(regions),
    [imageId, regionCount] as const,
    { timeout: 30_000 },
  );
}

/** The file name of the list's last image: the last one generated (the large one was seeded first). */
const lastImageName = `IMG_${String(imageCount - 2).padStart(6, '0')}.jpg`;

/**
 * Scrolls the image list the way a reviewer skims it — wheel steps, then dragging the scroll bar
 * down in tenths to the end — pages loading as rows come into view; the last image must show.
 */
async function skimList(page: Page): Promise<void> {
  const list = page.getByRole('listbox', { name: 'Images' });
  const box = await list.boundingBox();
  if (!box) throw new Error('the image list is not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 2000);
  await nextPaint(page);
  for (let tenth = 1; tenth <= 10; tenth++) {
    await list.evaluate((element, share) => {
      element.scrollTop = (element.scrollHeight - element.clientHeight) * share;
    }, tenth / 10);
    await nextPaint(page);
  }
  await list.getByText(lastImageName).waitFor({ timeout: 30_000 });
}

/**
 * Samples the page's used JS heap every 50 ms until stopped; answers the highest seen, in MB. A
 * sample that fails (the page crashed or closed) ends the sampling instead of rejecting on its own,
 * so the error of whatever closed the page is the one reported.
 */
function heapPeak(session: CDPSession): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      try {
        const { usedSize } = await session.send('Runtime.getHeapUsage');
        peak = Math.max(peak, usedSize / 2 ** 20);
      } catch {
        running = false;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await sampling;
      return peak;
    },
  };
}

async function footprint(
  browser: Browser,
  start: () => Promise<{ url: string; pid: number; stop(): Promise<void> | void }>,
  use: (page: Page) => Promise<unknown>,
): Promise<Footprint> {
  const server = await start();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  let peak: { stop(): Promise<number> } | undefined;
  try {
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    const session = await context.newCDPSession(page);
    peak = heapPeak(session);
    await page.goto(server.url);
    try {
      await use(page);
    } catch (error) {
      if (crashed) throw new Error('the renderer crashed (out of memory?)', { cause: error });
      throw error;
    }
    const rendererPeakHeapMb = await peak.stop();
    return {
      rendererPeakHeapMb,
      rendererHeapMb: await usedHeapMb(session),
      mainPeakRssMb: await peakRssMb(server.pid),
    };
  } finally {
    await peak?.stop();
    await context.close();
    await server.stop();
  }
}

export const memoryBenchmark: Benchmark = {
  name: 'memory',
  title: 'Memory: 1,000,000-image workspace with a 2,000-region image open',
  async run({ dir, log }) {
    const dataDir = join(dir, 'data');
    const [large] = await seedWorkspace(dataDir, [
      { file: sampleImage(4), regions: gridRegions(regionCount) },
    ]);
    generateImages(workspaceFile(dataDir), imageCount - 1, waitingMix);
    const blankDir = join(dir, 'blank');
    await buildPage('blank', blankDir);
    const browser = await launchChromium();
    try {
      const measured = await measurePairs({
        samples,
        warmup: 0,
        loupe: () =>
          footprint(
            browser,
            async () => {
              const app = await startLoupe({ dataDir });
              return { url: app.url, pid: app.child.pid!, stop: () => app.stop() };
            },
            async (page) => {
              await loupeInteractive(page);
              await largeImageOpen(page, large!.imageId);
              await skimList(page);
            },
          ),
        reference: () =>
          footprint(
            browser,
            async () => {
              const server = await startStaticServer(blankDir);
              return { ...server, pid: server.child.pid! };
            },
            blankInteractive,
          ),
      });
      const rows = (
        [
          ['rendererPeakHeapMb', 'renderer JS heap, peak (used, sampled every 50 ms)', 300],
          ['rendererHeapMb', 'renderer JS heap after GC (used)', undefined],
          ['mainPeakRssMb', 'main side peak RSS (VmHWM of the process)', 400],
        ] as const
      ).map(([key, metric, budget]) => {
        const ours = measured.loupe.map((entry) => entry[key]);
        const floor = measured.reference.map((entry) => entry[key]);
        log(
          `${metric}: Loupe ${summarize(ours).median.toFixed(1)} MB, blank ${summarize(floor).median.toFixed(1)} MB`,
        );
        return row({
          case: `${imageCount.toLocaleString('en')} images, ${regionCount.toLocaleString('en')}-region image open, list skimmed to its last row`,
          metric,
          unit: 'MB',
          loupe: summarize(ours),
          reference: {
            name: key === 'mainPeakRssMb' ? 'bare Node static server of the blank page' : 'blank Vite page',
            value: summarize(floor),
          },
          ratio: summarize(pairedRatios(ours, floor)),
          ...(budget === undefined ? {} : { target: { on: 'value' as const, atMost: budget } }),
        });
      });
      return {
        references:
          'Absolute budgets (renderer JS heap ≤ 300 MB, main side RSS ≤ 400 MB), reported beside the blank-page baseline: a Vite page that does nothing (its JS heap) served by a bare Node static server (its peak RSS), measured the same way in the same run.',
        rows,
        findings: [],
      };
    } finally {
      await browser.close();
    }
  },
};
