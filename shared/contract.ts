import { z } from 'zod';
import type { Result } from './result.ts';
import { settingsPatchSchema, settingsSchema } from './settings.ts';

/**
 * The one contract between the renderer and the main side. Every command and event is declared
 * here once; both transports (Electron IPC and the loopback bridge) and the renderer's typed
 * `window.loupe` are derived from this table, so they cannot drift.
 *
 * Inputs are strict (an unknown key is an error). Outputs are parsed with the declared schema
 * before they leave the main side, which strips any field a handler added by mistake.
 */

const noInput = z.object({}).strict();

export const transportSchema = z.enum(['electron', 'bridge']);
export type Transport = z.infer<typeof transportSchema>;

export const appInfoSchema = z.object({
  name: z.literal('Loupe'),
  version: z.string(),
  transport: transportSchema,
  dataDir: z.string(),
  /** Identifies this launch's review session; sent as `feedback_info.session_id`. */
  sessionId: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const commands = {
  'app.info': { input: noInput, output: appInfoSchema },
  'settings.get': { input: noInput, output: settingsSchema },
  'settings.set': { input: settingsPatchSchema, output: settingsSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'settings.changed': settingsSchema,
} as const satisfies Record<string, z.ZodType>;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<(typeof commands)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** What the renderer sees as `window.loupe`, whichever transport carries it. */
export interface LoupeApi {
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Transport state, so the UI can say when the main side is unreachable. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

/** Channel names used by the Electron transport. */
export const ipcChannels = { invoke: 'loupe:invoke', event: 'loupe:event' } as const;
