import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Transport } from '../shared/contract.ts';
import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher.ts';
import { EventBus } from './contract/eventBus.ts';
import { SettingsStore } from './store/settingsStore.ts';
import { loupeVersion } from './version.ts';

export interface LoupeAppOptions {
  dataDir: string;
  transport: Transport;
  log?: (message: string) => void;
}

export interface LoupeApp {
  dispatch: Dispatch;
  bus: EventBus;
  close(): void;
}

/**
 * The main side without any transport: services plus the contract handlers over them. Electron
 * IPC and the loopback bridge both wrap exactly this, so no feature exists in one transport only.
 */
export function createLoupeApp(options: LoupeAppOptions): LoupeApp {
  const log = options.log ?? ((message: string) => console.error(message));
  const bus = new EventBus();
  const settings = new SettingsStore(join(options.dataDir, 'settings.sqlite'), log);
  const sessionId = randomUUID();

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Loupe',
      version: loupeVersion,
      transport: options.transport,
      dataDir: options.dataDir,
      sessionId,
    }),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => {
      const next = settings.set(patch);
      bus.emit('settings.changed', next);
      return next;
    },
  };

  return {
    dispatch: createDispatcher(handlers, log),
    bus,
    close: () => settings.close(),
  };
}
