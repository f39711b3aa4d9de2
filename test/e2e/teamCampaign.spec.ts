import { expect, test, type Browser } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensureSampleSet } from '../../electron/localApi/samples/sampleSet.ts';
import { teamResults, type ResultsReview } from '../../shared/team/teamResults.ts';
import type { PredictedVerdict } from '../../shared/team/teamWire.ts';
import { runCli, startServe } from '../support/cliProcess.ts';
import { validateCoco } from '../support/cocoValidator.ts';
import { startTestPostgres } from '../support/embeddedPostgres.ts';
import { startLoupe } from '../support/loupeProcess.ts';
import { startTcpProxy } from '../support/tcpProxy.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';
import { TeamPage } from './pages/TeamPage.ts';

/**
 * Issue 17's team review end to end (docs/team-collector.md, "The app"): a collector (`loupe
 * serve`, on PostgreSQL or on its SQLite default), a campaign of the 18 sample images with overlap
 * 2 and two gold images; alice and bob review in the app (each its own `loupe app` and page), carol
 * through the CLI; alice loses her network for her second batch. The lead's Team screen then shows
 * each reviewer's counts, kappa, gold accuracy and the disagreements, by name, and the merged
 * export says what was reviewed.
 */

const leadKey = 'team-e2e-lead-key-0123456789abcdef';
const boxes = {
  r1: { top: 0.1, left: 0.1, bottom: 0.45, right: 0.45 },
  r2: { top: 0.55, left: 0.55, bottom: 0.9, right: 0.9 },
};
const predicted = [
  { id: 'r1', box: boxes.r1, concept: 'face', score: 0.9 },
  { id: 'r2', box: boxes.r2, concept: 'face', score: 0.9 },
];
const names = { alice: 'Alice Archer', bob: 'Bob Baker', carol: 'Carol Cruz' } as const;
type Reviewer = keyof typeof names;
/** What each reviewer rejects (false positive), by image position in the campaign: the rest is accepted. */
type Rejects = Partial<Record<number, 'r1' | 'r2'>>;

