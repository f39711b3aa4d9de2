import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './findChromium.ts';
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
  if (process.env['LOUPE_NO_BROWSER']) {
    console.log('Open the URL above in a browser. Press Ctrl+C to stop.');
  } else if (!chromium) {
    console.log(
      'No Chromium or Chrome found (set CHROMIUM_PATH): open the URL above in a browser. Press Ctrl+C to stop.',
    );
  } else if (!hasDisplay()) {
    console.log(
      'There is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): open the URL above in a browser. Press Ctrl+C to stop.',
    );
  } else {
    console.log(await openInBrowser(chromium, running.dataDir, running.bridge.url));
  }
  await untilSignal();
  await running.stop();
  return 0;
}

/** A desktop session to open a window in; only Linux and the BSDs can lack one. */
function hasDisplay(): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** A browser that exits this soon after starting did not open a window (no display, a bad profile…). */
const browserSettleMs = 3_000;

/** Opens the app in an --app window and says what happened: opened, or why not and what to do. */
async function openInBrowser(chromium: string, dataDir: string, url: string): Promise<string> {
  const launcher = writeLauncher(dataDir, url);
  const browser = spawn(
    chromium,
    [
      `--app=${pathToFileURL(launcher).href}`,
      `--user-data-dir=${join(dataDir, 'browser-profile')}`,
      '--no-first-run',
      '--disable-background-networking',
    ],
    { stdio: 'ignore', detached: false },
  );
  const outcome = await new Promise<string | undefined>((settle) => {
    const timer = setTimeout(() => settle(undefined), browserSettleMs);
    const failed = (why: string) => {
      clearTimeout(timer);
      settle(why);
    };
    browser.once('error', (error) => failed(error.message));
    browser.once('exit', (code, signal) => failed(signal ? `stopped by ${signal}` : `exit code ${code}`));
  });
  if (outcome === undefined) return `Opened it in ${chromium}. Press Ctrl+C to stop.`;
  return `${chromium} did not stay open (${outcome}): open the URL above in a browser. Press Ctrl+C to stop.`;
}

/**
 * The bridge URL carries its token, and a command line is readable by every user of the machine
 * (`ps`): the browser is given a file only this user can read, which forwards it to the URL. The
 * file is removed once the browser has surely read it.
 */
export function writeLauncher(dataDir: string, url: string): string {
  const file = join(dataDir, 'open-loupe.html');
  rmSync(file, { force: true });
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><script>location.replace(${target})</script>`, {
    mode: 0o600,
  });
  setTimeout(() => rmSync(file, { force: true }), 30_000).unref();
  return file;
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
