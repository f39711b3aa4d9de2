// A bare Node static file server: the "main side" of the blank page (startup and memory floors).
// Prints its URL on the first line of stdout. Usage: node staticServer.ts <dir>
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: staticServer.ts <dir>');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer((request, response) => {
  const path = normalize(new URL(request.url ?? '/', 'http://local').pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
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
