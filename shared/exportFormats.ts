/**
 * Every format `export.run` can write, declared once: the contract's enum, the CLI's `--format`,
 * the export panel's list and the default file name in the exports folder all read this table.
 *
 * `target: 'folder'` formats (YOLO, Pascal VOC) are one file per image: the export names a folder
 * and Loupe writes the files inside it. "labels" variants hold what a trainer needs (the boxes as
 * reviewed, false positives dropped); "log" variants hold every reviewed region with its verdict
 * and the model's score (docs/interop.md).
 */
export const exportFormatTable = {
  coco: { extension: 'json', target: 'file', label: 'Corrected labels — COCO JSON' },
  'coco-log': {
    extension: 'json',
    target: 'file',
    label: 'Review log — COCO JSON (score and verdict per box)',
  },
  csv: { extension: 'csv', target: 'file', label: 'Reviewed boxes — CSV' },
  jsonl: { extension: 'jsonl', target: 'file', label: 'Review log — JSONL' },
  yolo: {
    extension: '',
    target: 'folder',
    label:
      'Corrected labels — YOLO (a folder: one .txt per image, classes.txt and data.yaml, verdicts side file)',
  },
  voc: {
    extension: '',
    target: 'folder',
    label: 'Corrected labels — Pascal VOC (a folder: one .xml per image, verdicts side file)',
  },
  'label-studio': { extension: 'json', target: 'file', label: 'Corrected labels — Label Studio tasks' },
  'label-studio-log': {
    extension: 'json',
    target: 'file',
    label: 'Review log — Label Studio tasks (predictions with score and verdict)',
  },
  cvat: { extension: 'xml', target: 'file', label: 'Corrected labels — CVAT for images 1.1 XML' },
  'cvat-log': {
    extension: 'xml',
    target: 'file',
    label: 'Review log — CVAT for images 1.1 XML (verdict attributes)',
  },
  clarifai: {
    extension: 'json',
    target: 'file',
    label: 'Corrected labels — Clarifai platform annotations JSON (score and verdict kept)',
  },
  'clarifai-log': {
    extension: 'json',
    target: 'file',
    label: 'Review log — Clarifai predict response JSON (verdict in region metadata)',
  },
  'report-csv': { extension: 'csv', target: 'file', label: 'QA report — CSV' },
  'report-json': { extension: 'json', target: 'file', label: 'QA report — JSON' },
} as const satisfies Record<string, { extension: string; target: 'file' | 'folder'; label: string }>;

export type ExportFormat = keyof typeof exportFormatTable;

export const exportFormats = Object.keys(exportFormatTable) as [ExportFormat, ...ExportFormat[]];

/** The file (or folder) an export goes to when none is named: `loupe-<format>[.<ext>]` in the exports folder. */
export function defaultExportName(format: ExportFormat): string {
  const { extension } = exportFormatTable[format];
  return extension ? `loupe-${format}.${extension}` : `loupe-${format}`;
}

/**
 * Formats predictions can be imported from (`images.importPredictions`, `loupe import
 * --predictions`). `auto` sniffs the file; a named format that does not fit gets "this looks like
 * X, not Y".
 */
export const importFormatTable = {
  auto: 'Detect from the file',
  coco: 'COCO (dataset JSON or a results list)',
  yolo: 'YOLO (a folder of .txt files with classes.txt or data.yaml, or one .txt)',
  voc: 'Pascal VOC XML (one file or a folder)',
  'label-studio': 'Label Studio JSON tasks',
  cvat: 'CVAT for images 1.1 XML',
  clarifai: 'Clarifai JSON (v2 predict outputs or platform annotations)',
} as const;

export type ImportFormat = keyof typeof importFormatTable;
export const importFormats = Object.keys(importFormatTable) as [ImportFormat, ...ImportFormat[]];
/** The formats a file can turn out to be (every import format but `auto`). */
export type ForeignFormat = Exclude<ImportFormat, 'auto'>;

/** How a format is named in messages and in the model name an import gives its predictions. */
export const foreignFormatNames: Record<ForeignFormat, string> = {
  coco: 'COCO',
  yolo: 'YOLO',
  voc: 'Pascal VOC',
  'label-studio': 'Label Studio',
  cvat: 'CVAT',
  clarifai: 'Clarifai',
};
