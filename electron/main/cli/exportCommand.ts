import { resolve } from 'node:path';
import { exportFormatTable } from '../../../shared/exportFormats.ts';
import { exportFormats, type ExportFormat } from '../workspace/exporter.ts';
import { cliApp, commonUsage, exitCodes, parse, report, UsageError } from './cliOptions.ts';

export const exportUsage = `loupe export --format FORMAT --out FILE

Writes the reviewed regions or the QA report of the workspace to FILE (a folder for yolo and voc).

  --format FORMAT   one of:
${exportFormats.map((format) => `                      ${format.padEnd(17)} ${exportFormatTable[format].label}`).join('\n')}
  --out FILE        the file (or folder) to write (its folder must exist; default: the data
                    folder's exports folder)
  --overwrite       replace FILE if it exists (a regular file only)

${commonUsage}`;

export async function exportCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    overwrite: { type: 'boolean', default: false },
  });
  const format = values.format as ExportFormat | undefined;
  if (!format || !exportFormats.includes(format))
    throw new UsageError(`--format must be one of ${exportFormats.join(', ')}`);
  const app = cliApp(values);
  try {
    const result = await app.call('export.run', {
      format,
      ...(values.out === undefined ? {} : { file: resolve(values.out) }),
      overwrite: values.overwrite,
    });
    report(
      values.json,
      result,
      `Wrote ${result.file} (${result.images} reviewed image(s)${result.files > 1 ? `, ${result.files} files` : ''}).`,
    );
    return exitCodes.ok;
  } finally {
    await app.close();
  }
}
