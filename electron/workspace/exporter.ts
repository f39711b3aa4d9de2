import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { buildQaReport, qaReportCsv } from '../../shared/qaReport.ts';
import { toBoxesCsv, toCoco, toReviewLogJsonl } from '../../shared/reviewExports.ts';
import { LoupeError } from '../contract/LoupeError.ts';
import { reviewedImages, reviewsForReport } from './reviewedImages.ts';
import type { Workspace } from './workspace.ts';

export const exportFormats = ['coco', 'csv', 'jsonl', 'report-csv', 'report-json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * Writes an export to exactly the file the user chose: an absolute path in an existing folder,
 * written to a temporary file beside it and renamed, so a crash never leaves half a file and
 * nothing is written anywhere else.
 */
export function exportReviews(
  workspace: Workspace,
  format: ExportFormat,
  file: string,
): { file: string; images: number } {
  if (!isAbsolute(file)) throw new LoupeError('invalid_input', `Export to an absolute path, not ${file}`);
  const target = resolve(file);
  const folder = dirname(target);
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new LoupeError('invalid_input', `The folder ${folder} does not exist`);
  }
  const images = reviewedImages(workspace, { sizeRequired: !format.startsWith('report-') });
  const text = render(format, images);
  const temporary = `${target}.${process.pid}.partial`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The name that made the write fail (a NUL byte, too long) makes the clean-up fail too.
    }
    throw new LoupeError('storage', `Cannot write ${target}: ${(error as Error).message}`);
  }
  return { file: target, images: images.length };
}

function render(format: ExportFormat, images: ReturnType<typeof reviewedImages>): string {
  switch (format) {
    case 'coco':
      return `${JSON.stringify(toCoco(images), null, 2)}\n`;
    case 'csv':
      return toBoxesCsv(images);
    case 'jsonl':
      return toReviewLogJsonl(images);
    case 'report-csv':
      return qaReportCsv(buildQaReport(reviewsForReport(images)));
    case 'report-json':
      return `${JSON.stringify(buildQaReport(reviewsForReport(images)), null, 2)}\n`;
  }
}
