import { useEffect } from 'react';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';

/**
 * Files and folders dropped anywhere on the window are imported (desktop app). In a browser the
 * page cannot learn where a dropped file lives, so it says how to import instead.
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
      if (paths.length === 0) {
        useAppStore.setState({
          error: {
            code: 'invalid_input',
            message:
              'Dropping files works in the desktop app. Here, type the file or folder path on the Import screen.',
          },
        });
        return;
      }
      void loupe.invoke('images.import', { paths, urls: [] }).then(report);
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
