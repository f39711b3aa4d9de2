import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher.ts';
import type { EventBus } from './contract/eventBus.ts';
import { regionHandlers } from './handlers/regionHandlers.ts';
import { auditHandlers } from './handlers/auditHandlers.ts';
import { fileHandlers } from './handlers/fileHandlers.ts';
import { reportHandlers } from './handlers/reportHandlers.ts';
import { predictHandlers } from './handlers/predictHandlers.ts';
import { reviewHandlers } from './handlers/reviewHandlers.ts';
import { searchHandlers } from './handlers/searchHandlers.ts';
import { vocabularyHandlers } from './handlers/vocabularyHandlers.ts';
import { settingsHandlers } from './handlers/settingsHandlers.ts';
import { syncHandlers } from './handlers/syncHandlers.ts';
import { workspaceHandlers } from './handlers/workspaceHandlers.ts';
import { teamHandlers } from './handlers/teamHandlers.ts';
import { MainServices, type MainServicesOptions } from './mainServices.ts';

export type LoupeAppOptions = Omit<MainServicesOptions, 'log'> & { log?: (message: string) => void };

export interface LoupeApp {
  dispatch: Dispatch;
  bus: EventBus;
  services: MainServices;
  close(): Promise<void>;
}

/**
 * The main side without any transport: services plus the contract handlers over them. Electron
 * IPC and the loopback bridge both wrap exactly this, so no feature exists in one transport only.
 */
export function createLoupeApp(options: LoupeAppOptions): LoupeApp {
  const log = options.log ?? ((message: string) => console.error(message));
  const services = new MainServices({ ...options, log });
  const dispatch = createDispatcher(
    // `satisfies`: every command of the contract has a handler.
    {
      ...settingsHandlers(services),
      ...workspaceHandlers(services),
      ...predictHandlers(services),
      ...reviewHandlers(services),
      ...syncHandlers(services),
      ...reportHandlers(services),
      ...auditHandlers(services),
      ...regionHandlers(services),
      ...searchHandlers(services),
      ...vocabularyHandlers(services),
      ...fileHandlers(services),
      ...teamHandlers(services),
    } satisfies Handlers,
    log,
  );
  return { dispatch, bus: services.bus, services, close: () => services.close() };
}
