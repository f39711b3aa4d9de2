import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultConfigInput } from '../../../electron/localApi/server/faultConfig.ts';
import { startTestServer, testKey, type TestServer } from './localApiTestServer.ts';

/** Fault injection over real HTTP: each fault as a client meets it, reproducible by seed. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function setFaults(config: FaultConfigInput): Promise<void> {
  const response = await server.call('POST', '/_loupe/faults', config);
  expect(response.status).toBe(200);
}

const feedback = (outputId: string) => ({
  input: { id: 'i', feedback_info: { event_type: 'annotation', output_id: outputId } },
});

/** What a client sees of one request: enough to tell every fault apart, except a drip from none. */
async function outcome(path = '/v2/models', init: RequestInit = {}, timeoutMs = 2_000): Promise<string> {
  try {
    const response = await fetch(server.api.baseUrl + path, {
      headers: { Authorization: `Key ${testKey}` },
      signal: AbortSignal.timeout(timeoutMs),
      ...init,
    });
    const text = await response.text();
    if (response.headers.get('content-type') === 'text/html') return `html ${response.status}`;
    try {
      const json = JSON.parse(text) as { status: { code: number } };
      return `${response.status} ${json.status.code}`;
    } catch {
      return `not json ${response.status}`;
    }
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'no answer' : 'connection broke';
  }
}

async function storedOutputIds(): Promise<string[]> {
  const listing = (await server.call('GET', '/_loupe/feedback')).json as { feedback: { outputId: string }[] };
  return listing.feedback.map((row) => row.outputId);
}

describe('fault kinds', () => {
  it('throttle: 429 with Retry-After in seconds, and 11005', async () => {
    await setFaults({ throttle: 1, retryAfterSeconds: 3 });
    const response = await fetch(`${server.api.baseUrl}/v2/models`, {
      headers: { Authorization: `Key ${testKey}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({
      status: { code: 11005, description: 'Making too many requests' },
    });
  });

  it('throttle: Retry-After as an HTTP date', async () => {
    await setFaults({ throttle: 1, retryAfter: 'date', retryAfterSeconds: 5 });
    const response = await fetch(`${server.api.baseUrl}/v2/models`, {
      headers: { Authorization: `Key ${testKey}` },
    });
    const at = Date.parse(response.headers.get('retry-after') ?? '');
    expect(at - Date.now()).toBeGreaterThan(3_000);
    expect(at - Date.now()).toBeLessThan(7_000);
  });

  it.each([
    [{ throttleInBody: 1 }, '200 11005'],
    [{ html: 1 }, 'html 502'],
    [{ reset: 1 }, 'connection broke'],
    [{ hang: 1 }, 'no answer'],
  ] as const)('%o before handling: the client sees %s, nothing is stored', async (config, seen) => {
    await setFaults(config);
    const before = await storedOutputIds();
    const body = JSON.stringify(feedback(`fault-${seen}`));
    // A hang is only ever ended by the client: give up sooner than for the others.
    const timeoutMs = seen === 'no answer' ? 300 : 2_000;
    expect(
      await outcome(
        '/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback',
        { method: 'POST', body },
        timeoutMs,
      ),
    ).toBe(seen);
    expect(await storedOutputIds()).toEqual(before);
  });

  it('server errors are 5xx with a retryable code', async () => {
    await setFaults({ serverError: 1, seed: 3 });
    for (let i = 0; i < 6; i++) expect(await outcome()).toMatch(/^50[03] (98004|40031|10030)$/);
  });

  it.each([
    [{ truncate: 1 }, 'connection broke'],
    [{ invalidJson: 1 }, 'not json 200'],
  ] as const)('%o after handling: the client sees %s, but the feedback was stored', async (config, seen) => {
    await setFaults(config);
    const body = JSON.stringify(feedback(`damaged-${seen}`));
    expect(
      await outcome('/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback', { method: 'POST', body }),
    ).toBe(seen);
    await setFaults({});
    expect(await storedOutputIds()).toContain(`damaged-${seen}`);
  });

  it('latency and drip slow the answer down, which still arrives whole', async () => {
    await setFaults({ latencyMs: 150 });
    let started = Date.now();
    expect(await outcome()).toBe('200 10000');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);

    await setFaults({ drip: 1, dripIntervalMs: 20 });
    started = Date.now();
    expect(await outcome()).toBe('200 10000');
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 * 5);
  });

  it('never touches the /_loupe endpoints', async () => {
    await setFaults({ reset: 1 });
    expect((await server.call('GET', '/_loupe/feedback')).status).toBe(200);
    expect((await server.call('GET', '/_loupe/aggregates')).status).toBe(200);
    await setFaults({});
  });

  it('refuses settings whose shares add up to more than 1', async () => {
    const response = await server.call('POST', '/_loupe/faults', { reset: 0.6, hang: 0.6 });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ status: { code: 11102 } });
  });
});

describe('reproducible by seed', () => {
  const mix = {
    serverError: 0.1,
    throttle: 0.1,
    throttleInBody: 0.1,
    reset: 0.1,
    html: 0.1,
    truncate: 0.1,
    invalidJson: 0.1,
    drip: 0.1,
    dripIntervalMs: 1,
  };

  async function sequence(seed: number): Promise<{ seen: string[]; kinds: string[] }> {
    await setFaults({ ...mix, seed });
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) seen.push(await outcome());
    const { decisions } = (await server.call('GET', '/_loupe/faults')).json as {
      decisions: { kind: string }[];
    };
    return { seen, kinds: decisions.map((decision) => decision.kind) };
  }

  it('the same seed gives the same faults for the same requests; another seed others', async () => {
    const first = await sequence(42);
    const again = await sequence(42);
    const other = await sequence(7);
    expect(again).toEqual(first);
    expect(new Set(first.seen).size).toBeGreaterThan(4);
    expect(other.kinds).not.toEqual(first.kinds);
    await setFaults({});
  });
});

describe('the fault settings endpoint', () => {
  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

  it.skipIf(!lanAddress)('takes changes from this machine only', async () => {
    const exposed = await startTestServer({ host: '0.0.0.0' });
    try {
      const fromNetwork = await fetch(
        `http://${lanAddress}:${new URL(exposed.api.baseUrl).port}/_loupe/faults`,
        {
          method: 'POST',
          headers: { Authorization: `Key ${testKey}` },
          body: JSON.stringify({ reset: 1 }),
        },
      );
      expect(fromNetwork.status).toBe(403);
      expect((await exposed.call('POST', '/_loupe/faults', { reset: 0.5 })).status).toBe(200);
    } finally {
      await exposed.stop();
    }
  });
});
