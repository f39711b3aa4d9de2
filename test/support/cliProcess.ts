import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds before it runs the tests). */
export const cliPath = fileURLToPath(new URL('../../dist/cli/loupe.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `loupe …` to completion as a child process. */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ServedApi {
  child: ChildProcess;
  baseUrl: string;
  key: string;
  stop(): void;
  /** GET an inspection endpoint with the key. */
  inspect<T>(path: string): Promise<T>;
}

/** Starts `loupe serve` with a known key and waits for its base URL. */
export async function startServe(
  dataDir: string,
  key: string,
  extra: readonly string[] = [],
  port = 0,
): Promise<ServedApi> {
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--port', String(port), '--data-dir', dataDir, '--key', key, '--quiet', ...extra],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let baseUrl: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    baseUrl ??= /^Base URL: (\S+)$/.exec(line)?.[1];
    if (line.startsWith('Data folder:')) break;
  }
  if (!baseUrl) throw new Error('loupe serve printed no base URL');
  const url = baseUrl;
  return {
    child,
    baseUrl: url,
    key,
    stop: () => void child.kill('SIGKILL'),
    async inspect<T>(path: string): Promise<T> {
      const response = await fetch(`${url}${path}`, { headers: { Authorization: `Key ${key}` } });
      if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
      return (await response.json()) as T;
    },
  };
}
