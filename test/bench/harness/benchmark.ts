import type { BenchmarkResult } from './results.ts';

export interface BenchContext {
  /** A fresh folder for this benchmark's files, removed afterwards. */
  dir: string;
  log: (line: string) => void;
}

/** One benchmark of `npm run bench`; `npm run bench -- <name>` runs it alone. */
export interface Benchmark {
  name: string;
  title: string;
  run(context: BenchContext): Promise<Pick<BenchmarkResult, 'references' | 'rows' | 'findings'>>;
}
