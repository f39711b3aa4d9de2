import { createServer, type Server } from 'node:http';
import { BlockList, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMedia } from '../../electron/main/media/mediaService.ts';
import { fetchOutgoing, isPublicAddress, OutgoingUrlError } from '../../electron/io/outgoingUrl.ts';
import { importUrls } from '../../electron/main/workspace/imageImporter.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { sampleImage } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * The one guard for URLs someone else chose (electron/io/outgoingUrl.ts, issue 13 F6): real
 * HTTP servers on loopback play the internal services a prober looks for; none of them may be
 * reached unless private URLs are allowed, in any spelling of the address, after a redirect,
 * or by the main side's URL images.
 */

const temp = makeTempDir('loupe-outgoing-');
const jpeg = readFileSync(sampleImage(1));
let hits = 0;
let internal: Server;
let port = 0;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  internal = createServer((request, response) => {
    hits += 1;
    const path = request.url ?? '/';
    const loop = /^\/loop\/(\d+)$/.exec(path);
    if (path === '/photo.jpg') response.end(jpeg);
    else if (path.startsWith('/to?')) {
      response.writeHead(302, { Location: decodeURIComponent(path.slice(4)) }).end();
    } else if (loop) response.writeHead(307, { Location: `/loop/${Number(loop[1]) + 1}` }).end();
    else response.writeHead(404).end('secret admin page');
  });
  port = await listen(internal, '127.0.0.1');
});
afterAll(async () => {
  await new Promise<void>((resolve) => internal.close(() => resolve()));
  temp.cleanup();
});

const defaults = { allowPrivate: false, timeoutMs: 3_000, maxBytes: 20 * 1024 * 1024 } as const;

async function refusal(url: string, options: Partial<Parameters<typeof fetchOutgoing>[1]> = {}) {
  const error = await fetchOutgoing(url, { ...defaults, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, url).toBeInstanceOf(OutgoingUrlError);
  return error as OutgoingUrlError;
}

describe('outgoing URLs refuse every non-public address by default', () => {
  const loopbackForms = (p: number) => [
    `http://127.0.0.1:${p}/photo.jpg`,
    `http://localhost:${p}/photo.jpg`,
    `http://2130706433:${p}/photo.jpg`, // decimal
    `http://0x7f.1:${p}/photo.jpg`, // hex, short form
    `http://0x7f000001:${p}/photo.jpg`,
    `http://017700000001:${p}/photo.jpg`, // octal
    `http://0177.0.0.1:${p}/photo.jpg`,
    `http://127.1:${p}/photo.jpg`,
    `http://127.255.255.254:${p}/photo.jpg`,
    `http://0.0.0.0:${p}/photo.jpg`,
    `http://0:${p}/photo.jpg`,
    `http://[::1]:${p}/photo.jpg`,
    `http://[::ffff:127.0.0.1]:${p}/photo.jpg`, // IPv4-mapped
    `http://[0:0:0:0:0:ffff:7f00:1]:${p}/photo.jpg`,
    `http://[::]:${p}/photo.jpg`,
    `http://[::127.0.0.1]:${p}/photo.jpg`, // IPv4-compatible
  ];

  it('every spelling of loopback: refused before any connection, with one message', async () => {
    const messages = new Set<string>();
    for (const url of loopbackForms(port)) {
      const error = await refusal(url);
      expect(error.failure, url).toBe('blocked_address');
      messages.add(error.message);
    }
    expect(hits).toBe(0);
    expect(messages.size).toBe(1);
    expect([...messages][0]).not.toMatch(/127|localhost|::1|photo/);
    recordFigures('outgoingUrlGuard', { loopbackForms: loopbackForms(port).length, connections: hits });
  });

  it('private, CGNAT, link-local, metadata, unique-local, multicast and reserved addresses too', async () => {
    const addresses = [
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.1',
      '240.0.0.1',
      '255.255.255.255',
      '[fd00::1]',
      '[fe80::1]',
      '[ff02::1]',
      '[::ffff:10.0.0.1]',
      '[::ffff:169.254.169.254]',
    ];
    for (const host of addresses) {
      expect((await refusal(`http://${host}/latest/meta-data/`)).failure, host).toBe('blocked_address');
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '::ffff:8.8.8.8', '2606:4700:4700::1111'])
      expect(isPublicAddress(address)).toBe(true);
  });

  it('an open port and a closed one give the same answer: nothing tells which services exist', async () => {
    const open = await refusal(`http://127.0.0.1:${port}/admin`);
    const closed = await refusal('http://127.0.0.1:9/admin');
    expect(open.message).toBe(closed.message);
  });

  it('only http and https; credentials in the URL are refused', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/x', 'gopher://127.0.0.1:70/', 'data:,x']) {
      expect((await refusal(url)).failure, url).toBe('unsupported_scheme');
    }
    expect((await refusal('http://user:pass@example.com/')).failure).toBe('invalid_url');
  });
});

