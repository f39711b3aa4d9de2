import { dirname, isAbsolute, resolve } from 'node:path';
import { withRecentFolder } from '../../../shared/fileBrowsing.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import { browseFolder, existingFolders } from '../files/folderBrowser.ts';
import type { MainServices } from '../mainServices.ts';
import { statPath } from '../../io/listFolder.ts';

export function fileHandlers(
  services: MainServices,
): Pick<Handlers, 'files.browse' | 'files.recent' | 'files.remember'> {
  return {
    'files.browse': (request) => browseFolder(request, services.settings.get().recentFolders),
    'files.recent': async () => ({ folders: await existingFolders(services.settings.get().recentFolders) }),
    'files.remember': async ({ path: chosen }) => {
      if (!isAbsolute(chosen)) throw new LoupeError('invalid_input', `Not an absolute path: ${chosen}`);
      const path = resolve(chosen);
      // A chosen file stands for its folder; a path that is gone (a name to save as) for its parent.
      const info = await statPath(path).catch(() => undefined);
      const folder = info?.isDirectory() ? path : dirname(path);
      const next = services.settings.set({
        recentFolders: withRecentFolder(services.settings.get().recentFolders, folder),
      });
      services.bus.emit('settings.changed', next);
      return { folders: await existingFolders(next.recentFolders) };
    },
  };
}
