import { useCallback, useEffect, useRef, useState } from 'react';
import type { FolderListing, PathPickRequest } from '../../../shared/fileBrowsing.ts';
import { loupe } from '../loupe.ts';
import { Dialog } from '../review/Dialog.tsx';

/**
 * Choosing files and folders without typing paths (docs/review.md, "Choosing files and
 * folders"). The desktop app opens the system's own dialog (`LoupeApi.pickPaths`); the bridge
 * build, whose page cannot see the disk, lists folders served by the main side (`files.browse`)
 * with the recent folders beside them. Either way the chosen folder joins the recent ones and the
 * paths go to `onPick`; the text field beside the button still takes a typed path.
 */
export function BrowseButton(props: {
  request: PathPickRequest;
  /** What is being chosen, for the button's and the dialog's names ("images", "export file"). */
  what: string;
  /** For `file` picks: the folder being shown may be chosen too (imports read folders). */
  allowFolder?: boolean;
  onPick: (paths: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const { request, onPick } = props;
  const picked = useCallback(
    (paths: string[]) => {
      setOpen(false);
      if (paths.length === 0) return;
      onPick(paths);
      // Best effort: a recent folder that cannot be saved still leaves the pick made.
      void loupe.invoke('files.remember', { path: paths[0] ?? '' });
    },
    [onPick],
  );
  const browse = () => {
    setError(undefined);
    if (!loupe.pickPaths) {
      setOpen(true);
      return;
    }
    void loupe.pickPaths(request).then((result) => {
      if (result.ok) picked(result.value);
      else setError(result.error.message);
    });
  };
  return (
    <>
      <button type="button" onClick={browse} aria-label={`Browse for ${props.what}`}>
        Browse…
      </button>
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
      {open && (
        <PathPickerDialog
          request={request}
          title={`Choose ${props.what}`}
          allowFolder={props.allowFolder ?? false}
          onPick={picked}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** The bridge build's own picker: one folder at a time, from the main side. */
function PathPickerDialog(props: {
  request: PathPickRequest;
  title: string;
  allowFolder: boolean;
  onPick: (paths: string[]) => void;
  onClose: () => void;
}) {
  const { request } = props;
  const [listing, setListing] = useState<FolderListing | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [recent, setRecent] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  // As in the system's save dialog, a default that is only a name is the name to save as.
  const nameOnly = request.kind === 'save' && request.defaultPath && !isAbsolutePath(request.defaultPath);
  const [saveName, setSaveName] = useState(nameOnly ? (request.defaultPath ?? '') : '');
  const [showHidden, setShowHidden] = useState(false);

  // Each request is a new object, so asking for the same folder again (after an error) refetches.
  const [target, setTarget] = useState<{ path: string | undefined; keepError?: boolean }>({
    path: nameOnly ? undefined : request.defaultPath,
  });
  const go = (path: string | undefined) => setTarget({ path });
  // Read in the effect without refetching when the first listing arrives.
  const hasListing = useRef(false);
  hasListing.current = listing !== undefined;
  // By value: a caller's request is a new object at each render.
  const wanted = request.extensions?.join(',') ?? '';

  useEffect(() => {
    let current = true;
    void loupe
      .invoke('files.browse', {
        ...(target.path ? { path: target.path } : {}),
        kind: request.kind === 'folder' ? 'folder' : 'file',
        ...(wanted ? { extensions: wanted.split(',') } : {}),
        showHidden,
      })
      .then((result) => {
        if (!current) return;
        if (!result.ok) {
          // The folder shown stays; the error says what was wrong with the one asked for. With
          // nothing shown yet, the picker opens where it would by default, the error kept.
          setError(result.error.message);
          if (!hasListing.current && target.path !== undefined)
            setTarget({ path: undefined, keepError: true });
          return;
        }
        const next = result.value;
        if (!target.keepError) setError(undefined);
        setListing(next);
        setTyped(next.path);
        const selected = next.entries.find((entry) => entry.name === next.selected);
        if (selected && request.kind === 'save') setSaveName(selected.name);
        setChosen(selected && request.kind === 'file' ? [selected.path] : []);
      });
    return () => {
      current = false;
    };
  }, [target, showHidden, request.kind, wanted]);
  useEffect(() => {
    void loupe.invoke('files.recent', {}).then((result) => {
      if (result.ok) setRecent(result.value.folders);
    });
  }, []);

  const toggle = (path: string) =>
    setChosen((current) =>
      current.includes(path)
        ? current.filter((entry) => entry !== path)
        : request.multiple
          ? [...current, path]
          : [path],
    );
  const here = listing?.path;
  const savePath = here && saveName.trim() ? `${here.replace(/\/$/, '')}/${saveName.trim()}` : undefined;

  return (
    <Dialog title={props.title} onClose={props.onClose} className="picker">
      <div className="picker-body">
        <nav className="picker-recent" aria-label="Recent folders">
          <h3>Recent</h3>
          {recent.length === 0 && <p className="muted">None yet</p>}
          {recent.map((folder) => (
            <button type="button" className="link" key={folder} title={folder} onClick={() => go(folder)}>
              {folder.split('/').filter(Boolean).at(-1) ?? folder}
            </button>
          ))}
        </nav>
        <div className="picker-main">
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              if (typed.trim()) go(typed.trim());
            }}
          >
            <button
              type="button"
              disabled={!listing?.parent}
              onClick={() => go(listing?.parent ?? undefined)}
            >
              Up
            </button>
            <input
              className="picker-path"
              aria-label="Folder path"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
            <button type="submit">Go</button>
          </form>
          {listing && (
            <nav className="picker-crumbs" aria-label="Breadcrumb">
              {listing.crumbs.map((crumb) => (
                <button type="button" className="link" key={crumb.path} onClick={() => go(crumb.path)}>
                  {crumb.name}
                </button>
              ))}
            </nav>
          )}
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <ul className="picker-entries" aria-label="Folder contents">
            {listing?.entries.length === 0 && <li className="muted">Nothing to choose here</li>}
            {listing?.entries.map((entry) => (
              <li key={entry.path}>
                {entry.kind === 'folder' ? (
                  <button type="button" className="picker-entry" onClick={() => go(entry.path)}>
                    {entry.name}/
                  </button>
                ) : entry.kind === 'other' ? (
                  <span className="picker-entry muted" title="A FIFO, device or socket: never opened">
                    {entry.name} (not a regular file)
                  </span>
                ) : request.kind === 'save' ? (
                  <button type="button" className="picker-entry" onClick={() => setSaveName(entry.name)}>
                    {entry.name}
                  </button>
                ) : (
                  <label className="picker-entry">
                    <input
                      type={request.multiple ? 'checkbox' : 'radio'}
                      name="picker-file"
                      checked={chosen.includes(entry.path)}
                      onChange={() => toggle(entry.path)}
                    />
                    {entry.name}
                  </label>
                )}
              </li>
            ))}
          </ul>
          {listing?.truncated && (
            <p className="muted" role="status">
              Only the first {listing.entries.length} entries are listed: type a path to go further.
            </p>
          )}
          <label className="radio">
            <input
              type="checkbox"
              checked={showHidden}
              onChange={(event) => setShowHidden(event.target.checked)}
            />
            <span>Show hidden files</span>
          </label>
          {request.kind === 'save' && (
            <label>
              <span>File name</span>
              <input value={saveName} onChange={(event) => setSaveName(event.target.value)} />
            </label>
          )}
        </div>
      </div>
      <div className="row dialog-buttons">
        {request.kind === 'file' && (
          <button
            type="button"
            className="primary"
            disabled={chosen.length === 0}
            onClick={() => props.onPick(chosen)}
          >
            Choose {chosen.length > 1 ? `${chosen.length} files` : 'file'}
          </button>
        )}
        {(request.kind === 'folder' || props.allowFolder) && (
          <button
            type="button"
            className={request.kind === 'folder' ? 'primary' : undefined}
            disabled={!here}
            onClick={() => here && props.onPick([here])}
          >
            Choose this folder
          </button>
        )}
        {request.kind === 'save' && (
          <button
            type="button"
            className="primary"
            disabled={!savePath}
            onClick={() => savePath && props.onPick([savePath])}
          >
            Save here
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
      {wanted && <p className="muted">Showing folders and {wanted.replaceAll(',', ', ')} files.</p>}
    </Dialog>
  );
}

/** A POSIX or Windows absolute path (the renderer has no node:path). */
function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}
