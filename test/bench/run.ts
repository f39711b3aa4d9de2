// `npm run bench [-- <name>…]`: runs the benchmarks one after the other (never in parallel: they
// would measure each other) and writes docs/benchmarks/latest.json and latest.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { findChromium } from '../../electron/main/cli/findChromium.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { syncBenchmark } from './benchmarks/sync.bench.ts';
import { collectorBenchmark } from './benchmarks/collector.bench.ts';
import { workspaceBenchmark } from './benchmarks/workspace.bench.ts';
import { editsBenchmark } from './benchmarks/edits.bench.ts';
import { modelsBenchmark } from './benchmarks/models.bench.ts';
import { startupBenchmark } from './benchmarks/startup.bench.ts';
import { memoryBenchmark } from './benchmarks/memory.bench.ts';
import { canvasBenchmark } from './benchmarks/canvas.bench.ts';
import { hugeImagesBenchmark } from './benchmarks/hugeImages.bench.ts';
import { cocoImportBenchmark } from './benchmarks/cocoImport.bench.ts';
import { importFilesBenchmark } from './benchmarks/importFiles.bench.ts';
import { triageBenchmark } from './benchmarks/triage.bench.ts';
import type { Benchmark } from './harness/benchmark.ts';
import { renderMarkdown } from './harness/markdown.ts';
import type { Machine, Report } from './harness/results.ts';

/** In this order: the quick ones first, the browser ones last. */
const benchmarks: Benchmark[] = [
  workspaceBenchmark,
  editsBenchmark,
  syncBenchmark,
  collectorBenchmark,
  modelsBenchmark,
  startupBenchmark,
  memoryBenchmark,
  hugeImagesBenchmark,
  cocoImportBenchmark,
  importFilesBenchmark,
  triageBenchmark,
  canvasBenchmark,
];

const outDir = fileURLToPath(new URL('../../docs/benchmarks/', import.meta.url));
const jsonFile = `${outDir}latest.json`;
const markdownFile = `${outDir}latest.md`;

function machine(): Machine {
  const chromium = findChromium();
  let chromiumVersion = 'no Chromium found';
  if (chromium) {
    try {
      chromiumVersion = execFileSync(chromium, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      chromiumVersion = `${chromium} (version unknown)`;
    }
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.versions.node,
    chromium: chromiumVersion,
  };
}

/** A partial run keeps the other benchmarks' last results, each with its own date. */
function previous(): Report['benchmarks'] {
  if (!existsSync(jsonFile)) return {};
  try {
    return (JSON.parse(readFileSync(jsonFile, 'utf8')) as Report).benchmarks;
  } catch {
    return {};
  }
}

async function main(names: readonly string[]): Promise<void> {
  const unknown = names.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `no benchmark ${unknown.join(', ')}; there are: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
  }
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));
  const report: Report = {
    date: new Date().toISOString(),
    machine: machine(),
    benchmarks: names.length === 0 ? {} : previous(),
  };
  const started = performance.now();
  const failed: string[] = [];
  for (const benchmark of selected) {
    const temp = makeTempDir(`loupe-bench-${benchmark.name}-`);
    const startedAt = new Date().toISOString();
    const benchmarkStarted = performance.now();
    const loadBefore = loadavg()[0] ?? 0;
    console.log(`▶ ${benchmark.name}: ${benchmark.title}`);
    try {
      const result = await benchmark.run({ dir: temp.dir, log: (line) => console.log(`  ${line}`) });
      report.benchmarks[benchmark.name] = {
        name: benchmark.name,
        title: benchmark.title,
        startedAt,
        durationMs: performance.now() - benchmarkStarted,
        load: { before: loadBefore, after: loadavg()[0] ?? 0 },
        ...result,
      };
      console.log(`  done in ${((performance.now() - benchmarkStarted) / 1000).toFixed(0)} s`);
    } catch (error) {
      // One broken benchmark does not cost the others' figures; the run still fails at the end.
      failed.push(benchmark.name);
      console.error(`  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      temp.cleanup();
    }
    // Written after every benchmark, so a later failure keeps what was measured.
    mkdirSync(outDir, { recursive: true });
    // Formatted as `npm run lint` expects, so a bench run leaves the tree lint-clean.
    writeFileSync(
      jsonFile,
      await format(JSON.stringify(report), { ...(await resolveConfig(jsonFile)), parser: 'json' }),
    );
    writeFileSync(markdownFile, renderMarkdown(report));
  }
  const took = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  if (failed.length > 0) {
    console.error(`Failed: ${failed.join(', ')} (after ${took}); the others are in ${markdownFile}`);
    process.exitCode = 1;
  } else {
    console.log(`All done in ${took}: ${markdownFile}`);
  }
}

await main(process.argv.slice(2));
