import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../electron/main/bridge/bridgeServer.ts';
import { createLoupeApp, type LoupeApp } from '../../electron/main/loupeApp.ts';
import { makeTempDir } from '../support/tempDir.ts';

/**
 * The bridge build's file and folder picker through the contract (docs/review.md, "Choosing files
 * and folders"), against a temp folder holding what a hostile or careless disk holds: a FIFO and
 * a device named like images, a symlink loop, a dangling link, an unreadable folder, a huge one.
 */
const temp = makeTempDir();
const data = join(temp.dir, 'data');
const disk = join(temp.dir, 'disk');
let app: LoupeApp;
let bridge: Bridge;

beforeAll(async () => {
  mkdirSync(data);
  mkdirSync(join(disk, 'photos', 'nested'), { recursive: true });
  writeFileSync(join(disk, 'photos', 'b.jpg'), 'x');
  writeFileSync(join(disk, 'photos', 'a10.png'), 'x');
  writeFileSync(join(disk, 'photos', 'a9.JPG'), 'x');
  writeFileSync(join(disk, 'photos', 'notes.txt'), 'x');
  writeFileSync(join(disk, 'photos', '.hidden.jpg'), 'x');
  execFileSync('mkfifo', [join(disk, 'photos', 'pipe.jpg')]);
  execFileSync('mknod', [join(disk, 'photos', 'zero.jpg'), 'c', '1', '5']);
  symlinkSync('loop-b', join(disk, 'photos', 'loop-a'));
  symlinkSync('loop-a', join(disk, 'photos', 'loop-b'));
  symlinkSync('gone.jpg', join(disk, 'photos', 'dangling.jpg'));
  symlinkSync('..', join(disk, 'photos', 'up'));
  mkdirSync(join(disk, 'locked'));
  writeFileSync(join(disk, 'locked', 'inside.jpg'), 'x');
  chmodSync(join(disk, 'locked'), 0o000);
  mkdirSync(join(disk, 'huge'));
  for (let n = 0; n < 5_100; n++) writeFileSync(join(disk, 'huge', `${n}.jpg`), '');
  app = createLoupeApp({ dataDir: data, transport: 'bridge', log: () => {} });
  bridge = await startBridge({ app });
});
afterAll(async () => {
  await bridge.close();
  await app.close();
  chmodSync(join(disk, 'locked'), 0o755);
  temp.cleanup();
});

const browse = (input: Record<string, unknown>) => app.dispatch('files.browse', input);

