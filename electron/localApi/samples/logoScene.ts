import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import type { Box } from '../../../shared/geometry.ts';
import type { LogoBrand } from './logoBrands.ts';
import type { RenderedMark } from './logoMark.ts';
import { createRandom } from '../../../shared/random.ts';
import type { Random } from '../../../shared/random.ts';

/** Everything random about one sample image, drawn up front so images can then render in parallel. */
export interface LogoScenePlan {
  /** Size of the image as seen (after EXIF orientation). */
  width: number;
  height: number;
  backgroundSvg: string;
  /** Strength of the photo-like grain laid over everything (0–255 scale). */
  grain: number;
  grainSeed: number;
  logos: { brand: LogoBrand; left: number; top: number; width: number; height: number }[];
  /**
   * Stored turned a quarter to the left with EXIF orientation 6 (display turned right), as phone
   * photos are: the boxes, like all of Loupe's, are of the image as seen.
   */
  exifRotated: boolean;
}

const sizes: readonly [number, number][] = [
  [960, 640],
  [800, 800],
  [1024, 576],
  [640, 960],
  [1200, 800],
];

const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');

/** HSL (degrees, 0–1, 0–1) to #rrggbb: librsvg and JSON readers both take hex. */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const section = (((hue % 360) + 360) % 360) / 60;
  const x = chroma * (1 - Math.abs((section % 2) - 1));
  const [r, g, b] =
    section < 1
      ? [chroma, x, 0]
      : section < 2
        ? [x, chroma, 0]
        : section < 3
          ? [0, chroma, x]
          : section < 4
            ? [0, x, chroma]
            : section < 5
              ? [x, 0, chroma]
              : [chroma, 0, x];
  const m = lightness - chroma / 2;
  return `#${hex((r + m) * 255)}${hex((g + m) * 255)}${hex((b + m) * 255)}`;
}

const colour = (random: Random, lightness: [number, number] = [0.25, 0.9]) =>
  hslToHex(random.between(0, 360), random.between(0.15, 0.75), random.between(...lightness));

type BackgroundKind = 'linear' | 'radial' | 'shapes' | 'stripes' | 'grainy';
const backgroundKinds: readonly BackgroundKind[] = ['linear', 'radial', 'shapes', 'stripes', 'grainy'];

