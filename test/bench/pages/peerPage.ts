// What the peer pages of the canvas benchmark share (test/bench/pages/labelStudio, annotorious):
// loading a package's built files from the project's node_modules (served by staticServer.ts
// under /node_modules/, never copied), the stage size, and the contract with the bench driver.

/** Where the image is drawn on the page: image pixel (ix, iy) shows at (left + ix·scale, top + iy·scale). */
export interface PeerPlacement {
  left: number;
  top: number;
  scale: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What canvas.bench.ts calls in the page, as `window.peer`. */
export interface PeerPage {
  /** Shows image n with `count` boxes; sets body[data-opened=n] once they are painted. */
  open(count: number, n: number): Promise<void>;
  placement(): PeerPlacement;
  /** Whether the region `id` is selected (after a click on it), so it can be dragged. */
  isSelected(id: string): boolean;
  /** Back to the fitted view after a gesture that left it zoomed in. */
  resetView(): void;
}

export function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`could not load ${href}`));
    document.head.append(link);
  });
}

/** A classic (UMD) script: the packages' browser builds set a global. */
export function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/**
 * The photo's size on screen: fitted into a stage of Loupe's size (?w=&h=) with Loupe's fit
 * margin (renderer/src/review/viewport.ts), as the floor page fits it. ?iw=&ih= is the photo's size.
 */
export function fittedSize(): { width: number; height: number } {
  const params = new URLSearchParams(location.search);
  const stage = { width: Number(params.get('w') ?? 800), height: Number(params.get('h') ?? 600) };
  const image = { width: Number(params.get('iw') ?? 800), height: Number(params.get('ih') ?? 600) };
  const fitMargin = 16;
  const scale = Math.min(
    (stage.width - 2 * fitMargin) / image.width,
    (stage.height - 2 * fitMargin) / image.height,
  );
  return { width: Math.round(image.width * scale), height: Math.round(image.height * scale) };
}

/** Resolves on the first animation frame where `done()` holds. */
export function untilFrame(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (done() ? resolve() : requestAnimationFrame(check));
    check();
  });
}

/** Placement of an <img> as drawn (CSS transforms included: a zoomed view moves it). */
export function imagePlacement(image: HTMLImageElement): PeerPlacement {
  const bounds = image.getBoundingClientRect();
  return {
    left: bounds.left,
    top: bounds.top,
    scale: bounds.width / (image.naturalWidth || 1),
    x: 0,
    y: 0,
    width: image.naturalWidth,
    height: image.naturalHeight,
  };
}

export function exposePeer(peer: PeerPage): void {
  Object.assign(window, { peer });
  document.body.dataset['ready'] = 'true';
}
