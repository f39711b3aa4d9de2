/** What `export.run` can write, with the extension of the default file name in the exports folder. */
export const exportFormatExtensions = {
  coco: 'json',
  csv: 'csv',
  jsonl: 'jsonl',
  'report-csv': 'csv',
  'report-json': 'json',
} as const;

export type ExportFormat = keyof typeof exportFormatExtensions;

export const exportFormats = Object.keys(exportFormatExtensions) as [ExportFormat, ...ExportFormat[]];

/** The file an export goes to when none is named: `loupe-<format>.<ext>` in the exports folder. */
export function defaultExportName(format: ExportFormat): string {
  return `loupe-${format}.${exportFormatExtensions[format]}`;
}
