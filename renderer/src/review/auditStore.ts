import { create } from 'zustand';
import type { AuditView } from '../../../shared/auditView.ts';
import type { CommandInput } from '../../../shared/contract.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { focusCanvas } from './canvasFocus.ts';
import { showOnly } from './displayStore.ts';
import { showImage } from './imageNavigation.ts';
import { settled, showPrediction } from './reviewCommands.ts';
import { selectRegion, useReviewStore } from './reviewStore.ts';

/**
 * Audit mode (docs/qa-estimates.md, "Audit mode"): the open audit as the main side last answered,
 * and the walk through its sample — after every verdict the audit is read again, and the canvas
 * moves to the next sampled region and shows only the sample.
 */
interface AuditState {
  audit: AuditView | undefined;
}

export const useAuditStore = create<AuditState>(() => ({ audit: undefined }));

function adopt(audit: AuditView | null | undefined): void {
  useAuditStore.setState({ audit: audit ?? undefined });
}

/** Reads are answered in order: an older answer never replaces a newer one. */
let asked = 0;

async function read(): Promise<void> {
  const ticket = ++asked;
  const result = await loupe.invoke('audit.get', {});
  if (ticket !== asked || !result.ok) return;
  adopt(result.value);
  await follow();
}

/** At start-up and when the review screen opens: the audit left open, if any. */
export function loadAudit(): Promise<void> {
  return read();
}

export async function startAudit(settings: CommandInput<'audit.start'>): Promise<boolean> {
  const audit = useAppStore.getState().report(await loupe.invoke('audit.start', settings));
  if (!audit) return false;
  asked++;
  adopt(audit);
  await follow();
  return true;
}

export async function endAudit(): Promise<void> {
  if (!useAppStore.getState().report(await loupe.invoke('audit.close', {}))) return;
  asked++;
  adopt(undefined);
  showOnly(undefined);
}

/** Opens the next sampled region on the canvas, with only the sample's regions shown. */
async function follow(): Promise<void> {
  const { audit } = useAuditStore.getState();
  const next = audit?.next;
  // Done (or none open): the canvas shows every region again; the panel says where it stopped.
  if (!audit || !next) {
    showOnly(undefined);
    return;
  }
  await settled();
  if (useReviewStore.getState().imageId !== next.imageId) await showImage(next.imageId);
  if (useReviewStore.getState().predictionId !== next.predictionId) showPrediction(next.predictionId);
  showOnly(new Set(audit.shownKeys));
  selectRegion(next.regionKey);
  focusCanvas();
}

/** Every edit (a verdict, an undo) can move the audit: read it again while one is open. */
export function watchAudit(): () => void {
  return loupe.on('review.changed', () => {
    if (useAuditStore.getState().audit) void read();
  });
}
