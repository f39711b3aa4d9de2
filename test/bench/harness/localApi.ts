import { ensureSampleSet } from '../../../electron/localApi/samples/sampleSet.ts';
import { startServe, type ServedApi } from '../../support/cliProcess.ts';

/**
 * `loupe serve` with its first-start work done beforehand: it generates the logo sample set in
 * the background when the data folder has none, which would otherwise run during the first
 * measurements.
 */
export async function startQuietServe(dataDir: string, key: string): Promise<ServedApi> {
  await ensureSampleSet(dataDir);
  return startServe(dataDir, key);
}
