import type { LoupeApi } from '../../shared/contract.ts';

// What the app installs on the page (renderer/src/loupe.ts); tests call it with page.evaluate.
declare global {
  interface Window {
    loupe?: LoupeApi;
  }
}
