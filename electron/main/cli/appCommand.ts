import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../bridge/bridgeServer.ts';
import { defaultDataDir } from '../dataDir.ts';
import { prepareFirstRun } from '../firstRun.ts';
import { createLoupeApp } from '../loupeApp.ts';
import { UsageError } from './cliOptions.ts';

export const appUsage = `loupe app [--port N] [--data-dir DIR]

Runs Loupe's main side behind the loopback bridge (127.0.0.1 only) and prints the URL to open.
The bridge token is random per launch unless LOUPE_BRIDGE_TOKEN is set.

  --port N        port to listen on (0 = any free port; default 0)
  --data-dir DIR  data folder (default: LOUPE_DATA_DIR or the platform's app-data folder)
  --no-samples    do not fill an empty first-run workspace with the sample set`;

export interface RunningApp {
  bridge: Bridge;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startBridgeApp(args: readonly string[]): Promise<RunningApp> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-samples': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${values.port}`);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const app = createLoupeApp({ dataDir, transport: 'bridge' });
  const bridge = await startBridge({
    app,
    port,
    token: process.env['LOUPE_BRIDGE_TOKEN'] || undefined,
    staticDir: join(import.meta.dirname, '..', 'renderer'),
    log: (message) => console.error(message),
  });
  if (!values['no-samples']) {
    prepareFirstRun(app.services).catch((error: unknown) =>
      console.error(
        `Could not prepare the sample workspace: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return {
    bridge,
    dataDir,
    stop: async () => {
      await bridge.close();
      await app.close();
    },
  };
}

export async function appCommand(args: readonly string[]): Promise<number> {
  const running = await startBridgeApp(args);
  console.log(`Loupe is serving on ${running.bridge.url}`);
  console.log(`Data folder: ${running.dataDir}`);
  await untilSignal();
  await running.stop();
  return 0;
}

export function untilSignal(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
