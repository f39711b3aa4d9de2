import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findChromium } from '../shell/findChromium.ts';
import { startBridgeApp, untilSignal } from './appCommand.ts';

export const startUsage = `loupe start [--port N] [--data-dir DIR]

Runs the desktop app in Electron when its binary can run here. Otherwise says so, serves the app
through the loopback bridge and opens it in an installed Chromium/Chrome (--app window), or prints
the URL to open. LOUPE_NO_ELECTRON=1 skips the Electron attempt; LOUPE_NO_BROWSER=1 only prints
the URL.`;

/** `npm start`: Electron when possible, else the bridge in a browser window. */
export async function startCommand(args: readonly string[]): Promise<number> {
  const electron = process.env['LOUPE_NO_ELECTRON'] ? undefined : runnableElectron();
  if (electron) {
    const main = join(import.meta.dirname, '..', 'electron', 'main.cjs');
    const child = spawn(electron, [main], { stdio: 'inherit' });
    return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
  }
  console.log(
    "Electron's binary cannot run on this machine: serving Loupe through the loopback bridge instead.",
  );
  const running = await startBridgeApp(args);
  console.log(`Loupe is serving on ${running.bridge.url}`);
  const chromium = process.env['LOUPE_NO_BROWSER'] ? undefined : findChromium();
  if (chromium) {
    const profile = join(running.dataDir, 'browser-profile');
    const browser = spawn(
      chromium,
      [
        `--app=${running.bridge.url}`,
        `--user-data-dir=${profile}`,
        '--no-first-run',
        '--disable-background-networking',
      ],
      { stdio: 'ignore', detached: false },
    );
    browser.on('error', () => console.log(`Could not open ${chromium}; open the URL above in a browser.`));
    console.log(`Opened it in ${chromium}. Press Ctrl+C to stop.`);
  } else if (process.env['LOUPE_NO_BROWSER']) {
    console.log('Open the URL above in a browser. Press Ctrl+C to stop.');
  } else {
    console.log(
      'No Chromium or Chrome found (set CHROMIUM_PATH): open the URL above in a browser. Press Ctrl+C to stop.',
    );
  }
  await untilSignal();
  await running.stop();
  return 0;
}

/** The Electron binary's path when it exists and answers `--version`; never downloads. */
function runnableElectron(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (!existsSync(binary)) return undefined;
    const probe = spawnSync(binary, ['--version'], {
      timeout: 15_000,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    return probe.status === 0 ? binary : undefined;
  } catch {
    return undefined;
  }
}
