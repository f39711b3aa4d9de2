import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../electron/main/clarifai/clarifaiClient.ts';
import { PlatformClient } from '../../electron/main/clarifai/platformClient.ts';

const key = 'pat-0123456789abcdef-secret';
// A server that echoes the key it was sent inside a per-item status of a mixed batch.
const server = createServer((request, response) => {
  const echoed = String(request.headers.authorization ?? '');
  response.writeHead(207, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({
      status: { code: 10010, description: 'Mixed status' },
      annotations: [{ id: 'a1', status: { code: 24155, description: `refused for ${echoed}` } }],
    }),
  );
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('platform answers never carry the key', () => {
  it('a per-item status that echoes the key reaches the caller with the key replaced', async () => {
    const { port } = server.address() as AddressInfo;
    const client = new ClarifaiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 5000,
      getKey: () => key,
    });
    const answer = await new PlatformClient(client, { userId: 'me', appId: 'loupe' }).postAnnotations([
      { id: 'a1', input_id: 'i1', data: { concepts: [{ id: 'c', value: 1 }] } },
    ]);
    expect(JSON.stringify(answer)).not.toContain(key);
    expect(answer.annotations[0]!.status!.description).toContain('[key]');
  });
});
