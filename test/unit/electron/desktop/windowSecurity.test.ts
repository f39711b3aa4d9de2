import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../../electron/main/bridge/contentSecurityPolicy.ts';
import { secureWebPreferences } from '../../../../electron/desktop/window.ts';
import { loadWindowState, saveWindowState } from '../../../../electron/desktop/windowState.ts';
import { appMenuTemplate } from '../../../../electron/desktop/appMenu.ts';
import { makeTempDir } from '../../../support/tempDir.ts';
import { writeFileSync } from 'node:fs';

const temp = makeTempDir();
afterAll(temp.cleanup);

describe('window security settings', () => {
  it('pins every webPreferences setting of the checklist', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('has a strict Content-Security-Policy', () => {
    const directives = new Map(
      contentSecurityPolicy.split('; ').map((directive) => {
        const [name, ...values] = directive.split(' ');
        return [name, values.join(' ')];
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy).not.toContain('unsafe-inline');
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(directives.get('connect-src')).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });
});

describe('window state', () => {
  it('remembers size and position and ignores a damaged file', () => {
    const file = join(temp.dir, 'window-state.json');
    expect(loadWindowState(file)).toBeUndefined();
    saveWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    writeFileSync(file, '{"x": 1, "width": "wide"');
    expect(loadWindowState(file)).toBeUndefined();
  });

  it('never throws as the window closes: bounds it cannot keep, or an unwritable file, keep the last state', () => {
    const file = join(temp.dir, 'kept-state.json');
    expect(saveWindowState(file, { x: 0, y: 0, width: 1000, height: 700, maximized: true })).toBe(true);
    expect(saveWindowState(file, { x: 0, y: 0, width: 120, height: 90, maximized: false })).toBe(false);
    expect(
      saveWindowState(join(temp.dir, 'missing', 'state.json'), {
        x: 0,
        y: 0,
        width: 900,
        height: 600,
        maximized: false,
      }),
    ).toBe(false);
    expect(loadWindowState(file)).toEqual({ x: 0, y: 0, width: 1000, height: 700, maximized: true });
  });
});

describe('application menu', () => {
  it('offers the main actions with their shortcuts', () => {
    const calls: string[] = [];
    const template = appMenuTemplate(
      {
        importFiles: () => calls.push('importFiles'),
        importFolder: () => calls.push('importFolder'),
        openWorkspace: () => calls.push('openWorkspace'),
        showView: (view) => calls.push(`show:${view}`),
      },
      'linux',
    );
    const items = template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []));
    const byLabel = new Map(items.filter((item) => item.label).map((item) => [item.label, item]));
    expect(byLabel.get('Import Images…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel.get('Queue')?.accelerator).toBe('CmdOrCtrl+2');
    for (const label of [
      'Import Images…',
      'Import Folder…',
      'Open Workspace…',
      'Review',
      'Queue',
      'Settings',
    ]) {
      (byLabel.get(label)?.click as (() => void) | undefined)?.();
    }
    expect(calls).toEqual([
      'importFiles',
      'importFolder',
      'openWorkspace',
      'show:review',
      'show:queue',
      'show:settings',
    ]);
  });
});
