import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join } from 'node:path';
import { defaultDataDir } from '../dataDir.ts';
import { MainServices } from '../mainServices.ts';
import type { Endpoint } from '../../shared/settings.ts';

/** Exit codes of every `loupe` command. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** The command ran, but some items failed (shown in the output). */
  partial: 3,
  /** The endpoint refused us (bad key, quota): a person must act. */
  blocked: 4,
} as const;

export class UsageError extends Error {}

/** Options every workspace command takes. */
export const commonOptions = {
  workspace: { type: 'string' },
  'data-dir': { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export const commonUsage = `Common options:
  --workspace FILE  workspace file (default: the default workspace in the data folder)
  --data-dir DIR    data folder (default: LOUPE_DATA_DIR or the platform's app-data folder)
  --endpoint URL    a Clarifai v2 base URL instead of the endpoint in settings
                    (key from LOUPE_API_KEY or the data folder's key file)
  --json            print the result as JSON on stdout`;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  return parseArgs({
    args: [...args],
    options: { ...commonOptions, ...options },
    allowPositionals: true,
    strict: true,
  });
}

/** Services for a CLI command: no background work, the command drives sync and predictions. */
export function cliServices(values: {
  workspace?: string | undefined;
  'data-dir'?: string | undefined;
  endpoint?: string | undefined;
}): MainServices {
  const dataDir = values['data-dir'] ?? defaultDataDir();
  let endpoint: Endpoint | undefined;
  if (values.endpoint) {
    try {
      const url = new URL(values.endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      throw new UsageError(`--endpoint must be an http(s) URL, got ${values.endpoint}`);
    }
    endpoint = { kind: 'custom', baseUrl: values.endpoint };
  }
  return new MainServices({
    dataDir,
    transport: 'bridge',
    log: (message) => console.error(message),
    background: false,
    ...(values.workspace
      ? { workspaceFile: values.workspace }
      : { workspaceFile: join(dataDir, 'workspaces', 'default.loupe.sqlite') }),
    ...(endpoint ? { endpoint } : {}),
  });
}

/** Prints `result` as JSON with --json, else the human text. */
export function report(json: boolean, result: unknown, text: string): void {
  console.log(json ? JSON.stringify(result, null, 2) : text);
}

/** A one-line progress indicator on stderr, only on a terminal. */
export function progressLine(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r${label} ${done}/${total}${done >= total ? '\n' : ''}`);
}