describe('redirects are checked hop by hop', () => {
  // The lab allows exactly one internal address: its own image server on 127.0.0.1.
  const lab = new BlockList();
  lab.addAddress('127.0.0.1');
  let other: Server;
  let otherPort = 0;
  let otherHits = 0;
  beforeAll(async () => {
    other = createServer((_request, response) => {
      otherHits += 1;
      response.end(jpeg);
    });
    otherPort = await listen(other, '127.0.0.2');
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  it('a redirect to an address the policy does not allow is refused, unfetched', async () => {
    hits = 0;
    const targets = [
      `http://127.0.0.2:${otherPort}/photo.jpg`,
      `http://[::ffff:127.0.0.2]:${otherPort}/photo.jpg`,
      `http://2130706434:${otherPort}/photo.jpg`,
      `http://[::1]:${otherPort}/photo.jpg`,
    ];
    for (const target of targets) {
      const error = await refusal(`http://127.0.0.1:${port}/to?${encodeURIComponent(target)}`, {
        allowPrivate: lab,
      });
      expect(error.failure, target).toBe('blocked_address');
    }
    expect(otherHits).toBe(0);
    expect(hits).toBe(targets.length);
    // The same image straight from the allowed server is fetched.
    const bytes = await fetchOutgoing(`http://127.0.0.1:${port}/photo.jpg`, {
      ...defaults,
      allowPrivate: lab,
    });
    expect(bytes.equals(jpeg)).toBe(true);
  });

  it('a redirect to another scheme is refused', async () => {
    const error = await refusal(`http://127.0.0.1:${port}/to?${encodeURIComponent('file:///etc/passwd')}`, {
      allowPrivate: true,
    });
    expect(error.failure).toBe('unsupported_scheme');
  });

  it('at most 5 redirects are followed', async () => {
    hits = 0;
    const error = await refusal(`http://127.0.0.1:${port}/loop/0`, { allowPrivate: true });
    expect(error.failure).toBe('too_many_redirects');
    expect(hits).toBe(6);
  });

  it('an HTTP failure says its status code and nothing of the body', async () => {
    const error = await refusal(`http://127.0.0.1:${port}/admin`, { allowPrivate: true });
    expect(error.failure).toBe('http_error');
    expect(error.message).toMatch(/HTTP 404/);
    expect(error.message).not.toMatch(/secret|admin/);
  });
});

describe("the main side's URL images", () => {
  it('are fetched from loopback only when private URLs are allowed', async () => {
    hits = 0;
    const workspace = new Workspace(join(temp.dir, 'urls.sqlite'));
    try {
      const [image] = importUrls(workspace, [`http://127.0.0.1:${port}/photo.jpg`]).added;
      const refused = await readMedia(workspace, 'image', image!.id).then(
        () => undefined,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(refused?.message).toMatch(/Could not fetch the image URL: the host is a loopback/);
      expect(refused?.message).not.toContain(String(port));
      expect(hits).toBe(0);
      const media = await readMedia(workspace, 'image', image!.id, { allowPrivateUrls: true });
      expect(media.bytes.equals(jpeg)).toBe(true);
      expect(hits).toBe(1);
    } finally {
      workspace.close();
    }
  });
});
