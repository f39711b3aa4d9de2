import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventCursorHeader, formatEventCursor } from '../../../shared/eventCursor.ts';
import { parseJsonText } from '../../../shared/jsonText.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { LoupeApp } from '../loupeApp.ts';
import { maxUploadBytes, saveUpload } from '../files/uploadStore.ts';
import { readCrop, readMedia, type Media, type MediaKind } from '../media/mediaService.ts';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';
import { parseRequestTarget } from './requestTarget.ts';

export interface BridgeOptions {
  app: LoupeApp;
  /** 0 picks a free port. */
  port?: number;
  /** Reuse a token (a restart that open pages should survive); random per launch otherwise. */
  token?: string;
  /** The built renderer to serve; omitted in tests that only talk to the API. */
  staticDir?: string;
  log?: (message: string) => void;
}

export interface Bridge {
  /** The address a person opens: the token travels in the fragment, never in a request line. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const maxBodyBytes = 8 * 1024 * 1024;
/** The largest frame a page may send on the event socket (it sends none). */
export const maxClientFrameBytes = 4096;
const host = '127.0.0.1';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Transport B: the contract over HTTP (commands) and WebSocket (events) on 127.0.0.1 only.
 * Every request must come from loopback, name this server in `Host` (so a DNS-rebound name is
 * refused), carry no foreign `Origin`, and — for the API — present the per-launch token.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? (() => {});
  const tokenBytes = Buffer.from(token);
  let port = 0;

  const allowedHosts = () => new Set([`${host}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${host}:${port}`, `http://localhost:${port}`]);

  /** Returns why a request is refused, or undefined when it may proceed. */
  function refusal(request: IncomingMessage, needOrigin: boolean): string | undefined {
    if (!isLoopback(request.socket)) return 'requests are accepted from this machine only';
    if (!allowedHosts().has(request.headers.host ?? '')) return 'unexpected Host header';
    const origin = request.headers.origin;
    if (origin === undefined ? needOrigin : !allowedOrigins().has(origin)) return 'foreign Origin';
    return undefined;
  }

  function tokenMatches(presented: string | undefined | null): boolean {
    if (!presented) return false;
    const bytes = Buffer.from(presented);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  }

  const server = createServer((request, response) => {
    // A peer that resets mid-request or mid-answer errors these streams: that ends this one
    // exchange, never the process (an 'error' without a listener would).
    request.on('error', () => response.destroy());
    response.on('error', () => request.destroy());
    handle(request, response).catch((error: unknown) => {
      // The path only: a media URL's query carries the token.
      log(`bridge: ${request.method} ${request.url?.split('?')[0]} failed: ${String(error)}`);
      if (!response.headersSent) sendJson(response, 500, fail('internal', 'The bridge failed to answer'));
      else response.destroy();
    });
  });

