// The canvas floor: the same image and boxes as Loupe's review canvas, drawn with plain Canvas 2D
// and nothing else — no framework, no layers, no culling. Every frame redraws the image and every
// box, styled as Loupe draws an unreviewed region. It drags a box, pans, and zooms to the cursor
// with the wheel, as the review canvas does. ?w=&h= give the canvas the size of Loupe's stage;
// window.floor.open(count, n) shows image n with `count` boxes (regions-<count>.json) and marks
// the canvas with data-image and the body with data-opened when painted (as the peer pages do).

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const params = new URLSearchParams(location.search);
const canvas = document.querySelector<HTMLCanvasElement>('#floor')!;
canvas.width = Number(params.get('w') ?? 800);
canvas.height = Number(params.get('h') ?? 600);
const context = canvas.getContext('2d')!;
/** Loupe's fit margin and wheel speed (renderer/src/review/viewport.ts, ReviewCanvas.tsx). */
const fitMargin = 16;
const wheelZoomPerPixel = 0.0015;

let image: HTMLImageElement | undefined;
let boxes: Box[] = [];
let view = { scale: 1, x: 0, y: 0 };
let gesture: { box?: number; lastX: number; lastY: number } | undefined;
let scheduled = false;

function draw(): void {
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!image) return;
  const { naturalWidth: width, naturalHeight: height } = image;
  context.setTransform(view.scale, 0, 0, view.scale, view.x, view.y);
  context.drawImage(image, 0, 0);
  // Loupe's look for an unreviewed region (regionStyle.ts): 2 px dashed yellow, in screen pixels.
  context.lineWidth = 2 / view.scale;
  context.setLineDash([6 / view.scale, 4 / view.scale]);
  context.strokeStyle = '#facc15';
  for (const box of boxes) {
    context.strokeRect(
      box.left * width,
      box.top * height,
      (box.right - box.left) * width,
      (box.bottom - box.top) * height,
    );
  }
}

function redraw(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    draw();
  });
}

function toImage(x: number, y: number): { x: number; y: number } {
  return { x: (x - view.x) / view.scale, y: (y - view.y) / view.scale };
}

async function open(count: number, n: number): Promise<void> {
  const [regions, loaded] = await Promise.all([
    fetch(`regions-${count}.json`).then((response) => response.json() as Promise<Box[]>),
    (async () => {
      const element = new Image();
      // A new address each time: the image is fetched and decoded, as opening another image is.
      element.src = `image.jpg?n=${n}`;
      await element.decode();
      return element;
    })(),
  ]);
  image = loaded;
  boxes = regions;
  const room = { width: canvas.width - 2 * fitMargin, height: canvas.height - 2 * fitMargin };
  const scale = Math.min(room.width / loaded.naturalWidth, room.height / loaded.naturalHeight);
  view = {
    scale,
    x: canvas.width / 2 - (loaded.naturalWidth / 2) * scale,
    y: canvas.height / 2 - (loaded.naturalHeight / 2) * scale,
  };
  draw();
  canvas.dataset['image'] = String(n);
  document.body.dataset['opened'] = String(n);
}

canvas.addEventListener('pointerdown', (event) => {
  if (!image) return;
  const point = toImage(event.offsetX, event.offsetY);
  const u = point.x / image.naturalWidth;
  const v = point.y / image.naturalHeight;
  const hit = boxes.findLastIndex(
    (box) => u >= box.left && u <= box.right && v >= box.top && v <= box.bottom,
  );
  gesture = { ...(hit >= 0 ? { box: hit } : {}), lastX: event.offsetX, lastY: event.offsetY };
});

canvas.addEventListener('pointermove', (event) => {
  if (!gesture || !image) return;
  const dx = event.offsetX - gesture.lastX;
  const dy = event.offsetY - gesture.lastY;
  gesture.lastX = event.offsetX;
  gesture.lastY = event.offsetY;
  const box = gesture.box === undefined ? undefined : boxes[gesture.box];
  if (box) {
    const du = dx / view.scale / image.naturalWidth;
    const dv = dy / view.scale / image.naturalHeight;
    box.left += du;
    box.right += du;
    box.top += dv;
    box.bottom += dv;
  } else {
    view = { ...view, x: view.x + dx, y: view.y + dy };
  }
  redraw();
});

canvas.addEventListener('pointerup', () => {
  gesture = undefined;
});

canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const factor = Math.exp(-event.deltaY * wheelZoomPerPixel);
    const point = toImage(event.offsetX, event.offsetY);
    const scale = view.scale * factor;
    view = { scale, x: event.offsetX - point.x * scale, y: event.offsetY - point.y * scale };
    redraw();
  },
  { passive: false },
);

/** Where the image sits on the canvas, so a driver can point at a box. */
function placement() {
  return { left: 0, top: 0, ...view, width: image?.naturalWidth ?? 0, height: image?.naturalHeight ?? 0 };
}

Object.assign(window, { floor: { open, placement } });
document.body.dataset['ready'] = 'true';