function backgroundSvg(random: Random, kind: BackgroundKind, width: number, height: number): string {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`;
  const base = colour(random);
  switch (kind) {
    case 'linear': {
      const angle = random.between(0, Math.PI);
      const [dx, dy] = [Math.cos(angle) / 2, Math.sin(angle) / 2];
      return `${open}<defs><linearGradient id="g" x1="${0.5 - dx}" y1="${0.5 - dy}" x2="${0.5 + dx}" y2="${0.5 + dy}"><stop offset="0" stop-color="${base}"/><stop offset="0.55" stop-color="${colour(random)}"/><stop offset="1" stop-color="${colour(random)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
    }
    case 'radial':
      return `${open}<defs><radialGradient id="g" cx="${random.between(0.2, 0.8)}" cy="${random.between(0.2, 0.8)}" r="${random.between(0.5, 0.9)}"><stop offset="0" stop-color="${colour(random, [0.7, 0.95])}"/><stop offset="1" stop-color="${base}"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
    case 'shapes': {
      const shapes = Array.from({ length: random.int(12, 30) }, () => {
        const fill = `fill="${colour(random)}" fill-opacity="${random.between(0.15, 0.55).toFixed(2)}"`;
        const [x, y] = [random.int(0, width), random.int(0, height)];
        const size = random.between(0.04, 0.3) * Math.min(width, height);
        return random.next() < 0.5
          ? `<circle cx="${x}" cy="${y}" r="${size.toFixed(1)}" ${fill}/>`
          : `<rect x="${x}" y="${y}" width="${(size * 1.6).toFixed(1)}" height="${size.toFixed(1)}" transform="rotate(${random.int(0, 90)} ${x} ${y})" ${fill}/>`;
      });
      return `${open}<rect width="100%" height="100%" fill="${base}"/>${shapes.join('')}</svg>`;
    }
    case 'stripes': {
      const band = random.between(0.03, 0.09) * Math.max(width, height);
      const diagonal = Math.hypot(width, height);
      const stripes = Array.from(
        { length: Math.ceil((2 * diagonal) / (2 * band)) },
        (_, index) =>
          `<rect x="${(-diagonal + index * 2 * band).toFixed(1)}" y="${-diagonal}" width="${band.toFixed(1)}" height="${3 * diagonal}"/>`,
      );
      return `${open}<rect width="100%" height="100%" fill="${base}"/><g fill="${colour(random)}" fill-opacity="0.35" transform="rotate(${random.int(-60, 60)} ${width / 2} ${height / 2})">${stripes.join('')}</g></svg>`;
    }
    case 'grainy':
      return `${open}<rect width="100%" height="100%" fill="${base}"/></svg>`;
  }
}

const overlaps = (
  a: { left: number; top: number; width: number; height: number },
  b: { left: number; top: number; width: number; height: number },
  pad: number,
) =>
  a.left < b.left + b.width + pad &&
  b.left < a.left + a.width + pad &&
  a.top < b.top + b.height + pad &&
  b.top < a.top + a.height + pad;

/** One to three marks of different brands, apart from each other, each 16–34% of the image wide. */
export function planLogoScene(
  random: Random,
  brands: readonly LogoBrand[],
  marks: ReadonlyMap<string, RenderedMark>,
  exifRotated: boolean,
): LogoScenePlan {
  // A turned image must not be square, or a wrong turn would go unnoticed.
  const [width, height] = random.pick(exifRotated ? sizes.filter(([w, h]) => w !== h) : sizes);
  const kind = random.pick(backgroundKinds);
  const backgroundSvgText = backgroundSvg(random, kind, width, height);
  const grain = kind === 'grainy' ? random.between(28, 45) : random.between(3, 12);
  const logos: LogoScenePlan['logos'] = [];
  const margin = Math.round(0.02 * Math.min(width, height));
  for (const brand of random.shuffle(brands).slice(0, random.int(1, 3))) {
    const mark = marks.get(brand.name);
    if (!mark) throw new Error(`no rendered mark for ${brand.name}`);
    for (let attempt = 0; attempt < 40; attempt++) {
      let logoWidth = Math.round(random.between(0.16, 0.34) * width);
      let logoHeight = Math.round((logoWidth * mark.height) / mark.width);
      if (logoHeight > 0.3 * height) {
        logoHeight = Math.round(0.3 * height);
        logoWidth = Math.round((logoHeight * mark.width) / mark.height);
      }
      const candidate = {
        brand,
        left: random.int(margin, width - logoWidth - margin),
        top: random.int(margin, height - logoHeight - margin),
        width: logoWidth,
        height: logoHeight,
      };
      if (logos.every((placed) => !overlaps(placed, candidate, 2 * margin))) {
        logos.push(candidate);
        break;
      }
    }
  }
  return {
    width,
    height,
    backgroundSvg: backgroundSvgText,
    grain,
    grainSeed: random.int(0, 0xffffffff),
    logos,
    exifRotated,
  };
}

/** The true box of each logo of a plan, normalised to the image as seen. */
export function logoBoxes(plan: LogoScenePlan): { brand: LogoBrand; box: Box }[] {
  return plan.logos.map(({ brand, left, top, width, height }) => ({
    brand,
    box: {
      top: top / plan.height,
      left: left / plan.width,
      bottom: (top + height) / plan.height,
      right: (left + width) / plan.width,
    },
  }));
}

/** Grey grain centred on 128, which the `overlay` blend leaves neutral. */
function grainLayer(plan: LogoScenePlan): Buffer {
  const random = createRandom(plan.grainSeed);
  const pixels = Buffer.alloc(plan.width * plan.height * 3);
  for (let index = 0; index < pixels.length; index += 3) {
    const value = 128 + (random.next() * 2 - 1) * plan.grain;
    pixels[index] = pixels[index + 1] = pixels[index + 2] = value;
  }
  return pixels;
}

/** Renders a plan to JPEG bytes: background, marks, then grain over everything as a camera would. */
export async function renderLogoScene(
  plan: LogoScenePlan,
  marks: ReadonlyMap<string, RenderedMark>,
): Promise<Buffer> {
  const overlays: OverlayOptions[] = await Promise.all(
    plan.logos.map(async ({ brand, left, top, width, height }) => {
      const mark = marks.get(brand.name);
      if (!mark) throw new Error(`no rendered mark for ${brand.name}`);
      return { input: await sharp(mark.png).resize(width, height, { fit: 'fill' }).toBuffer(), left, top };
    }),
  );
  overlays.push({
    input: grainLayer(plan),
    raw: { width: plan.width, height: plan.height, channels: 3 },
    blend: 'overlay',
  });
  const upright = await sharp(Buffer.from(plan.backgroundSvg))
    .composite(overlays)
    .removeAlpha()
    .raw()
    .toBuffer();
  const image = sharp(upright, { raw: { width: plan.width, height: plan.height, channels: 3 } });
  const stored = plan.exifRotated ? image.rotate(270).withMetadata({ orientation: 6 }) : image;
  return stored.jpeg({ quality: 86 }).toBuffer();
}
