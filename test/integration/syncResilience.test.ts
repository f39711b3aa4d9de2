import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/main/store/settingsStore.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { runCli, startServe, type ServedApi, cliPath } from '../support/cliProcess.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { spawn } from 'node:child_process';

const temp = makeTempDir('loupe-sync-');
const key = 'sync-resilience-key-0123456789ab';
const servers: ServedApi[] = [];
afterAll(() => {
  for (const server of servers) server.stop();
  temp.cleanup();
});

interface Listed {
  requestId: string | null;
  deliveries: number;
}

/** A client data folder with `count` search-click items queued and fast sync settings. */
function clientWith(
  name: string,
  count: number,
  pace: { rateLimitPerSecond: number; concurrency: number },
): { dataDir: string; requestIds: Set<string> } {
  const dataDir = join(temp.dir, name);
  const settings = new SettingsStore(join(dataDir, 'settings.sqlite'));
  settings.set(pace);
  settings.close();
  const workspace = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
  const requestIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const item = workspace.outbox.enqueueSearchFeedback(null, {
      input: {
        id: `input-${i}`,
        feedback_info: { event_type: 'search_click', search_id: `search-${i % 7}` },
      },
    });
    requestIds.add(item.requestId);
  }
  workspace.close();
  return { dataDir, requestIds };
}

async function listed(server: ServedApi): Promise<Listed[]> {
  const all: Listed[] = [];
  for (let after = 0; ;) {
    const page = await server.inspect<{ feedback: (Listed & { seq: number })[] }>(
      `/_loupe/feedback?after=${after}&limit=1000`,
    );
    all.push(...page.feedback);
    if (page.feedback.length < 1000) return all;
    after = page.feedback.at(-1)!.seq;
  }
}

function outboxOf(dataDir: string) {
  const workspace = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
  const counts = workspace.outbox.counts();
  const maxAttempts = Number(workspace.db.prepare('SELECT max(attempts) AS n FROM outbox').get()?.['n'] ?? 0);
  workspace.close();
  return { counts, maxAttempts };
}

describe('sync under faults and crashes', () => {
  const items = size(1000, 3000);
  it(`delivers ${items} items through 5xx, 429 with Retry-After, resets and hangs: each stored once`, async () => {
    const server = await startServe(join(temp.dir, 'faulty-server'), key, [
      '--faults',
      'server-error=0.2,throttle=0.1,reset=0.05,hang=0.01,retry-after-seconds=1,seed=11',
    ]);
    servers.push(server);
    const { dataDir, requestIds } = clientWith('faulty-client', items, {
      rateLimitPerSecond: 1000,
      concurrency: 8,
    });
    const result = await runCli(['sync', '--data-dir', dataDir, '--endpoint', server.baseUrl, '--json'], {
      LOUPE_API_KEY: key,
      LOUPE_REQUEST_TIMEOUT_MS: '1500',
    });
    expect(result.code, result.stderr).toBe(0);
    const feedback = await listed(server);
    expect(feedback).toHaveLength(items);
    expect(new Set(feedback.map((item) => item.requestId))).toEqual(requestIds);
    const { counts, maxAttempts } = outboxOf(dataDir);
    expect(counts).toMatchObject({ delivered: items, pending: 0, failed: 0 });
    // Bounded: with these fault rates no item needs more than a handful of attempts.
    expect(maxAttempts).toBeLessThan(15);
  }, 300_000);

  const crashes = size(20, 200);
  it(`survives kill -9 of loupe sync at ${crashes} random moments: every item delivered, none stored twice`, async () => {
    const server = await startServe(join(temp.dir, 'crash-server'), key, [
      '--faults',
      'latency-ms=20,seed=3',
    ]);
    servers.push(server);
    // Paced so that the sync is still running when each kill comes.
    // Enough items that the sync is still running at the last kill (≈ 12 are delivered per trial).
    const total = Math.max(500, crashes * 25);
    const { dataDir, requestIds } = clientWith('crash-client', total, {
      rateLimitPerSecond: 60,
      concurrency: 2,
    });
    const sync = () =>
      spawn(process.execPath, [cliPath, 'sync', '--data-dir', dataDir, '--endpoint', server.baseUrl], {
        env: { ...process.env, LOUPE_API_KEY: key },
        stdio: 'ignore',
      });
    let deliveredBeforeLastKill = 0;
    for (let trial = 0; trial < crashes; trial++) {
      const child = sync();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 500));
      child.kill('SIGKILL');
      await exited;
      deliveredBeforeLastKill = outboxOf(dataDir).counts.delivered;
    }
    // The kills came mid-sync: some items were delivered, not all.
    expect(deliveredBeforeLastKill).toBeGreaterThan(0);
    expect(deliveredBeforeLastKill).toBeLessThan(total);
    const final = await runCli(['sync', '--data-dir', dataDir, '--endpoint', server.baseUrl, '--json'], {
      LOUPE_API_KEY: key,
    });
    expect(final.code, final.stderr).toBe(0);
    const feedback = await listed(server);
    expect(feedback).toHaveLength(total);
    expect(new Set(feedback.map((item) => item.requestId))).toEqual(requestIds);
    expect(outboxOf(dataDir).counts).toMatchObject({ delivered: total, pending: 0, failed: 0 });
  }, 300_000);
});
