// Canvas peer: the Label Studio frontend 1.4.0 (npm @heartexlabs/label-studio, its built bundle
// build/static/js/main.js, loaded from node_modules), mounted as its README shows:
// `new LabelStudio(element, { config, interfaces, task })`. The boxes come as
// the task's predictions (RectangleLabels results in percent, labelStudio-<count>.json) and are
// made into the editable annotation as Label Studio does when predictions are shown to annotators
// (`annotationStore.addAnnotationFromPrediction`, on its storageInitialized event). Each open mounts a new instance on a new task:
// the package has no public call to switch tasks. Zoom is Ctrl + wheel, pan Shift + drag once
// zoomed in (its Image tag's controls).
import {
  exposePeer,
  fittedSize,
  imagePlacement,
  loadScript,
  loadStylesheet,
  untilFrame,
} from '../peerPage.ts';

interface Region {
  /** Label Studio's own: the task's id with a `#suffix` it adds per annotation (`r-3-4#Q2XSH`). */
  id: string;
  /** The id the task gave the region (`r-3-4`). */
  cleanId: string;
}
interface ImageItem {
  isReady: boolean;
  stageWidth: number;
  stageRef: unknown;
  setZoom(scale: number, x: number, y: number): void;
}
interface AnnotationStore {
  predictions: unknown[];
  selected?: { regions: Region[]; highlightedNode?: Region | null };
  names: { get(name: string): ImageItem | undefined };
  addAnnotationFromPrediction(prediction: unknown): unknown;
}
interface Store {
  annotationStore: AnnotationStore;
}
interface LabelStudioInstance {
  destroy(): void;
  on(event: 'storageInitialized', handler: (store: Store) => void): void;
}
type LabelStudioClass = {
  /** Unmounts every instance and forgets them (the class keeps a set of them). */
  destroyAll(): void;
} & (new (
  element: HTMLElement,
  options: {
    config: string;
    interfaces: string[];
    task: { id: number; data: { image: string }; annotations: unknown[]; predictions: unknown[] };
  },
) => LabelStudioInstance);

const packageDir = '/node_modules/@heartexlabs/label-studio/build/static';
await loadStylesheet(`${packageDir}/css/main.css`);
await loadScript(`${packageDir}/js/main.js`);
const LabelStudio = (window as unknown as { LabelStudio: LabelStudioClass }).LabelStudio;

const root = document.querySelector<HTMLElement>('#root')!;
const { width } = fittedSize();
// The image at Loupe's fitted size (maxWidth), wheel zoom on; one label, Loupe's unreviewed yellow.
const config = `<View>
  <Image name="image" value="$image" zoom="true" zoomControl="true" maxWidth="${width}px"/>
  <RectangleLabels name="label" toName="image">
    <Label value="logo" background="#facc15"/>
  </RectangleLabels>
</View>`;
// The interfaces of the package README's example.
const interfaces = [
  'panel',
  'update',
  'submit',
  'controls',
  'side-column',
  'annotations:menu',
  'annotations:add-new',
  'annotations:delete',
  'predictions:menu',
];

let store: Store | undefined;

const image = (): ImageItem | undefined => store?.annotationStore.names.get('image');

async function open(count: number, n: number): Promise<void> {
  const predictions = (await fetch(`labelStudio-${count}.json`).then((response) =>
    response.json(),
  )) as unknown[];
  LabelStudio.destroyAll();
  store = undefined;
  const element = document.createElement('div');
  root.replaceChildren(element);
  const loaded = await new Promise<Store>((resolve) => {
    const instance = new LabelStudio(element, {
      config,
      interfaces,
      // A new address each time: the image is fetched and decoded, as opening another image is.
      task: { id: n, data: { image: `image.jpg?n=${n}` }, annotations: [], predictions },
    });
    // Once the task's predictions are in the store (onLabelStudioLoad comes before them).
    instance.on('storageInitialized', (ready) => {
      const annotations = ready.annotationStore;
      annotations.addAnnotationFromPrediction(annotations.predictions[0]);
      resolve(ready);
    });
  });
  store = loaded;
  await untilFrame(() => {
    const item = image();
    return (
      item !== undefined &&
      item.isReady &&
      item.stageWidth > 1 &&
      item.stageRef !== null &&
      item.stageRef !== undefined &&
      loaded.annotationStore.selected?.regions.length === count
    );
  });
  document.body.dataset['opened'] = String(n);
}

function photo(): HTMLImageElement {
  const element = root.querySelector<HTMLImageElement>('img[alt="LS"]');
  if (!element) throw new Error('Label Studio shows no image');
  return element;
}

exposePeer({
  open,
  placement: () => imagePlacement(photo()),
  // Compared by the task's id: the store's own id carries a suffix, so comparing it never matched
  // and the bench once dropped Label Studio at its first drag, its click having selected the region.
  isSelected: (id) => store?.annotationStore.selected?.highlightedNode?.cleanId === id,
  resetView: () => image()?.setZoom(1, 0, 0),
});
