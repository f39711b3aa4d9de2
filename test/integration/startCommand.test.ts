import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../support/cliProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** A "browser" that exits at once, as Chromium does with no display to open a window on. */
function failingBrowser(dir: string): string {
  const file = join(dir, 'fake-chromium');
  writeFileSync(file, '#!/bin/sh\nexit 1\n');
  chmodSync(file, 0o755);
  return file;
}

/** Runs `loupe start` on the bridge and returns what it says after the URL, then stops it. */
async function startSays(env: Record<string, string | undefined>): Promise<string[]> {
  const temp = makeTempDir('loupe-start-');
  temps.push(temp.cleanup);
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    LOUPE_NO_ELECTRON: '1',
    LOUPE_NO_BROWSER: undefined,
    CHROMIUM_PATH: failingBrowser(temp.dir),
    ...env,
  };
  const child = spawn(process.execPath, [cliPath, 'start', '--data-dir', join(temp.dir, 'data')], {
    env: Object.fromEntries(Object.entries(childEnv).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.includes('Press Ctrl+C')) break;
    }
  } finally {
    child.kill('SIGTERM');
  }
  return lines;
}

describe('npm start without a window to open (issue 20, bug 1)', () => {
  it('says there is no display instead of claiming a browser opened', async () => {
    const lines = await startSays({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    expect(lines.some((line) => line.startsWith('Loupe is serving on http://127.0.0.1:'))).toBe(true);
    expect(lines.at(-1)).toMatch(/no display to open a window on.*open the URL above/);
    expect(lines.join('\n')).not.toContain('Opened it');
  });

  it('says the browser did not stay open when it exits at once', async () => {
    const lines = await startSays({ DISPLAY: ':99' });
    expect(lines.at(-1)).toMatch(/fake-chromium did not stay open \(exit code 1\): open the URL above/);
    expect(lines.join('\n')).not.toContain('Opened it');
  });
});
