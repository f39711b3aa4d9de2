import { readFile } from 'node:fs/promises';
import {
  cliServices,
  commonUsage,
  exitCodes,
  parse,
  progressLine,
  report,
  UsageError,
} from './cliOptions.ts';
import { importFiles, importUrls } from '../workspace/imageImporter.ts';

export const importUsage = `loupe import [PATH…] [--urls FILE]

Imports image files and folders (recursively: jpg, png, webp, tiff, gif, bmp) and/or a file of
image URLs (one per line) into the workspace. Duplicates (same content) are skipped; unreadable
files are reported and the rest goes on; new images are queued for prediction ("loupe predict"
runs them). Exit code 3 when some entries failed.

  --urls FILE       a text file with one image URL per line ('#' starts a comment)

${commonUsage}`;

export async function importCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { urls: { type: 'string' } });
  if (positionals.length === 0 && !values.urls) throw new UsageError('give at least one PATH or --urls FILE');
  const services = cliServices(values);
  try {
    const { workspace } = services.session();
    const files = await importFiles(workspace, positionals, (p) =>
      progressLine('Importing', p.done, p.total),
    );
    const urls = values.urls
      ? importUrls(workspace, (await readFile(values.urls, 'utf8')).split(/\r?\n/))
      : undefined;
    // Queued for the model of the delivery (the platform profile's with --app); `loupe predict` runs them.
    const added = [...files.added, ...(urls?.added ?? [])];
    if (added.length > 0)
      services.session().predict.enqueue(
        services.predictModel(),
        added.map((image) => image.id),
      );
    const result = {
      workspace: workspace.file,
      added: files.added.length + (urls?.added.length ?? 0),
      duplicates: files.duplicates.length + (urls?.duplicates.length ?? 0),
      failed: [...files.failed, ...(urls?.failed ?? [])],
    };
    const lines = [
      `Imported ${result.added} image(s) into ${workspace.file} (${result.duplicates} already there).`,
      ...result.failed.map((problem) => `  failed: ${problem.source}: ${problem.reason}`),
    ];
    report(values.json, result, lines.join('\n'));
    return result.failed.length > 0 ? exitCodes.partial : exitCodes.ok;
  } finally {
    await services.close();
  }
}
