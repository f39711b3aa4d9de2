import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { importFiles } from '../../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../../electron/main/workspace/workspace.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { timeMs } from '../harness/clock.ts';
import { measurePairs } from '../harness/pairs.ts';
import { row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';

/** A camera dump of small photos (issue 21): 100 folders of 1,000 JPEGs. */
const fileCount = Number(process.env['LOUPE_BENCH_IMPORT_FILES'] ?? 100_000);
const perFolder = 1000;
const samples = 2;

/**
 * Writes `count` small distinct JPEGs (80×60, each its own colour so each hash differs), encoded
 * once and written many at a time.
 */
async function generateFolder(root: string, count: number): Promise<void> {
  const inFlight = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let index = next++; index < count; index = next++) {
        const folder = join(root, `batch-${String(Math.floor(index / perFolder)).padStart(3, '0')}`);
        if (index % perFolder === 0) mkdirSync(folder, { recursive: true });
        const bytes = await sharp({
          create: {
            width: 80,
            height: 60,
            channels: 3,
            background: {
              r: index % 256,
              g: Math.floor(index / 256) % 256,
              b: Math.floor(index / 65536) % 256,
            },
          },
        })
          // Near colours can encode to the same bytes: the index in EXIF keeps each file distinct.
          .withExif({ IFD0: { ImageDescription: `photo ${index}` } })
          .jpeg({ quality: 80 })
          .toBuffer();
        writeFileSync(join(folder, `IMG_${String(index).padStart(6, '0')}.jpg`), bytes);
      }
    }),
  );
}

/** The floor: walk the folders, stat each file and read its header with sharp, one after another. */
async function bareLoop(root: string): Promise<number> {
  let seen = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        await stat(path);
        const metadata = await sharp(path).metadata();
        if (metadata.width) seen += 1;
      }
    }
  };
  await walk(root);
  return seen;
}

export const importFilesBenchmark: Benchmark = {
  name: 'importFiles',
  title: `Import: a folder of ${fileCount.toLocaleString('en')} image files`,
  async run({ dir, log }) {
    const root = join(dir, 'photos');
    const generateMs = await timeMs(() => generateFolder(root, fileCount));
    log(`generated ${fileCount} JPEGs in ${(generateMs / 1000).toFixed(1)} s`);
    let run = 0;
    const measured = await measurePairs({
      samples,
      warmup: 0,
      loupe: async () => {
        const workspace = new Workspace(join(dir, `workspace-${run++}.loupe.sqlite`));
        try {
          let added = 0;
          const ms = await timeMs(async () => {
            const report = await importFiles(workspace, [root]);
            added = report.added.length;
            if (report.failed.length > 0)
              throw new Error(
                `the import failed for ${report.failed.length} files: ${report.failed[0]!.reason}`,
              );
          });
          if (added !== fileCount) throw new Error(`the import added ${added} of ${fileCount} files`);
          const rate = (fileCount * 1000) / ms;
          log(`Loupe: ${rate.toFixed(0)} files/s`);
          return rate;
        } finally {
          workspace.close();
        }
      },
      reference: async () => {
        let seen = 0;
        const ms = await timeMs(async () => {
          seen = await bareLoop(root);
        });
        if (seen !== fileCount) throw new Error(`the bare loop read ${seen} of ${fileCount} files`);
        const rate = (fileCount * 1000) / ms;
        log(`bare loop: ${rate.toFixed(0)} files/s`);
        return rate;
      },
    });
    return {
      references:
        'Loupe: `importFiles` (what `images.import` and `loupe import` run) into a fresh workspace file: walk, read, check, hash and record every file. Floor: a bare loop over the same folder — `readdir`, `stat` and `sharp(file).metadata()` for each file, one after another — in the same process, taking turns with Loupe.',
      rows: [
        row({
          case: `${fileCount.toLocaleString('en')} JPEGs of 80×60 in ${fileCount / perFolder} folders`,
          metric: 'files/s',
          unit: 'files/s',
          loupe: summarize(measured.loupe),
          reference: { name: 'readdir + stat + sharp metadata loop', value: summarize(measured.reference) },
          // Rates: Loupe ÷ floor, so within 1.5× the floor's time is a ratio of at least 1/1.5.
          ratio: summarize(pairedRatios(measured.loupe, measured.reference)),
          target: { on: 'ratio', atLeast: 1 / 1.5 },
        }),
      ],
      findings: [
        `Generating the ${fileCount.toLocaleString('en')} JPEGs took ${(generateMs / 1000).toFixed(1)} s.`,
      ],
    };
  },
};
