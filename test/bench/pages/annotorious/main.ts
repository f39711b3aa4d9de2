// Canvas peer: Annotorious 3 (npm @annotorious/annotorious, its UMD build dist/annotorious.js,
// loaded from node_modules), mounted as its docs show: `createImageAnnotator(img, options)` on the
// photo, then `setAnnotations` with the boxes (annotorious-<count>.json, its own rectangle
// annotations in image pixels), styled as Loupe draws an unreviewed region. It draws SVG over the
// <img>; clicking an annotation selects it for editing, dragging its shape moves it. Its image
// annotator has no pan or zoom (that is its OpenSeadragon package). One annotator for the page:
// each open sets a new image address and replaces the annotations.
import {
  exposePeer,
  fittedSize,
  imagePlacement,
  loadScript,
  loadStylesheet,
  untilFrame,
} from '../peerPage.ts';

interface Annotator {
  setAnnotations(annotations: unknown[], replace?: boolean): void;
  getSelected(): { id: string }[];
  element: HTMLDivElement;
}
interface AnnotoriousGlobal {
  createImageAnnotator(
    this: void,
    image: HTMLImageElement,
    options: {
      drawingEnabled: boolean;
      style: { stroke: string; strokeWidth: number; fill: string; fillOpacity: number };
    },
  ): Annotator;
}

const packageDir = '/node_modules/@annotorious/annotorious/dist';
await loadStylesheet(`${packageDir}/annotorious.css`);
await loadScript(`${packageDir}/annotorious.js`);
const { createImageAnnotator } = (window as unknown as { Annotorious: AnnotoriousGlobal }).Annotorious;

const params = new URLSearchParams(location.search);
const stage = document.querySelector<HTMLElement>('#stage')!;
stage.style.width = `${params.get('w') ?? 800}px`;
stage.style.height = `${params.get('h') ?? 600}px`;
const photo = document.querySelector<HTMLImageElement>('#photo')!;
photo.style.width = `${fittedSize().width}px`;

let annotator: Annotator | undefined;

async function open(count: number, n: number): Promise<void> {
  const [annotations] = await Promise.all([
    fetch(`annotorious-${count}.json`).then((response) => response.json() as Promise<unknown[]>),
    (async () => {
      // A new address each time: the image is fetched and decoded, as opening another image is.
      photo.src = `image.jpg?n=${n}`;
      await photo.decode();
    })(),
  ]);
  // Drawing off: a click selects, as in Loupe's review; Loupe's 2 px yellow outline.
  annotator ??= createImageAnnotator(photo, {
    drawingEnabled: false,
    style: { stroke: '#facc15', strokeWidth: 2, fill: '#facc15', fillOpacity: 0 },
  });
  annotator.setAnnotations(annotations, true);
  const layer = annotator.element;
  await untilFrame(() => layer.querySelectorAll('g.a9s-annotation').length >= count);
  document.body.dataset['opened'] = String(n);
}

exposePeer({
  open,
  placement: () => imagePlacement(photo),
  isSelected: (id) =>
    annotator?.getSelected().some((selected) => selected.id === id) === true &&
    annotator.element.querySelector('g.a9s-annotation.selected') !== null,
  resetView: () => {},
});
