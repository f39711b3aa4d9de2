import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli/loupe.mjs', import.meta.url));

export interface LoupeProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  port: number;
  token: string;
  output: () => string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the built `loupe` CLI as a real child process (`loupe app` by default) and waits for the
 * URL it prints. Tests drive the same bundle a person runs.
 */
export async function startLoupe(options: {
  dataDir: string;
  args?: string[];
  port?: number;
  token?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Let a fresh data folder fill with the sample set (off by default: most tests seed their own). */
  samples?: boolean;
}): Promise<LoupeProcess> {
  const args = options.args ?? [
    'app',
    '--port',
    String(options.port ?? 0),
    '--data-dir',
    options.dataDir,
    ...(options.samples ? [] : ['--no-samples']),
  ];
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      ...process.env,
      LOUPE_DATA_DIR: options.dataDir,
      ...(options.token ? { LOUPE_BRIDGE_TOKEN: options.token } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`loupe did not print its URL in time. Output:\n${output}`)),
      options.timeoutMs ?? 30_000,
    );
    const check = () => {
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`loupe exited with ${code} before serving. Output:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