describe('files.browse', () => {
  it('lists folders first, then the files wanted, by name with numbers in order', async () => {
    const reply = await browse({ path: join(disk, 'photos'), kind: 'file', extensions: ['jpg', 'png'] });
    expect(reply).toMatchObject({ ok: true });
    if (!reply.ok) return;
    const listing = reply.value as {
      entries: { name: string; kind: string }[];
      parent: string;
      truncated: boolean;
    };
    expect(listing.entries.map((entry) => [entry.name, entry.kind])).toEqual([
      ['nested', 'folder'],
      ['up', 'folder'],
      ['a9.JPG', 'file'],
      ['a10.png', 'file'],
      ['b.jpg', 'file'],
      ['pipe.jpg', 'other'],
      ['zero.jpg', 'other'],
    ]);
    expect(listing.parent).toBe(disk);
    expect(listing.truncated).toBe(false);
  });

  it('lists only folders when a folder is wanted, and hidden names on request', async () => {
    const folders = await browse({ path: join(disk, 'photos'), kind: 'folder' });
    expect(
      folders.ok && (folders.value as { entries: { name: string }[] }).entries.map((e) => e.name),
    ).toEqual(['nested', 'up']);
    const hidden = await browse({
      path: join(disk, 'photos'),
      kind: 'file',
      extensions: ['jpg'],
      showHidden: true,
    });
    expect(
      hidden.ok && (hidden.value as { entries: { name: string }[] }).entries.map((e) => e.name),
    ).toContain('.hidden.jpg');
  });

  it('opens a file’s folder with the file selected', async () => {
    const reply = await browse({ path: join(disk, 'photos', 'b.jpg'), kind: 'file' });
    expect(reply).toMatchObject({ ok: true, value: { path: join(disk, 'photos'), selected: 'b.jpg' } });
  });

  it('says what a FIFO, a device, a loop, a missing or relative path is, without opening it', async () => {
    expect(await browse({ path: join(disk, 'photos', 'pipe.jpg'), kind: 'folder' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `${join(disk, 'photos', 'pipe.jpg')} is a FIFO (named pipe), not a folder`,
      },
    });
    expect(await browse({ path: join(disk, 'photos', 'zero.jpg'), kind: 'folder' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `${join(disk, 'photos', 'zero.jpg')} is a device, not a folder`,
      },
    });
    expect(await browse({ path: join(disk, 'photos', 'loop-a'), kind: 'folder' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `${join(disk, 'photos', 'loop-a')} is a symbolic link that loops back on itself`,
      },
    });
    expect(await browse({ path: join(disk, 'nowhere'), kind: 'folder' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `The folder ${join(disk, 'nowhere')} does not exist` },
    });
    expect(await browse({ path: 'photos', kind: 'folder' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Not an absolute path: photos' },
    });
    expect(await browse({ path: `${disk}/\0`, kind: 'folder' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('lists the first 5,000 entries of a huge folder and says it was cut', async () => {
    const reply = await browse({ path: join(disk, 'huge'), kind: 'file' });
    expect(reply).toMatchObject({ ok: true, value: { truncated: true } });
    expect(reply.ok && (reply.value as { entries: unknown[] }).entries.length).toBe(5_000);
  });

  it('refuses an unreadable folder with a clear error (run as an unprivileged user under root)', () => {
    // Root reads any folder; the listing is then run as `nobody`, for whom the folder is closed.
    const script = `
      const { browseFolder } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'electron/main/files/folderBrowser.ts')).href)});
      try { await browseFolder({ path: process.argv[1], kind: 'file' }, []); console.log('listed'); }
      catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, join(disk, 'locked')], {
      encoding: 'utf8',
      ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      code: 'storage',
      message: `The folder ${join(disk, 'locked')} cannot be read: permission denied`,
    });
  });
});

describe('recent folders', () => {
  it('remembers a chosen file’s folder first, drops ones that are gone', async () => {
    mkdirSync(join(disk, 'later'));
    expect(await app.dispatch('files.remember', { path: join(disk, 'photos', 'b.jpg') })).toEqual({
      ok: true,
      value: { folders: [join(disk, 'photos')] },
    });
    await app.dispatch('files.remember', { path: join(disk, 'later') });
    await app.dispatch('files.remember', { path: join(disk, 'photos') });
    expect(await app.dispatch('files.recent', {})).toEqual({
      ok: true,
      value: { folders: [join(disk, 'photos'), join(disk, 'later')] },
    });
    // With no path the picker opens the latest recent folder.
    expect(await browse({ kind: 'folder' })).toMatchObject({
      ok: true,
      value: { path: join(disk, 'photos') },
    });
    execFileSync('rmdir', [join(disk, 'later')]);
    expect(await app.dispatch('files.recent', {})).toEqual({
      ok: true,
      value: { folders: [join(disk, 'photos')] },
    });
  });
});

/** POSTs bytes to the bridge's upload endpoint. */
function upload(name: string | undefined, body: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path: '/api/upload',
        method: 'POST',
        headers: {
          Authorization: `Bearer ${bridge.token}`,
          'Content-Type': 'application/octet-stream',
          ...(name === undefined ? {} : { 'X-Loupe-File-Name': encodeURIComponent(name) }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('uploads over the bridge', () => {
  it('saves a dropped image under the data folder, never over another', async () => {
    const first = await upload('../../etc/cat.jpg', Buffer.from('one'));
    const second = await upload('cat.jpg', Buffer.from('two'));
    expect(first.status).toBe(200);
    const firstPath = (first.body as { value: { path: string } }).value.path;
    const secondPath = (second.body as { value: { path: string } }).value.path;
    expect(firstPath.startsWith(join(data, 'uploads'))).toBe(true);
    expect(firstPath.endsWith('/cat.jpg')).toBe(true);
    expect(secondPath.endsWith('/cat-1.jpg')).toBe(true);
    expect(readFileSync(firstPath, 'utf8')).toBe('one');
    expect(readFileSync(secondPath, 'utf8')).toBe('two');
  });

  it('refuses a file that is not an image, a missing name, or no token', async () => {
    expect(await upload('run.sh', Buffer.from('x'))).toMatchObject({
      status: 400,
      body: {
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/^run\.sh: not an image/) as unknown },
      },
    });
    expect(await upload(undefined, Buffer.from('x'))).toMatchObject({ status: 400 });
  });
});