const cleanups: (() => unknown)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appPage(browser: Browser, dataDir: string) {
  const loupe = await startLoupe({ dataDir, env: { LOUPE_REQUEST_TIMEOUT_MS: '5000' }, timeoutMs: 60_000 });
  cleanups.push(() => loupe.stop());
  // Tall enough that the image list shows all 18 rows (it renders only the rows in view).
  const context = await browser.newContext({ viewport: { width: 1280, height: 1500 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const team = new TeamPage(page);
  await team.open(loupe.url);
  return { page, team, review: new ReviewPage(page) };
}

/** Reviews the app's images of these campaign ids by mouse and keyboard, image by image ("d"). */
async function reviewInApp(
  app: Awaited<ReturnType<typeof appPage>>,
  ids: readonly string[],
  rejects: Rejects,
  position: (id: string) => number,
): Promise<void> {
  await app.team.screen('Review');
  const { items } = await app.review.invoke('images.list', { offset: 0, limit: 100 });
  const bySource = new Map(items.map((item) => [basename(item.source), item]));
  for (const id of ids) {
    const image = bySource.get(id);
    if (!image) throw new Error(`the app has no image ${id}`);
    await app.review.imageRow(image.id).click();
    await app.review.waitForImage(image.id);
    await app.review.canvas.focus();
    const reject = rejects[position(id)];
    if (reject) {
      await app.review.clickRegion(boxes[reject]);
      await expect(app.review.selectedRegion).toBeVisible();
      await app.review.press('x');
    }
    await app.review.press('Shift+A');
    await app.review.settled();
    await app.review.press('d');
    await expect(app.review.imageRow(image.id)).toHaveAttribute('data-status', /queued|done/);
  }
}

function reviewsOf(
  reviewer: Reviewer,
  ids: readonly string[],
  rejects: Rejects,
  position: (id: string) => number,
) {
  return ids.map((imageId): ResultsReview => ({
    imageId,
    reviewerId: reviewer,
    kind: 'counted',
    submittedAt: '2026-01-01T00:00:00.000Z',
    regions: predicted.map((region) => ({
      id: region.id,
      verdict: rejects[position(imageId)] === region.id ? 'false_positive' : 'accurate',
    })),
  }));
}

const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(2));

for (const backend of ['postgres', 'sqlite'] as const) {
  test(`a team campaign on ${backend}: three reviewers (two in the app, one offline for a while, one by CLI), the lead's results and merged export`, async ({
    browser,
  }) => {
    test.setTimeout(480_000);
    const temp = makeTempDir(`loupe-e2e-team-${backend}-`);
    cleanups.push(temp.cleanup);
    const database: string[] = [];
    if (backend === 'postgres') {
      const postgres = await startTestPostgres();
      cleanups.push(() => postgres.stop());
      database.push('--database', await postgres.createDatabase('team_e2e'));
    }
    const collector = await startServe(join(temp.dir, 'collector'), leadKey, database);
    cleanups.push(() => collector.stop());
    const asLead = async (args: string[]) => {
      const result = await runCli(['campaign', ...args, '--collector', collector.baseUrl], {
        LOUPE_API_KEY: leadKey,
      });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };

    // The campaign: the sample set (6 photos, 12 logos) uploaded in a fixed order, two imported
    // regions per image, gold on the 4th and the 12th.
    const samples = await ensureSampleSet(join(temp.dir, 'samples'));
    const upload = join(temp.dir, 'upload');
    mkdirSync(upload);
    const ids = [...samples.photos, ...samples.logos].map((file, index) => {
      const id = `${String(index + 1).padStart(2, '0')}-${basename(file)}`;
      copyFileSync(file, join(upload, id));
      return id;
    });
    expect(ids).toHaveLength(18);
    const position = (id: string) => ids.indexOf(id);
    const gold: Record<string, Record<string, PredictedVerdict>> = {
      [ids[3]!]: { r1: 'accurate', r2: 'accurate' },
      [ids[11]!]: { r1: 'accurate', r2: 'accurate' },
    };
    writeFileSync(
      join(temp.dir, 'predictions.json'),
      JSON.stringify(Object.fromEntries(ids.map((id) => [id, predicted]))),
    );
    writeFileSync(join(temp.dir, 'gold.json'), JSON.stringify(gold));
    await asLead([
      'create',
      'spring',
      '--name',
      'Spring faces',
      '--model',
      'face-detection',
      '--policy',
      'overlap',
      '--overlap',
      '2',
      '--upload',
      upload,
      '--predictions',
      join(temp.dir, 'predictions.json'),
      '--gold',
      join(temp.dir, 'gold.json'),
    ]);
    const keys = {} as Record<Reviewer, string>;
    for (const reviewer of Object.keys(names) as Reviewer[]) {
      const out = await asLead(['reviewer', 'add', reviewer, '--name', names[reviewer], '--json']);
      keys[reviewer] = (JSON.parse(out) as { key: string }).key;
    }

    // Alice reaches the collector through a relay the test can cut (her network alone).
    const relay = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(collector.baseUrl).port) });
    cleanups.push(() => relay.close());
    const alice = await appPage(browser, join(temp.dir, 'alice'));
    await alice.team.connect(relay.url, 'spring', keys.alice);
    const bob = await appPage(browser, join(temp.dir, 'bob'));
    await bob.team.connect(collector.baseUrl, 'spring', keys.bob);
    const carolDir = join(temp.dir, 'carol');
    const asCarol = async (args: string[]) => {
      const result = await runCli([...args, '--data-dir', carolDir], { LOUPE_API_KEY: keys.carol });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      return result.stdout;
    };

    // Pulls: overlap 2 hands alice and bob the first ten images (a different slot each), carol the
    // last eight; alice's second batch, once her first is done, is the last eight again.
    const first = ids.slice(0, 10);
    const last = ids.slice(10);
    expect(await alice.team.pullNextBatch()).toContain('Pulled 10 new image(s)');
    expect(await bob.team.pullNextBatch()).toContain('Pulled 10 new image(s)');
    const carolPull = JSON.parse(
      await asCarol([
        'campaign',
        'pull',
        'spring',
        '--collector',
        collector.baseUrl,
        '--max',
        '10',
        '--json',
      ]),
    ) as { added: number };
    expect(carolPull.added).toBe(8);

    const rejects: Record<Reviewer, Rejects> = {
      alice: { 0: 'r1', 1: 'r1', 2: 'r1', 10: 'r2' },
      bob: { 0: 'r1', 1: 'r1', 3: 'r1', 4: 'r1' },
      carol: {},
    };
    await reviewInApp(alice, first, rejects.alice, position);
    await alice.team.screen('Team');
    await expect(alice.team.delivered).toContainText('10', { timeout: 60_000 });
    expect(await alice.team.pullNextBatch()).toContain('Pulled 8 new image(s)');

    // Alice goes offline and reviews her second batch: it waits in her outbox.
    relay.cut();
    await reviewInApp(alice, last, rejects.alice, position);
    await expect(alice.page.getByTestId('offline-banner')).toBeVisible({ timeout: 60_000 });
    await alice.team.screen('Team');
    await expect(alice.team.submitted).toContainText('8');
    await expect(alice.team.delivered).toContainText('10');

    // Meanwhile bob reviews in his app, carol from the command line.
    await reviewInApp(bob, first, rejects.bob, position);
    await bob.team.screen('Team');
    await expect(bob.team.delivered).toContainText('10', { timeout: 60_000 });
    await asCarol(['review', '--accept-all']);
    await asCarol(['submit']);
    expect(await asCarol(['sync'])).toContain('8 delivered');

    // Alice is back: her reviews go out by themselves (Retry all spares the wait for the backoff).
    relay.restore();
    await alice.team.screen('Queue');
    await alice.page.getByRole('button', { name: 'Retry all' }).click();
    await expect(alice.team.syncIndicator).toContainText('0 pending', { timeout: 120_000 });
    await expect(alice.page.getByTestId('offline-banner')).toBeHidden();
    await alice.team.screen('Team');
    await expect(alice.team.delivered).toContainText('18');

    // What the lead must see, from what the test itself had each reviewer do.
    const expected = teamResults(
      ids.map((id) => ({ id, regions: predicted, gold: gold[id] ?? null, slots: 2, doneSlots: 2 })),
      [
        ...reviewsOf('alice', [...first, ...last], rejects.alice, position),
        ...reviewsOf('bob', first, rejects.bob, position),
        ...reviewsOf('carol', last, rejects.carol, position),
      ],
    );
    expect(expected.disagreements).toHaveLength(4);

    const lead = await appPage(browser, join(temp.dir, 'lead'));
    await lead.team.connect(collector.baseUrl, 'spring', leadKey);
    await lead.team.screen('Team');
    await expect(lead.team.lead).toBeVisible();
    await expect(lead.page.getByTestId('team-counted')).toContainText('36');
    await expect(lead.page.getByTestId('team-complete')).toContainText('18');
    await expect(lead.page.getByTestId('team-fleiss')).toContainText(fixed(expected.agreement.fleissKappa));
    for (const reviewer of expected.reviewers) {
      const row = lead.team.reviewerRow(reviewer.id);
      await expect(lead.team.cell(row, 'name')).toHaveText(names[reviewer.id as Reviewer]);
      await expect(lead.team.cell(row, 'counted')).toHaveText(String(reviewer.counted));
      await expect(lead.team.cell(row, 'kappa')).toHaveText(fixed(reviewer.kappaWithOthers));
      await expect(lead.team.cell(row, 'gold')).toHaveText(
        `${Math.round(reviewer.gold.accuracy! * 100)} % (${reviewer.gold.correct}/${reviewer.gold.judged})`,
      );
    }
    expect(
      expected.reviewers.map((reviewer) => [reviewer.id, reviewer.counted, reviewer.gold.correct]),
    ).toEqual([
      ['alice', 18, 4],
      ['bob', 10, 1],
      ['carol', 8, 2],
    ]);
    const rows = lead.team.disagreements.locator('tbody tr');
    await expect(rows).toHaveCount(expected.disagreements.length);
    for (const item of expected.disagreements) {
      const row = lead.team.disagreements.locator(
        `tr[data-image="${item.imageId}"][data-region="${item.regionId}"]`,
      );
      const said = Object.entries(item.verdicts)
        .map(([reviewer, verdict]) => `${names[reviewer as Reviewer]}: ${verdict.replace('_', ' ')}`)
        .sort()
        .join(', ');
      await expect(row.locator('[data-cell="verdicts"]')).toHaveText(said);
    }

    // The merged export from the lead's screen: each image's verdicts are the majority of what was done.
    await lead.page.getByRole('button', { name: 'Export merged result' }).click();
    await expect(lead.team.exported).toBeVisible({ timeout: 30_000 });
    const file = /to (.+)$/.exec((await lead.team.exported.textContent()) ?? '')?.[1];
    expect(file).toBeDefined();
    const exported = JSON.parse(readFileSync(file!, 'utf8')) as {
      images: {
        imageId: string;
        reviewers: string[];
        regions: { regionId: string; verdict: string | null }[];
      }[];
    };
    const verdicts = (images: typeof exported.images) =>
      images.map((image) => ({
        imageId: image.imageId,
        reviewers: [...image.reviewers].sort(),
        regions: image.regions.map((region) => [region.regionId, region.verdict]),
      }));
    expect(verdicts(exported.images)).toEqual(verdicts(expected.merged));
    // And COCO by the lead's CLI: every merged box that is not a false positive or a tie.
    const coco = JSON.parse(await asLead(['export', 'spring', '--format', 'coco'])) as {
      annotations: unknown[];
    };
    expect(validateCoco(coco)).toEqual([]);
    const kept = expected.merged.flatMap((image) =>
      image.regions.filter((region) => region.verdict === 'accurate' || region.verdict === 'misplaced'),
    );
    expect(coco.annotations).toHaveLength(kept.length);
  });
}