  // Connection sockets carry Node's own error listener (a parse error is answered 400/431 and
  // the socket closed: its 'clientError' default); the listening socket gets this one.
  server.on('error', (error) => log(`bridge: server error: ${error.message}`));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refused = refusal(request, false);
    if (refused) {
      sendJson(response, 403, fail('unauthorized', `Refused: ${refused}`));
      return;
    }
    const url = parseRequestTarget(request.url);
    if (!url.ok) {
      sendJson(response, 400, fail('invalid_input', `Bad request: ${url.reason}`));
      return;
    }
    const isApi = url.pathname.startsWith('/api/');
    if (!isApi) {
      await serveStatic(url.decodedPath, request, response);
      return;
    }
    const media = /^\/api\/media\/(image|thumb)\/(\d+)$/.exec(url.pathname);
    // A region's crop (the triage grid): the region named by prediction and key, never a file.
    const crop = /^\/api\/media\/crop\/(\d+)\/([^/]+)$/.exec(url.pathname);
    if ((media || crop) && request.method === 'GET') {
      // <img> cannot send headers: media URLs carry the token in the query instead.
      if (!tokenMatches(url.query.get('token'))) {
        sendJson(response, 401, fail('unauthorized', 'Refused: missing or wrong bridge token'));
        return;
      }
      const session = () => options.app.services.session().workspace;
      if (media)
        await serveMedia(() => readMedia(session(), media[1] as MediaKind, Number(media[2])), response);
      else {
        // The whole path decoded already (parseRequestTarget), so its segment does too.
        const key = decodeURIComponent(crop![2]!);
        await serveMedia(
          () => readCrop(session(), options.app.services.crops, Number(crop![1]), key),
          response,
        );
      }
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!tokenMatches(bearer)) {
      sendJson(response, 401, fail('unauthorized', 'Refused: missing or wrong bridge token'));
      return;
    }
    if (url.pathname === '/api/upload' && request.method === 'POST') {
      await receiveUpload(request, response);
      return;
    }
    const match = /^\/api\/invoke\/([\w.-]+)$/.exec(url.pathname);
    if (!match || request.method !== 'POST') {
      sendJson(
        response,
        404,
        fail('unknown_command', `No such bridge endpoint: ${request.method} ${url.pathname}`),
      );
      return;
    }
    const body = await readBody(request);
    if (!body.ok) {
      sendJson(response, 400, body);
      return;
    }
    // Taken before the command runs: its answer has seen every event up to here (an event emitted
    // while it runs is at most reported as possibly missed, never lost).
    const cursor = formatEventCursor(options.app.bus.cursor);
    sendJson(response, 200, await options.app.dispatch(match[1], body.value), {
      [eventCursorHeader]: cursor,
    });
  }

  /**
   * A file dropped on the page (a browser never says where it lives): its bytes as the body, its
   * name URI-encoded in `X-Loupe-File-Name`; saved under the data folder and answered with where.
   */
  async function receiveUpload(request: IncomingMessage, response: ServerResponse) {
    let name: string;
    try {
      name = decodeURIComponent(String(request.headers['x-loupe-file-name'] ?? ''));
    } catch {
      name = '';
    }
    const bytes = await readBytes(request, maxUploadBytes);
    if (!name) {
      sendJson(response, 400, fail('invalid_input', 'Upload: the X-Loupe-File-Name header is missing'));
      return;
    }
    if (!bytes) {
      sendJson(response, 400, fail('invalid_input', `Upload: larger than ${maxUploadBytes} bytes`));
      return;
    }
    try {
      sendJson(response, 200, ok({ path: await saveUpload(options.app.services.dataDir, name, bytes) }));
    } catch (error) {
      if (!(error instanceof LoupeError)) throw error;
      sendJson(response, 400, fail(error.code, error.message));
    }
  }

  async function serveMedia(read: () => Promise<Media>, response: ServerResponse) {
    let media;
    try {
      media = await read();
    } catch (error) {
      const status = error instanceof LoupeError && error.code === 'not_found' ? 404 : 422;
      sendJson(
        response,
        status,
        fail(error instanceof LoupeError ? error.code : 'internal', (error as Error).message),
      );
      return;
    }
    response.writeHead(200, {
      'Content-Type': media.contentType,
      'Content-Length': media.bytes.length,
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(media.bytes);
  }

  async function serveStatic(pathname: string, request: IncomingMessage, response: ServerResponse) {
    if (!options.staticDir || (request.method !== 'GET' && request.method !== 'HEAD')) {
      sendJson(response, 404, fail('not_found', `Not found: ${pathname}`));
      return;
    }
    const root = resolve(options.staticDir);
    let file = resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + sep)) {
      sendJson(response, 404, fail('not_found', `Not found: ${pathname}`));
      return;
    }
    const info = await stat(file).catch(() => undefined);
    // Any path that is not a file is a client-side route: answer with the app.
    if (!info?.isFile()) file = resolve(root, 'index.html');
    const type = mimeTypes[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  // Events flow one way (main → page) and the page sends nothing, so a frame from it never needs
  // to be large; a larger one closes that connection with 1009 (ws enforces it before buffering).
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxClientFrameBytes });
  sockets.on('error', (error) => log(`bridge: event socket server error: ${error.message}`));
  server.on('upgrade', (request, socket, head) => {
    // Until ws takes the socket over (it adds its own listener), a reset must not be unhandled.
    const onSocketError = () => socket.destroy();
    socket.on('error', onSocketError);
    const url = parseRequestTarget(request.url);
    const refused = !url.ok
      ? url.reason
      : url.pathname !== '/api/events'
        ? 'no such endpoint'
        : (refusal(request, true) ??
          (tokenMatches(url.query.get('token')) ? undefined : 'missing or wrong bridge token'));
    if (refused) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nRefused: ${refused}\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      socket.off('error', onSocketError);
      sockets.emit('connection', ws);
    });
  });
  const unsubscribe = options.app.bus.subscribe((event, payload, seq) => {
    const message = JSON.stringify({ event, payload, seq });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
  });
  sockets.on('connection', (ws: WebSocket) => {
    // Subscribed from here on (events are sent to every open client): the page learns from which
    // event, so it can tell whether one fell before this socket opened (shared/eventCursor.ts).
    ws.send(JSON.stringify({ cursor: formatEventCursor(options.app.bus.cursor) }));
    // Events flow one way; anything a page sends is ignored.
    ws.on('message', () => {});
    // A malformed frame (too large, invalid UTF-8, unmasked, reserved opcode or RSV bits, a
    // fragmented control frame) or a reset: ws has already closed this connection with the
    // matching code (1009, 1007, 1002) or destroyed it. Only this one client is affected.
    ws.on('error', (error) => log(`bridge: event socket closed: ${error.message}`));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function isLoopback(socket: Socket): boolean {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: Result<unknown>,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Result<unknown>> {
  const bytes = await readBytes(request, maxBodyBytes);
  if (!bytes) return fail('invalid_input', `Request body exceeds ${maxBodyBytes} bytes`);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  // Depth and size are the dispatcher's check (both transports); this only parses.
  const parsed = parseJsonText(text);
  return parsed.ok ? parsed : fail('invalid_input', `Request body ${parsed.problem}`);
}

/** The body, or undefined when it is longer than `limit` bytes. */
async function readBytes(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  // Listeners, not for-await: leaving a for-await early destroys the socket, and the client gets
  // a reset instead of the answer. Past the limit the rest is read and dropped; the server's
  // request timeout bounds an endless body.
  const tooLarge = await new Promise<boolean>((resolveBody, reject) => {
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
    });
    request.on('end', () => resolveBody(over));
    request.on('error', reject);
  });
  return tooLarge ? undefined : Buffer.concat(chunks);
}
