import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { findChromium } from '../../../electron/main/cli/findChromium.ts';

/** Debian's Chromium with the flags of build/playwright.config.ts: the browser the e2e tests use. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      'No Chromium found: run `node build/chromium.mjs` (installs Debian’s chromium as root) or set CHROMIUM_PATH',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Resolves after the browser has painted the current state (two animation frames). */
export function nextPaint(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** The page's used JS heap after a full garbage collection, in MB. */
export async function usedHeapMb(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Builds one of the benchmark's Vite pages (test/bench/pages/<name>) into `outDir`. */
export async function buildPage(
  name: 'blank' | 'floor' | 'labelStudio' | 'annotorious',
  outDir: string,
): Promise<void> {
  await build({
    configFile: false,
    root: fileURLToPath(new URL(`../pages/${name}`, import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export interface StaticServer {
  child: ChildProcess;
  url: string;
  stop(): void;
}

/**
 * Serves `dir` from a bare Node process (the blank page's counterpart of `loupe app`); with
 * `nodeModules`, also the project's installed packages under /node_modules/ (the peer pages).
 */
export async function startStaticServer(dir: string, nodeModules?: string): Promise<StaticServer> {
  const script = fileURLToPath(new URL('../pages/staticServer.ts', import.meta.url));
  const args = nodeModules ? [script, dir, nodeModules] : [script, dir];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('http://')) return { child, url: line, stop: () => void child.kill('SIGKILL') };
  }
  throw new Error('the static server printed no URL');
}

/** Peak resident set size of a process so far (VmHWM), in MB: Linux only. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kib) / 1024;
}
