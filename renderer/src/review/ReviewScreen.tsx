import { lazy, Suspense, useEffect, useRef } from 'react';
import { loupe } from '../loupe.ts';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.tsx';
import { useShortcutTable } from '../shortcuts/useShortcutTable.ts';
import { useAppStore } from '../state/appStore.ts';
import '../review.css';
import { ConceptCatalogList } from './AddConceptField.tsx';
import { AuditDialog } from './AuditDialog.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { canvasElementId, focusCanvas } from './canvasFocus.ts';
import { ImageList } from './ImageList.tsx';
import { loadList, refreshList, refreshRows } from './imageListStore.ts';
import { openFirst, showImage } from './imageNavigation.ts';
import { Inspector } from './Inspector.tsx';
import { RejectConceptDialog } from './RejectConceptDialog.tsx';
import { RelabelDialog } from './RelabelDialog.tsx';
import { labelKeyHint } from './labelKeyHint.ts';
import { focusRegion } from './regionActions.ts';
import { reloadImage, showPrediction, watchOtherEdits } from './reviewCommands.ts';
import { useReviewStore } from './reviewStore.ts';
import { ReviewToolbar } from './ReviewToolbar.tsx';
import { StatusLine } from './StatusLine.tsx';
import { SubmitDialog } from './SubmitDialog.tsx';
import { useReviewShortcuts } from './useReviewShortcuts.ts';

// The canvas pulls in Konva: its chunk is fetched as this module loads and parsed while the start state is read, so the first requests
// go out before Konva is parsed (issue 21). Until it is there the canvas's place is held by an
// empty, focusable box with the same id, so keys and focus work as before.
const canvasModule = import('./ReviewCanvas.tsx');
const ReviewCanvas = lazy(() => canvasModule.then((module) => ({ default: module.ReviewCanvas })));

function CanvasPlaceholder() {
  return (
    <div
      id={canvasElementId}
      className="review-canvas"
      tabIndex={0}
      aria-label="Image and regions"
      data-testid="review-canvas"
      data-ready="false"
    />
  );
}

/** Other windows and the CLI change images too; a burst of changes is read once. */
const refreshDelayMs = 150;
const countsDelayMs = 400;

/** The review screen: image list · canvas · inspector, driven from the keyboard. */
export function ReviewScreen() {
  const listPanel = useRef<HTMLElement>(null);
  const { table } = useShortcutTable();
  const dialog = useReviewStore((state) => state.dialog);
  const focusImageId = useAppStore((state) => state.focusImageId);
  useReviewShortcuts(table, listPanel);

  useEffect(() => {
    loadList();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = new Set<number>();
    const unsubscribe = loupe.on('images.changed', ({ imageIds }) => {
      imageIds.forEach((id) => changed.add(id));
      clearTimeout(timer);
      timer = setTimeout(() => {
        refreshList();
        const { imageId, reviews, pending } = useReviewStore.getState();
        // First run fills an empty workspace in the background: open the first image once there
        // is one, and show the open image's regions once its prediction arrives.
        if (imageId === undefined) void openFirst();
        else if (changed.has(imageId) && reviews.size === 0 && pending === 0) void reloadImage();
        changed.clear();
      }, refreshDelayMs);
    });
    const unwatch = watchOtherEdits();
    // A list change sent while the bridge's socket was not open is lost: read the list again.
    const unwatchMissed = loupe.onEventsMissed?.(refreshList);
    // An edit moves the list's counts (regions to review, false positives) without moving a
    // status: the shown rows are read again once the keys pause, not on every key press.
    let countsTimer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribeEdits = loupe.on('review.changed', () => {
      clearTimeout(countsTimer);
      countsTimer = setTimeout(refreshRows, countsDelayMs);
    });
    return () => {
      clearTimeout(timer);
      clearTimeout(countsTimer);
      unsubscribe();
      unsubscribeEdits();
      unwatch();
      unwatchMissed?.();
    };
  }, []);

  useEffect(() => {
    if (focusImageId !== undefined) {
      // A one-shot request (a search hit was opened): consumed here, so coming back to this
      // screen later keeps whatever image the reviewer moved on to.
      const region = useAppStore.getState().focusRegion;
      useAppStore.setState({ focusImageId: undefined, focusRegion: undefined });
      void showImage(focusImageId).then(() => {
        // The triage grid's Enter: that model's output on the canvas, the region selected.
        if (!region) return;
        showPrediction(region.predictionId);
        focusRegion(region.regionKey);
      });
    } else if (useReviewStore.getState().imageId === undefined) void openFirst();
    focusCanvas();
  }, [focusImageId]);

  const closeDialog = () => {
    useReviewStore.setState({ dialog: undefined });
    focusCanvas();
  };

  return (
    <div className="review-screen">
      <ImageList panelRef={listPanel} />
      <section className="review-main" aria-label="Canvas">
        <AuditPanel />
        <ReviewToolbar table={table} />
        <Suspense fallback={<CanvasPlaceholder />}>
          <ReviewCanvas />
        </Suspense>
        <StatusLine table={table} />
      </section>
      <Inspector />
      <ConceptCatalogList />
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} hint={labelKeyHint} />}
      {dialog === 'submit' && <SubmitDialog table={table} />}
      {dialog === 'rejectConcept' && <RejectConceptDialog />}
      {dialog === 'relabel' && <RelabelDialog />}
      {dialog === 'audit' && <AuditDialog />}
    </div>
  );
}
