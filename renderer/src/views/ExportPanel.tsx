import { useState } from 'react';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';

const formats = [
  { id: 'coco', label: 'Reviewed boxes — COCO JSON', extension: 'json' },
  { id: 'csv', label: 'Reviewed boxes — CSV', extension: 'csv' },
  { id: 'jsonl', label: 'Review log — JSONL', extension: 'jsonl' },
  { id: 'report-csv', label: 'QA report — CSV', extension: 'csv' },
  { id: 'report-json', label: 'QA report — JSON', extension: 'json' },
] as const;

/** Exports to a file the user names (an absolute path on this computer). */
export function ExportPanel() {
  const report = useAppStore((state) => state.report);
  const info = useAppStore((state) => state.info);
  const [format, setFormat] = useState<(typeof formats)[number]['id']>('coco');
  const [file, setFile] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const extension = formats.find((entry) => entry.id === format)?.extension ?? 'txt';
  const target = file || (info ? `${info.dataDir}/exports/loupe-${format}.${extension}` : '');

  return (
    <fieldset className="fieldset">
      <legend>Export</legend>
      <label>
        <span>What</span>
        <select value={format} onChange={(event) => setFormat(event.target.value as typeof format)}>
          {formats.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>File (absolute path; the folder must exist)</span>
        <input value={file} placeholder={target} onChange={(event) => setFile(event.target.value)} />
      </label>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void loupe.invoke('export.run', { format, file: target }).then((result) => {
              const value = report(result);
              setDone(value && `Wrote ${value.file} (${value.images} reviewed image(s)).`);
            })
          }
        >
          Export
        </button>
        {done && (
          <span className="ok-text" role="status">
            {done}
          </span>
        )}
      </div>
    </fieldset>
  );
}
