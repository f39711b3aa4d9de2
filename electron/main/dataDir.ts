import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder used outside Electron (bridge and CLI). It matches what Electron's
 * `app.getPath('userData')` gives for an app named Loupe, so both find the same files.
 * `LOUPE_DATA_DIR` overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['LOUPE_DATA_DIR']) return env['LOUPE_DATA_DIR'];
  switch (process.platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Loupe');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Loupe');
    default:
      return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Loupe');
  }
}
