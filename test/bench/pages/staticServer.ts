// A bare Node static file server: the "main side" of the blank page (startup and memory floors).
// Prints its URL on the first line of stdout. Usage: node staticServer.ts <dir> [<node_modules>]
// With a second folder, /node_modules/… is served from it: the peer pages of the canvas benchmark
// load Label Studio and Annotorious from the installed packages, never from a copy.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const root = process.argv[2];
const modules = process.argv[3];
if (!root) throw new Error('usage: staticServer.ts <dir> [<node_modules>]');
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
};
const modulesPrefix = '/node_modules/';

const server = createServer((request, response) => {
  const path = normalize(new URL(request.url ?? '/', 'http://local').pathname).replace(/^(\.\.[/\\])+/, '');
  const file =
    modules && path.startsWith(modulesPrefix)
      ? join(modules, path.slice(modulesPrefix.length))
      : join(root, path.endsWith('/') ? `${path}index.html` : path);
  readFile(file).then(
    (body) => {
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    },
    () => {
      response.writeHead(404);
      response.end();
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
