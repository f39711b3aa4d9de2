import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import type { LogoBrand } from './logoBrands.ts';

/** A brand's mark as a PNG with transparency, cropped to its ink so that its size is its true box. */
export interface RenderedMark {
  png: Buffer;
  width: number;
  height: number;
}

/** Emblem size in pixels at which marks are drawn; scenes scale them down from here. */
const emblemSize = 240;

const emblemShapes: Record<Exclude<LogoBrand['emblem'], 'none'>, (fill: string) => string> = {
  circle: (fill) => `<circle cx="50" cy="50" r="50" fill="${fill}"/>`,
  ring: (fill) => `<circle cx="50" cy="50" r="42" fill="none" stroke="${fill}" stroke-width="16"/>`,
  'rounded-square': (fill) => `<rect width="100" height="100" rx="22" fill="${fill}"/>`,
  triangle: (fill) => `<polygon points="50,0 100,100 0,100" fill="${fill}"/>`,
  hexagon: (fill) => `<polygon points="25,0 75,0 100,50 75,100 25,100 0,50" fill="${fill}"/>`,
  diamond: (fill) => `<polygon points="50,0 100,50 50,100 0,50" fill="${fill}"/>`,
};
/** Filled emblems carry the brand's initial, as many real marks do. */
const emblemsWithInitial = new Set<LogoBrand['emblem']>(['circle', 'rounded-square', 'hexagon']);

interface Layer {
  input: Buffer;
  width: number;
  height: number;
}

type Placed = Layer & { left: number; top: number };

const escapeMarkup = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text through Pango (sharp's text input): its output is cropped to the text, so its size is known. */
async function renderText(text: string, font: string, color: string, sizePx: number): Promise<Layer> {
  const { data, info } = await sharp({
    text: {
      text: `<span foreground="${color}">${escapeMarkup(text)}</span>`,
      font: `${font} ${Math.round(sizePx)}`,
      dpi: 72,
      rgba: true,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

function svgLayer(width: number, height: number, body: string, viewBox = `0 0 ${width} ${height}`): Layer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${viewBox}">${body}</svg>`;
  return { input: Buffer.from(svg), width, height };
}

/** The emblem's layers, placed relative to the emblem's top-left corner. */
async function renderEmblem(brand: LogoBrand, size: number): Promise<Placed[]> {
  if (brand.emblem === 'none') return [];
  const shape = {
    ...svgLayer(size, size, emblemShapes[brand.emblem](brand.accent), '0 0 100 100'),
    left: 0,
    top: 0,
  };
  if (!emblemsWithInitial.has(brand.emblem)) return [shape];
  const initial = await renderText(brand.name.charAt(0), brand.font, '#ffffff', size * 0.55);
  return [shape, { ...initial, ...centredIn(initial, size, size) }];
}

const shifted = (layers: Placed[], left: number, top: number): Placed[] =>
  layers.map((layer) => ({ ...layer, left: layer.left + left, top: layer.top + top }));

const centredIn = (layer: { width: number; height: number }, width: number, height: number) => ({
  left: Math.round((width - layer.width) / 2),
  top: Math.round((height - layer.height) / 2),
});

/** Lays out emblem and word per the brand's layout; returns the canvas size and the placed layers. */
async function layOut(brand: LogoBrand): Promise<{ width: number; height: number; layers: Placed[] }> {
  const size = emblemSize;
  if (brand.layout === 'badge') {
    const word = await renderText(brand.name, brand.font, brand.ink, size * 0.45);
    const width = word.width + Math.round(size * 0.7);
    const height = word.height + Math.round(size * 0.44);
    const badge = svgLayer(
      width,
      height,
      `<rect width="${width}" height="${height}" rx="${Math.round(height * 0.22)}" fill="${brand.accent}"/>`,
    );
    return {
      width,
      height,
      layers: [
        { ...badge, left: 0, top: 0 },
        { ...word, ...centredIn(word, width, height) },
      ],
    };
  }
  if (brand.layout === 'beside') {
    const word = await renderText(brand.name, brand.font, brand.ink, size * 0.5);
    const gap = Math.round(size * 0.18);
    const width = size + gap + word.width;
    const height = Math.max(size, word.height);
    const emblem = shifted(await renderEmblem(brand, size), 0, Math.round((height - size) / 2));
    return {
      width,
      height,
      layers: [...emblem, { ...word, left: size + gap, top: Math.round((height - word.height) / 2) }],
    };
  }
  const word = await renderText(brand.name, brand.font, brand.ink, size * 0.4);
  const emblemSide = Math.round(size * 0.8);
  const gap = Math.round(size * 0.12);
  const width = Math.max(emblemSide, word.width);
  const emblemLeft = Math.round((width - emblemSide) / 2);
  const emblem = shifted(await renderEmblem(brand, emblemSide), emblemLeft, 0);
  return {
    width,
    height: emblemSide + gap + word.height,
    layers: [...emblem, { ...word, left: Math.round((width - word.width) / 2), top: emblemSide + gap }],
  };
}

/** Draws a brand's mark and crops it to its visible pixels (alpha > 0). */
export async function renderLogoMark(brand: LogoBrand): Promise<RenderedMark> {
  const { width, height, layers } = await layOut(brand);
  const overlays: OverlayOptions[] = layers.map(({ input, left, top }) => ({ input, left, top }));
  const { data, info } = await sharp({
    create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite(overlays)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ink = alphaBounds(data, info.width, info.height);
  if (!ink) throw new Error(`the mark of ${brand.name} rendered empty`);
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .extract(ink)
    .png()
    .toBuffer();
  return { png, width: ink.width, height: ink.height };
}

function alphaBounds(
  rgba: Buffer,
  width: number,
  height: number,
): { left: number; top: number; width: number; height: number } | undefined {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((rgba[(y * width + x) * 4 + 3] ?? 0) === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? undefined : { left, top, width: right - left + 1, height: bottom - top + 1 };
}
