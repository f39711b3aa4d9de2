import { useEffect } from 'react';
import type { ImportReportView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';

/**
 * Files and folders dropped anywhere on the window are imported. The desktop app imports them
 * where they are; a browser never says where a dropped file lives, so the bridge build uploads
 * each file's bytes to the main side (`uploadFile`, saved under the data folder's `uploads/`)
 * and imports those (docs/review.md, "Choosing files and folders").
 */
export function DropImport() {
  const report = useAppStore((state) => state.report);
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      const paths = files.flatMap((file) => loupe.pathForFile(file) ?? []);
      void (
        paths.length > 0 ? loupe.invoke('images.import', { paths, urls: [] }) : uploadAndImport(files)
      ).then((result) => {
        const imported = report(result);
        if (!imported) return;
        useAppStore.setState({ notice: importNotice(imported) });
        if (imported.failed.length > 0) {
          const failures = imported.failed.map((failure) => `${failure.source}: ${failure.reason}`);
          useAppStore.setState({ error: { code: 'invalid_input', message: failures.join('; ') } });
        }
      });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [report]);
  return null;
}

function importNotice(imported: ImportReportView): string {
  return `Dropped files: imported ${imported.added} image(s); ${imported.duplicates} were already in the workspace.`;
}

/**
 * Uploads the dropped files one at a time, then imports what arrived. A file the main side
 * refuses (not an image, too large) is reported with the import's own failures, by name.
 */
async function uploadAndImport(files: readonly File[]): ReturnType<typeof loupe.invoke<'images.import'>> {
  const paths: string[] = [];
  const refused: { source: string; reason: string }[] = [];
  for (const file of files) {
    const uploaded = await loupe.uploadFile(file);
    if (uploaded.ok) paths.push(uploaded.value.path);
    else refused.push({ source: file.name, reason: uploaded.error.message });
  }
  if (paths.length === 0) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: refused.map((entry) => entry.reason).join('; ') },
    };
  }
  const imported = await loupe.invoke('images.import', { paths, urls: [] });
  return imported.ok
    ? { ok: true, value: { ...imported.value, failed: [...refused, ...imported.value.failed] } }
    : imported;
}
