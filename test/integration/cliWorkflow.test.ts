import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import { cliPath, runCli, startServe, type ServedApi } from '../support/cliProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { sampleImage } from '../support/seedWorkspace.ts';

const temp = makeTempDir('loupe-cli-');
const key = 'cli-workflow-key-0123456789abcdef';
const faceModel = 'a403429f2ddf4b49b307e318f00e528b';
const servers: ServedApi[] = [];
afterAll(() => {
  for (const server of servers) server.stop();
  temp.cleanup();
});

interface Listed {
  requestId: string | null;
  outputId: string | null;
  body: string;
  deliveries: number;
}

describe('the loupe CLI, end to end against loupe serve', () => {
  it('import → predict → review --accept-all → submit → sync delivers exactly the queued feedback', async () => {
    const server = await startServe(join(temp.dir, 'server'), key);
    servers.push(server);
    const common = ['--data-dir', join(temp.dir, 'client'), '--endpoint', server.baseUrl, '--json'];
    const env = { LOUPE_API_KEY: key };

    const photos = ([1, 2, 3, 4, 5, 6] as const).map((n) => sampleImage(n));
    const imported = await runCli(['import', ...photos, ...common], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: 6, duplicates: 0, failed: [] });

    const predicted = await runCli(['predict', '--model', faceModel, ...common], env);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(JSON.parse(predicted.stdout)).toMatchObject({ done: 6, failed: 0, queued: 0 });

    const reviewed = await runCli(['review', '--accept-all', ...common], env);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    // SSD MobileNet finds 3, 3, 3, 4, 5, 4 faces in the six samples.
    expect(JSON.parse(reviewed.stdout)).toEqual({ predictions: 6, accepted: 22 });

    const submitted = await runCli(['submit', ...common], env);
    expect(JSON.parse(submitted.stdout)).toEqual({ queued: 6 });

    const synced = await runCli(['sync', ...common], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ state: 'idle', delivered: 6, pending: 0, failed: 0 });

    // The server holds exactly the bodies in the outbox, once each.
    const workspace = new Workspace(join(temp.dir, 'client', 'workspaces', 'default.loupe.sqlite'));
    const queued = workspace.outbox.list();
    workspace.close();
    const { feedback } = await server.inspect<{ feedback: Listed[] }>('/_loupe/feedback');
    expect(feedback).toHaveLength(6);
    expect(new Map(feedback.map((item) => [item.requestId, JSON.parse(item.body) as unknown]))).toEqual(
      new Map(queued.map((item) => [item.requestId, item.body])),
    );
    for (const item of feedback) {
      const body = JSON.parse(item.body) as {
        input: { data: { regions: { region_info: { feedback: string } }[] } };
      };
      expect(body.input.data.regions.every((region) => region.region_info.feedback === 'accurate')).toBe(
        true,
      );
    }

    const status = await runCli(['status', ...common], env);
    expect(JSON.parse(status.stdout)).toMatchObject({
      images: 6,
      byStatus: { done: 6 },
      outbox: { delivered: 6 },
    });
  }, 180_000);

  it('a bad key stops the sync with the 401 code and description, and nothing is marked delivered', async () => {
    const server = await startServe(join(temp.dir, 'server-badkey'), key);
    servers.push(server);
    const dataDir = join(temp.dir, 'client-badkey');
    const workspace = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
    for (let i = 0; i < 3; i++) {
      workspace.outbox.enqueueSearchFeedback(null, {
        input: { id: `in-${i}`, feedback_info: { event_type: 'search_click', search_id: 'search-1' } },
      });
    }
    workspace.close();
    const result = await runCli(['sync', '--data-dir', dataDir, '--endpoint', server.baseUrl], {
      LOUPE_API_KEY: 'definitely-not-the-key',
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/401/);
    expect(result.stdout).toMatch(/11009|CONN_KEY_NOT_FOUND/);
    expect(result.stdout).not.toContain('definitely-not-the-key');
    const after = new Workspace(join(dataDir, 'workspaces', 'default.loupe.sqlite'));
    expect(after.outbox.counts()).toMatchObject({ pending: 3, delivered: 0 });
    after.close();
    const { feedback } = await server.inspect<{ feedback: Listed[] }>('/_loupe/feedback');
    expect(feedback).toHaveLength(0);
  }, 60_000);

  it('loupe serve takes its key from a file, so it never shows on a command line', async () => {
    const keyFile = join(temp.dir, 'serve-key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'serve',
        '--port',
        '0',
        '--data-dir',
        join(temp.dir, 'server-keyfile'),
        '--key-file',
        keyFile,
        '--quiet',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    servers.push({ stop: () => void child.kill('SIGKILL') } as ServedApi);
    let baseUrl: string | undefined;
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      baseUrl ??= /^Base URL: (\S+)$/.exec(line)?.[1];
      if (line.startsWith('Data folder:')) break;
    }
    expect(lines.join('\n')).toContain('Key: the one given with --key-file');
    expect(lines.join('\n')).not.toContain(key);
    const answer = await fetch(`${baseUrl}/v2/models`, { headers: { Authorization: `Key ${key}` } });
    expect(answer.status).toBe(200);
    const refused = await runCli(['serve', '--key', key, '--key-file', keyFile, '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not both');
  }, 60_000);

  it('import --predictions and export go through the contract: the report, the model by name, the file written', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/interop/coco/', import.meta.url));
    const photos = join(temp.dir, 'coco-photos');
    mkdirSync(photos);
    copyFileSync(sampleImage(1), join(photos, '000000000042.jpg'));
    const common = ['--data-dir', join(temp.dir, 'coco-client'), '--json'];

    expect((await runCli(['import', photos, ...common])).code).toBe(0);
    const imported = await runCli([
      'import',
      '--predictions',
      join(fixtures, 'results.json'),
      '--classes',
      join(fixtures, 'categories.json'),
      '--model',
      'detr on val2017',
      ...common,
    ]);
    // The list's images 73 and 999 are not in the workspace: partial.
    expect(imported.code, imported.stderr).toBe(3);
    const report = JSON.parse(imported.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      models: ['detr on val2017'],
      imagesMatched: 1,
      predictions: 1,
      regions: 2,
    });
    expect(report).not.toHaveProperty('imageIds');

    // Exports hold reviewed images only.
    expect(await runCli(['review', '--accept-all', ...common])).toMatchObject({ code: 0 });
    const out = join(temp.dir, 'coco-out.json');
    const exported = await runCli(['export', '--format', 'coco-log', '--out', out, ...common]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ file: out, files: 1 });
    const coco = JSON.parse(readFileSync(out, 'utf8')) as { annotations: { score?: number }[] };
    expect(coco.annotations.map((annotation) => annotation.score).sort()).toEqual([0.236, 0.981]);

    // Clarifai JSON out of one workspace and into another, through the CLI both ways.
    const clarifaiOut = join(temp.dir, 'clarifai-log.json');
    const clarifai = await runCli(['export', '--format', 'clarifai-log', '--out', clarifaiOut, ...common]);
    expect(clarifai.code, clarifai.stderr).toBe(0);
    const other = ['--data-dir', join(temp.dir, 'clarifai-client'), '--json'];
    expect((await runCli(['import', photos, ...other])).code).toBe(0);
    const back = await runCli(['import', '--predictions', clarifaiOut, ...other]);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      format: 'clarifai',
      models: ['detr on val2017'],
      predictions: 1,
      regions: 2,
      verdicts: 2,
    });

    // The handler's answer to a bad --out is a usage error naming the folder.
    const wrong = await runCli([
      'export',
      '--format',
      'coco',
      '--out',
      join(temp.dir, 'missing', 'x.json'),
      ...common,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('missing');
  }, 120_000);
});
