import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../../../electron/localApi/images/decodeImage.ts';
import type { ModelRunner } from '../../../electron/localApi/models/modelRunner.ts';
import {
  startLocalApi,
  type LocalApi,
  type LocalApiOptions,
} from '../../../electron/localApi/server/localApiServer.ts';

export const testKey = 'local-api-test-key-5b1e';

/**
 * Stand-in models for tests about the server rather than the models: images are checked exactly
 * as the real runner checks them (decodeImage), then every image has one face and one person.
 */
export const cannedModels: ModelRunner = {
  async detectFaces(image) {
    await decodeImage(image);
    return [{ box: { top: 0.1, left: 0.2, bottom: 0.5, right: 0.6 }, score: 0.98 }];
  },
  async detectObjects(image) {
    await decodeImage(image);
    return [
      { label: 'person', score: 0.9, box: { top: 0.1, left: 0.1, bottom: 0.9, right: 0.5 } },
      { label: 'dog', score: 0.4, box: { top: 0.5, left: 0.5, bottom: 0.9, right: 0.9 } },
    ];
  },
  close: () => Promise.resolve(),
};

export interface TestServer {
  api: LocalApi;
  dataDir: string;
  /** One request with the test key (unless headers say otherwise); the body as text and parsed. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestServer(options: Partial<LocalApiOptions> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loupe-local-api-'));
  const api = await startLocalApi({ dataDir, key: testKey, modelRunner: cannedModels, ...options });
  return {
    api,
    dataDir,
    async call(method, path, body, headers = {}) {
      const response = await fetch(api.baseUrl + path, {
        method,
        headers: { Authorization: `Key ${testKey}`, 'Content-Type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: response.headers };
    },
    async stop() {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
