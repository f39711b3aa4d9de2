import { useState } from 'react';
import { importFormats, importFormatTable, type ImportFormat } from '../../../shared/exportFormats.ts';
import type { ForeignImportReport } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { preferModel } from '../review/reviewCommands.ts';
import { useAppStore } from '../state/appStore.ts';
import { BrowseButton } from './PathPicker.tsx';

/**
 * "Predictions made elsewhere": one file (or a YOLO / VOC folder) of COCO, YOLO, Pascal VOC,
 * Label Studio, CVAT or Clarifai predictions, recorded under a named model; the answer says per
 * file what was matched, imported, skipped and why (docs/interop.md).
 */
export function ForeignImportPanel({ busy, setBusy }: { busy: boolean; setBusy: (busy: boolean) => void }) {
  const report = useAppStore((state) => state.report);
  const [file, setFile] = useState('');
  const [kind, setKind] = useState<ImportFormat>('auto');
  const [modelName, setModelName] = useState('');
  const [imagesDir, setImagesDir] = useState('');
  const [classes, setClasses] = useState('');
  const [result, setResult] = useState<ForeignImportReport | undefined>();

  const run = async () => {
    setBusy(true);
    setResult(undefined);
    const imported = report(
      await loupe.invoke('images.importPredictions', {
        file: file.trim(),
        kind,
        ...(modelName.trim() ? { modelName: modelName.trim() } : {}),
        ...(imagesDir.trim() ? { imagesDir: imagesDir.trim() } : {}),
        ...(classes.trim() ? { classes: classes.trim() } : {}),
      }),
    );
    // The review screen shows the imported model's regions, not the first model's (often another).
    const model = imported?.models[0];
    if (model) preferModel(model);
    setResult(imported);
    setBusy(false);
  };

  return (
    <fieldset className="fieldset">
      <legend>Predictions made elsewhere</legend>
      <label>
        <span>Format</span>
        <select value={kind} onChange={(event) => setKind(event.target.value as ImportFormat)}>
          {importFormats.map((format) => (
            <option key={format} value={format}>
              {importFormatTable[format]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>File or folder (absolute path)</span>
        <input value={file} onChange={(event) => setFile(event.target.value)} />
      </label>
      <div className="row">
        <BrowseButton
          what="the predictions file"
          request={{ kind: 'file', extensions: ['json', 'xml', 'txt'] }}
          allowFolder
          onPick={(picked) => setFile(picked[0] ?? '')}
        />
      </div>
      <label>
        <span>Model name (optional; default: the file&apos;s own, or its format and name)</span>
        <input value={modelName} onChange={(event) => setModelName(event.target.value)} />
      </label>
      <label>
        <span>Images folder (optional; default: beside the file)</span>
        <input value={imagesDir} onChange={(event) => setImagesDir(event.target.value)} />
      </label>
      <div className="row">
        <BrowseButton
          what="the images folder"
          request={{ kind: 'folder' }}
          onPick={(picked) => setImagesDir(picked[0] ?? '')}
        />
      </div>
      <label>
        <span>
          Class names (optional: classes.txt, data.yaml or a COCO file, for ids the file does not name; the
          COCO dataset of a results list also names its images)
        </span>
        <input value={classes} onChange={(event) => setClasses(event.target.value)} />
      </label>
      <div className="row">
        <BrowseButton
          what="the class names file"
          request={{ kind: 'file', extensions: ['txt', 'yaml', 'yml', 'json'] }}
          onPick={(picked) => setClasses(picked[0] ?? '')}
        />
      </div>
      <button type="button" disabled={busy || !file.trim()} onClick={() => void run()}>
        Import predictions
      </button>
      {result && <ForeignImportResult result={result} />}
    </fieldset>
  );
}

function ForeignImportResult({ result }: { result: ForeignImportReport }) {
  const openImage = useAppStore((state) => state.openImage);
  const first = result.imageIds[0];
  const more = (shown: number, count: number) => (count > shown ? <li>… and {count - shown} more</li> : null);
  return (
    <div role="status" data-testid="prediction-import-result">
      <p>
        {result.images} image(s) in the file: {result.imagesMatched} matched ({result.imagesAdded} imported
        from the images folder), {result.unmatchedCount} unmatched. Imported {result.predictions}{' '}
        prediction(s) with {result.regions} region(s) as{' '}
        <strong>{result.models.join(', ') || '(no model)'}</strong>
        {result.verdicts > 0 ? `, ${result.verdicts} verdict(s) applied` : ''}
        {result.alreadyImported > 0 ? `; ${result.alreadyImported} image(s) already had them` : ''}.
      </p>
      {first !== undefined && result.predictions > 0 && (
        <button type="button" onClick={() => openImage(first)}>
          Review them
        </button>
      )}
      {result.notes.length > 0 && (
        <ul>
          {result.notes.map((note) => (
            <li key={note.note}>
              {note.count} {note.note}
            </li>
          ))}
        </ul>
      )}
      {result.unknownCategories.length > 0 && (
        <p className="error-text">
          Unknown categories (labelled by their id): {result.unknownCategories.join(', ')}
        </p>
      )}
      {result.warningCount > 0 && (
        <ul className="error-text" aria-label="Warnings">
          {result.warnings.map((warning, index) => (
            <li key={index}>
              {warning.where}: {warning.message}
            </li>
          ))}
          {more(result.warnings.length, result.warningCount)}
        </ul>
      )}
      {result.skippedCount > 0 && (
        <ul className="error-text" aria-label="Skipped">
          {result.skipped.map((skipped, index) => (
            <li key={index}>
              skipped {skipped.where}: {skipped.reason}
            </li>
          ))}
          {more(result.skipped.length, result.skippedCount)}
        </ul>
      )}
      {result.unmatchedCount > 0 && (
        <ul className="error-text" aria-label="Unmatched images">
          {result.unmatchedImages.map((name) => (
            <li key={name}>no such image in the workspace or the images folder: {name}</li>
          ))}
          {more(result.unmatchedImages.length, result.unmatchedCount)}
        </ul>
      )}
      {result.failed.length > 0 && (
        <ul className="error-text">
          {result.failed.map((failure) => (
            <li key={failure.source}>
              {failure.source}: {failure.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
