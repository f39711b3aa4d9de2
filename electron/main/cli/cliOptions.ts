import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join } from 'node:path';
import type { z } from 'zod';
import { defaultDataDir } from '../dataDir.ts';
import { createLoupeApp, type LoupeApp } from '../loupeApp.ts';
import type { AppRef } from '../../../shared/clarifai/platform/platformPaths.ts';
import type { commands, CommandName, CommandOutput } from '../../../shared/contract.ts';
import type { Endpoint, ModelChoice } from '../../../shared/settings.ts';

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
  app: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export const commonUsage = `Common options:
  --workspace FILE  workspace file (default: the default workspace in the data folder)
  --data-dir DIR    data folder (default: LOUPE_DATA_DIR or the platform's app-data folder)
  --endpoint URL    a Clarifai v2 base URL instead of the endpoint in settings
                    (key from LOUPE_API_KEY or the data folder's key file)
  --app USER/APP    deliver to this app of today's Clarifai platform at the endpoint
                    (inputs and annotations); without it --endpoint gets v2 feedback
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

/**
 * The main side for a CLI command: the same dispatcher and handlers the app's transports call,
 * with no background work (the command drives sync and predictions). A command changes the
 * workspace only through `call`, so no handler logic is written twice.
 */
export interface CliApp extends LoupeApp {
  /** Runs a contract command; its error becomes the command's (invalid input is a usage error). */
  call<N extends CommandName>(
    name: N,
    input: z.input<(typeof commands)[N]['input']>,
  ): Promise<CommandOutput<N>>;
}

export function cliApp(values: {
  workspace?: string | undefined;
  'data-dir'?: string | undefined;
  endpoint?: string | undefined;
  app?: string | undefined;
}): CliApp {
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
  const app = values.app === undefined ? undefined : parseApp(values.app);
  const loupe = createLoupeApp({
    dataDir,
    transport: 'bridge',
    log: (message) => console.error(message),
    background: false,
    ...(values.workspace
      ? { workspaceFile: values.workspace }
      : { workspaceFile: join(dataDir, 'workspaces', 'default.loupe.sqlite') }),
    ...(endpoint ? { endpoint } : {}),
    ...(app ? { app } : {}),
  });
  const call = async <N extends CommandName>(
    name: N,
    input: z.input<(typeof commands)[N]['input']>,
  ): Promise<CommandOutput<N>> => {
    const result = await loupe.dispatch(name, input);
    if (result.ok) return result.value as CommandOutput<N>;
    const { code, message } = result.error;
    throw code === 'invalid_input' ? new UsageError(message) : new Error(message);
  };
  return { ...loupe, call };
}

const clarifaiId = /^[A-Za-z0-9_.-]+$/;

/** `--app USER_ID/APP_ID`. */
export function parseApp(value: string): AppRef {
  const [userId, appId, ...rest] = value.split('/');
  if (!userId || !appId || rest.length > 0 || !clarifaiId.test(userId) || !clarifaiId.test(appId))
    throw new UsageError(`--app must be USER_ID/APP_ID (letters, digits, "_", "-", "."), got ${value}`);
  return { userId, appId };
}

/** `--model USER/APP/MODEL[/VERSION]` or a bare model id (`--version` may name the version). */
export function parseModel(value: string, version?: string): ModelChoice {
  const parts = value.split('/');
  if (parts.some((part) => !clarifaiId.test(part)) || parts.length === 2 || parts.length > 4)
    throw new UsageError(`--model must be a model id or USER/APP/MODEL[/VERSION], got ${value}`);
  if (parts.length === 1) return { modelId: value, ...(version ? { versionId: version } : {}) };
  const [userId, appId, modelId, versionId] = parts as [string, string, string, string | undefined];
  if (versionId && version && versionId !== version)
    throw new UsageError(`--model names version ${versionId} and --version names ${version}`);
  const chosen = versionId ?? version;
  return { userId, appId, modelId, ...(chosen ? { versionId: chosen } : {}) };
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
