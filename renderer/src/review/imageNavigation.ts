import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { countDone } from './sessionProgress.ts';
import { imageAt, nextNeedingAttention, nextToReview, rowOf, useImageListStore } from './imageListStore.ts';
import { countUnreviewed } from './regionStatus.ts';
import { openImage, settled, submitImage } from './reviewCommands.ts';
import { useReviewStore } from './reviewStore.ts';

/** Moving between images: list order (J/K, the list's arrows) and "done and next". */

/** The image open in this window, so a reload comes back to it (per window, like the bridge token). */
const openImageKey = 'loupe.review.imageId';

async function open(imageId: number): Promise<void> {
  await openImage(imageId);
  sessionStorage.setItem(openImageKey, String(imageId));
}

/** Opens the image at a row of the list and remembers that row as the list's cursor. */
export async function openRow(row: number): Promise<void> {
  const { total } = useImageListStore.getState();
  if (row < 0 || row >= total) return;
  const image = await imageAt(row);
  if (!image) return;
  useImageListStore.setState({ cursor: row });
  await open(image.id);
}

export function stepImage(direction: 1 | -1): Promise<void> {
  const { imageId } = useReviewStore.getState();
  const row = rowOf(imageId) ?? useImageListStore.getState().cursor;
  return openRow(row === undefined ? 0 : row + direction);
}

/** The next image in the list's order that still needs a reviewer (Shift+J). */
export async function nextAttention(): Promise<void> {
  const { imageId } = useReviewStore.getState();
  const row = await nextNeedingAttention(rowOf(imageId) ?? useImageListStore.getState().cursor);
  if (row === undefined) useReviewStore.setState({ notice: 'No image in this list needs attention.' });
  else await openRow(row);
}

/** Opens an image from anywhere (search, start-up), pointing the list's cursor at it if it is loaded. */
export async function showImage(imageId: number): Promise<void> {
  await open(imageId);
  useImageListStore.setState({ cursor: rowOf(imageId) });
}

/**
 * At start-up: the image this window had open (a reload), else unfinished work (in progress),
 * else the first unreviewed image, else the first image.
 */
export async function openFirst(): Promise<void> {
  const remembered = Number(sessionStorage.getItem(openImageKey));
  if (remembered > 0 && (await loupe.invoke('image.get', { imageId: remembered })).ok)
    return showImage(remembered);
  // The three candidates are asked at once (not one after another): the first image waits for one
  // round trip, not three (issue 21).
  const candidates = await Promise.all(
    (['in_progress', 'unreviewed', undefined] as const).map((status) =>
      loupe.invoke('images.list', { offset: 0, limit: 1, ...(status ? { status } : {}) }),
    ),
  );
  const id = candidates
    .map((result) => (result.ok ? result.value.items[0]?.id : undefined))
    .find((candidate) => candidate !== undefined);
  if (id !== undefined) await showImage(id);
}

/**
 * Done and next: when regions are still unreviewed the submit step asks (accept them or send only
 * the reviewed ones); otherwise the image is submitted at once. Then the next unreviewed image opens.
 */
export async function doneAndNext(): Promise<void> {
  if (submitting) return;
  await settled();
  const { reviews } = useReviewStore.getState();
  if (reviews.size === 0) return;
  if (countUnreviewed([...reviews.values()].map((view) => view.state)) > 0) {
    useReviewStore.setState({ dialog: 'submit' });
    return;
  }
  await submitAndNext('skip');
}

/** A submit-and-next is under way: a second D (a held key, a quick double press) must not submit again. */
let submitting = false;

export async function submitAndNext(unreviewed: 'accept' | 'skip'): Promise<void> {
  useReviewStore.setState({ dialog: undefined });
  if (submitting) return;
  submitting = true;
  try {
    const { imageId } = useReviewStore.getState();
    if (!(await submitImage(unreviewed))) return;
    countDone();
    if (useAppStore.getState().settings?.autoAdvance === false) {
      useReviewStore.setState({ notice: 'Done. Auto-advance is off (Settings): J opens the next image.' });
      return;
    }
    const next = await nextToReview(imageId);
    if (next === undefined) useReviewStore.setState({ notice: 'Every image is reviewed.' });
    else await showImage(next);
  } finally {
    submitting = false;
  }
}
