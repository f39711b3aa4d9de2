import type { LoupeApi } from '../../shared/contract.ts';
import { createBridgeClient } from './bridgeClient.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent when the app is served by the loopback bridge. */
    loupe?: LoupeApi;
  }
}

/**
 * The renderer's only way to the main side. Under Electron the preload has already exposed
 * `window.loupe`; under the bridge this module installs the HTTP/WebSocket client in its place.
 */
window.loupe ??= createBridgeClient(window.location, window.sessionStorage);

export const loupe: LoupeApi = window.loupe;
