import { useState } from 'react';
import {
  defaultExportName,
  exportFormats,
  exportFormatTable,
  type ExportFormat,
} from '../../../shared/exportFormats.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { BrowseButton } from './PathPicker.tsx';

/** Every format of shared/exportFormats.ts, named for a person there. */
const formats = exportFormats.map((id) => ({ id, label: exportFormatTable[id].label }));

/**
 * Exports to a file the user names (an absolute path on this computer, typed or chosen with
 * Browse…), or by default to
 * `loupe-<format>.<ext>` in the data folder's exports folder, which the main side creates. An
 * existing file is replaced only after the person confirms it here.
 */
export function ExportPanel() {
  const report = useAppStore((state) => state.report);
  const info = useAppStore((state) => state.info);
  const [format, setFormat] = useState<ExportFormat>('coco');
  const [file, setFile] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<string | undefined>();
  const folderTarget = exportFormatTable[format].target === 'folder';
  const placeholder = info ? `${info.dataDir}/exports/${defaultExportName(format)}` : '';

  const run = (overwrite: boolean) => {
    setConfirm(undefined);
    setDone(undefined);
    void loupe.invoke('export.run', { format, ...(file ? { file } : {}), overwrite }).then((result) => {
      // The file exists: ask before replacing it, rather than showing an error.
      if (!result.ok && result.error.code === 'conflict') {
        setConfirm(result.error.message);
        return;
      }
      const value = report(result);
      setDone(
        value &&
          `Wrote ${value.file} (${value.images} reviewed image(s)${value.files > 1 ? `, ${value.files} files` : ''}).`,
      );
    });
  };

  return (
    <fieldset className="fieldset">
      <legend>Export</legend>
      <label>
        <span>What</span>
        <select
          value={format}
          onChange={(event) => {
            setFormat(event.target.value as typeof format);
            setConfirm(undefined);
          }}
        >
          {formats.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {exportFormatTable[format].target === 'folder'
            ? 'Folder (absolute path; made if its parent exists)'
            : 'File (absolute path; the folder must exist)'}
        </span>
        <input
          value={file}
          placeholder={placeholder}
          onChange={(event) => {
            setFile(event.target.value);
            setConfirm(undefined);
          }}
        />
      </label>
      <div className="row">
        <BrowseButton
          what={folderTarget ? 'the export folder' : 'the export file'}
          request={
            folderTarget
              ? { kind: 'folder', ...(file ? { defaultPath: file } : {}) }
              : {
                  kind: 'save',
                  extensions: [exportFormatTable[format].extension],
                  defaultPath: file || defaultExportName(format),
                }
          }
          onPick={(picked) => {
            setFile(picked[0] ?? '');
            setConfirm(undefined);
          }}
        />
      </div>
      {confirm ? (
        <div className="row" role="alertdialog" aria-label="Replace the file?">
          <span>{confirm}</span>
          <button type="button" onClick={() => run(true)}>
            Replace
          </button>
          <button type="button" onClick={() => setConfirm(undefined)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="button" onClick={() => run(false)}>
            Export
          </button>
          {done && (
            <span className="ok-text" role="status">
              {done}
            </span>
          )}
        </div>
      )}
    </fieldset>
  );
}
