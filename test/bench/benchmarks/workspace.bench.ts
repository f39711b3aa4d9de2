import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { createLoupeApp, type LoupeApp } from '../../../electron/main/loupeApp.ts';
import { summaryColumns } from '../../../electron/main/workspace/imageRepo.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { timeMs } from '../harness/clock.ts';
import { measurePairs, perCallMs } from '../harness/pairs.ts';
import { row, type Row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';
import { generateImages } from './largeWorkspace.ts';

/** A campaign, and a million images (issue 21): the same cases at each size. */
const imageCounts = [50_000, 1_000_000];
const samples = 9;
const pageSize = 100;

/** The contract, in-process: input and output validated exactly as both transports do it. */
async function invoke(app: LoupeApp, name: string, input: unknown): Promise<unknown> {
  const result = await app.dispatch(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value;
}

/** The queries the handlers run, prepared once on a plain connection: the floor. */
function bareQueries(db: DatabaseSync) {
  const statement = (sql: string): StatementSync => db.prepare(sql);
  const page = statement(`SELECT ${summaryColumns} FROM images ORDER BY id LIMIT ? OFFSET ?`);
  const pageOf = statement(
    `SELECT ${summaryColumns} FROM images WHERE status = ? ORDER BY id LIMIT ? OFFSET ?`,
  );
  const count = statement('SELECT count(*) AS n FROM images');
  const countOf = statement('SELECT count(*) AS n FROM images WHERE status = ?');
  const byStatus = statement('SELECT status, count(*) AS n FROM images GROUP BY status');
  return {
    list: (offset: number) => ({ total: count.get(), items: page.all(pageSize, offset) }),
    filter: (status: string) => ({ total: countOf.get(status), items: pageOf.all(status, pageSize, 0) }),
    info: () => ({ images: count.get(), byStatus: byStatus.all() }),
  };
}

export const workspaceBenchmark: Benchmark = {
  name: 'workspace',
  title: 'Workspace: 50,000 and 1,000,000 images',
  async run({ dir, log }) {
    const rows: Row[] = [];
    const findings: string[] = [];
    for (const imageCount of imageCounts) {
      const generateMs = await measureWorkspace(dir, imageCount, rows, log);
      findings.push(
        `Generating the ${imageCount.toLocaleString('en')} image records took ${(generateMs / 1000).toFixed(1)} s.`,
      );
    }
    return {
      references:
        'Loupe: the contract command called in-process through the dispatcher (input and output validated, as over IPC or the bridge, without the transport). Floor: the same SQL the handler runs, prepared once on a bare `node:sqlite` connection to the same file.',
      rows,
      findings,
    };
  },
};

/** Generates a workspace of `imageCount` images and adds its rows; answers how long generating took. */
async function measureWorkspace(
  dir: string,
  imageCount: number,
  rows: Row[],
  log: (line: string) => void,
): Promise<number> {
  const file = join(dir, `campaign-${imageCount}.loupe.sqlite`);
  const generateMs = await timeMs(() => generateImages(file, imageCount));
  log(`generated ${imageCount} image records in ${(generateMs / 1000).toFixed(1)} s`);
  // The larger the workspace, the fewer calls per sample (the last page reads past every row).
  const scale = imageCount > 100_000 ? 10 : 1;
  const at = imageCount.toLocaleString('en');

  const app = createLoupeApp({ dataDir: join(dir, 'data'), transport: 'bridge', log: () => {} });
  let bare = new DatabaseSync(file);
  let queries = bareQueries(bare);
  try {
    const cases: { name: string; calls: number; loupe: () => Promise<unknown>; bare: () => unknown }[] = [
      {
        // Opening replaces the open workspace, as a person switching campaigns does.
        name: `${at} images: open the workspace (workspace.open: file, count, count per status)`,
        calls: 5,
        loupe: () => invoke(app, 'workspace.open', { file }),
        bare: () => {
          bare.close();
          bare = new DatabaseSync(file);
          queries = bareQueries(bare);
          return queries.info();
        },
      },
      {
        name: `${at} images: first page (images.list: ${pageSize} rows and the total)`,
        calls: 50,
        loupe: () => invoke(app, 'images.list', { offset: 0, limit: pageSize }),
        bare: () => queries.list(0),
      },
      {
        name: `${at} images: filter by status (images.list status=in_progress: ${pageSize} rows and the total)`,
        calls: 50,
        loupe: () => invoke(app, 'images.list', { offset: 0, limit: pageSize, status: 'in_progress' }),
        bare: () => queries.filter('in_progress'),
      },
      {
        name: `${at} images: count (workspace.info: total and per status)`,
        calls: 50,
        loupe: () => invoke(app, 'workspace.info', {}),
        bare: () => queries.info(),
      },
      {
        name: `${at} images: last page (images.list offset ${imageCount - pageSize})`,
        calls: 20 / scale,
        loupe: () => invoke(app, 'images.list', { offset: imageCount - pageSize, limit: pageSize }),
        bare: () => queries.list(imageCount - pageSize),
      },
    ];
    await invoke(app, 'workspace.open', { file });
    for (const entry of cases) {
      const measured = await measurePairs({
        samples,
        warmup: 2,
        loupe: () => perCallMs(entry.calls, entry.loupe),
        reference: () => perCallMs(entry.calls, entry.bare),
      });
      rows.push(
        row({
          case: entry.name,
          metric: 'time per call',
          unit: 'ms',
          loupe: summarize(measured.loupe),
          reference: { name: 'same queries, bare node:sqlite', value: summarize(measured.reference) },
          ratio: summarize(pairedRatios(measured.loupe, measured.reference)),
          target: { on: 'ratio', atMost: 1.5 },
        }),
      );
      log(
        `${entry.name}: ${summarize(measured.loupe).median.toFixed(3)} ms vs ${summarize(measured.reference).median.toFixed(3)} ms`,
      );
    }
  } finally {
    bare.close();
    await app.close();
  }
  return generateMs;
}
