import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadRecordedPredictions,
  RecordedPredictionsError,
  sha256Hex,
} from '../../../../../electron/localApi/samples/recordedPredictions.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const region = {
  id: 'r1',
  box: { top: 0.1, left: 0.2, bottom: 0.4, right: 0.6 },
  concepts: [{ id: 'brand_kilnworth', name: 'Kilnworth', value: 0.9 }],
};

/** Writes a manifest (and the images it names) into a fresh folder; returns the manifest's path. */
function writeSet(name: string, manifest: unknown, images: Record<string, string> = {}): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(images)) writeFileSync(join(dir, file), content);
  const file = join(dir, 'manifest.json');
  writeFileSync(file, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return file;
}

const imported = (predictions: unknown[]) => ({
  format: 'loupe-recorded-predictions',
  version: 1,
  model: { id: 'c443119bf2ed4da98487520d01a0b1e3', name: 'logo' },
  predictions,
});

async function loadError(file: string): Promise<string> {
  const error: unknown = await loadRecordedPredictions(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RecordedPredictionsError);
  return (error as Error).message;
}

describe('recorded predictions files', () => {
  it('serves predictions imported from a file, found by the content of their images', async () => {
    const file = writeSet(
      'imported',
      imported([{ file: 'shelf.jpg', regions: [region] }, { file: 'b.jpg' }]),
      {
        'shelf.jpg': 'pretend JPEG bytes of a shelf',
        'b.jpg': 'pretend JPEG bytes of something else',
      },
    );
    const recorded = await loadRecordedPredictions(file);
    expect(recorded.model.id).toBe('c443119bf2ed4da98487520d01a0b1e3');
    const found = recorded.findByImage(Buffer.from('pretend JPEG bytes of a shelf'));
    expect(found).toMatchObject({
      file: join(temp.dir, 'imported', 'shelf.jpg'),
      regions: [region],
      concepts: [],
    });
    expect(recorded.findByImage(Buffer.from('pretend JPEG bytes of something else'))?.regions).toEqual([]);
    expect(recorded.findByImage(Buffer.from('an image nobody recorded'))).toBeUndefined();
  });

  it('takes a recording by hash alone, with no image file needed', async () => {
    const sha256 = sha256Hex(Buffer.from('bytes kept elsewhere'));
    const recorded = await loadRecordedPredictions(
      writeSet('by-hash', imported([{ file: 'gone.jpg', sha256, regions: [region] }])),
    );
    expect(recorded.findBySha256(sha256)?.regions).toEqual([region]);
  });

  it('names the file and the field of an invalid box', async () => {
    const file = writeSet(
      'bad-box',
      imported([
        {
          file: 'a.jpg',
          sha256: '0'.repeat(64),
          regions: [{ ...region, box: { top: 0.5, left: 0, bottom: 0.2, right: 1 } }],
        },
      ]),
    );
    const message = await loadError(file);
    expect(message).toContain(file);
    expect(message).toContain('predictions.0.regions.0.box: box must have top < bottom and left < right');
  });

  it('refuses an image path that leaves the manifest folder', async () => {
    expect(await loadError(writeSet('escape', imported([{ file: '../../etc/passwd' }])))).toContain(
      'predictions.0.file: must be a path relative to the manifest, inside its folder',
    );
    expect(await loadError(writeSet('absolute', imported([{ file: '/etc/passwd' }])))).toContain(
      'predictions.0.file',
    );
  });

  it('names an image that is not there', async () => {
    const message = await loadError(writeSet('missing', imported([{ file: 'missing.jpg' }])));
    expect(message).toMatch(/predictions\.0: cannot read the image .*missing\.jpg/);
  });

  it('refuses two recordings of the same image', async () => {
    const message = await loadError(
      writeSet('twice', imported([{ file: 'a.jpg' }, { file: 'b.jpg' }]), {
        'a.jpg': 'same',
        'b.jpg': 'same',
      }),
    );
    expect(message).toMatch(/predictions\.1: .*b\.jpg has the same content as .*a\.jpg/);
  });

  it('refuses duplicate region ids, another format, and text that is not JSON', async () => {
    expect(
      await loadError(
        writeSet('dup-ids', imported([{ file: 'a.jpg', sha256: '0'.repeat(64), regions: [region, region] }])),
      ),
    ).toContain('predictions.0.regions: region ids must be unique within a prediction');
    expect(await loadError(writeSet('format', { ...imported([]), format: 'coco' }))).toContain('format');
    expect(await loadError(writeSet('not-json', '{ "format": '))).toMatch(/manifest\.json: .*JSON/);
    expect(await loadError(join(temp.dir, 'nowhere', 'manifest.json'))).toMatch(/ENOENT/);
  });
});
