import sharp from 'sharp';
import { startTestServer, testKey, type TestServer } from '../localApi/localApiTestServer.ts';
import type { LocalApiOptions } from '../../../electron/localApi/server/localApiServer.ts';
import { startTestPostgres, type TestPostgres } from '../../support/embeddedPostgres.ts';

/** The two collector backends every campaign test runs against. */
export type Backend = 'sqlite' | 'postgres';
export const backends: readonly Backend[] = ['sqlite', 'postgres'];

export interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
  headers: Headers;
}

export interface Collector {
  server: TestServer;
  /** One request with the given key (the lead's by default). */
  call(method: string, path: string, body?: unknown, key?: string): Promise<Answer>;
  addReviewer(id: string): Promise<string>;
  stop(): Promise<void>;
}

/** One PostgreSQL server per test file, a fresh database per collector. */
export class PostgresForTests {
  #server: TestPostgres | undefined;
  #databases = 0;

  async database(): Promise<string> {
    this.#server ??= await startTestPostgres();
    this.#databases += 1;
    return this.#server.createDatabase(`team_${this.#databases}`);
  }

  get server(): TestPostgres | undefined {
    return this.#server;
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }
}

export async function startCollector(
  backend: Backend,
  postgres: PostgresForTests,
  options: Partial<LocalApiOptions> = {},
): Promise<Collector> {
  const teamDatabase = backend === 'postgres' ? await postgres.database() : undefined;
  const server = await startTestServer({ ...(teamDatabase ? { teamDatabase } : {}), ...options });
  const call = async (method: string, path: string, body?: unknown, key = testKey): Promise<Answer> => {
    const answer = await server.call(method, path, body, { Authorization: `Key ${key}` });
    return { ...answer, json: (answer.json ?? {}) as Record<string, unknown> };
  };
  return {
    server,
    call,
    async addReviewer(id) {
      const answer = await call('POST', '/v2/team/reviewers', { reviewer: { id } });
      if (answer.status !== 200) throw new Error(`adding reviewer ${id}: ${answer.text}`);
      return String(answer.json['key']);
    },
    stop: () => server.stop(),
  };
}

/** A small real PNG, different per index, as base64. */
export async function pngBase64(index: number, width = 40, height = 30): Promise<string> {
  const bytes = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (index * 37) % 256, g: (index * 91) % 256, b: 120 },
    },
  })
    .png()
    .toBuffer();
  return bytes.toString('base64');
}

/** Two predicted regions per image: `face` (r1) and `logo` (r2). */
export const twoRegions = [
  { id: 'r1', box: { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 }, concept: 'face', score: 0.9 },
  { id: 'r2', box: { top: 0.5, left: 0.5, bottom: 0.9, right: 0.9 }, concept: 'logo', score: 0.6 },
];

export async function uploadedCampaign(
  id: string,
  count: number,
  policy: { policy: 'partitioned' } | { policy: 'overlap'; overlap: number },
  extra: Record<string, unknown> = {},
): Promise<{ campaign: Record<string, unknown> }> {
  const images = await Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      id: `img-${index + 1}`,
      base64: await pngBase64(index),
    })),
  );
  const predictions = Object.fromEntries(images.map((image) => [image.id, twoRegions]));
  return { campaign: { id, model_id: 'face-detection', ...policy, images, predictions, ...extra } };
}

export interface LeasedWire {
  id: string;
  slot: number;
  image: { url?: string; base64?: string };
  width?: number;
  height?: number;
  regions: { id: string; box: Record<string, number> }[];
}

export function leasedIds(answer: Answer): string[] {
  return (answer.json['images'] as LeasedWire[]).map((image) => image.id);
}
