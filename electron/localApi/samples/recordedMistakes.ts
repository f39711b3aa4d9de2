import type { Box } from '../../../shared/geometry.ts';
import { brandConceptId } from './logoBrands.ts';
import type { RecordedRegion } from './recordedPredictionsFile.ts';
import type { Random } from '../../../shared/random.ts';

export interface TrueLogo {
  box: Box;
  brand: string;
}

type Outcome = 'right' | 'wrong_brand' | 'shifted' | 'missed';

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Rounded for a readable file, kept inside the image and non-empty. */
function tidy(box: Box): Box {
  const top = round(clamp(box.top, 0, 0.999), 4);
  const left = round(clamp(box.left, 0, 0.999), 4);
  return {
    top,
    left,
    bottom: Math.max(round(clamp(box.bottom, 0, 1), 4), top + 0.001),
    right: Math.max(round(clamp(box.right, 0, 1), 4), left + 0.001),
  };
}

/** Each edge moved by up to `fraction` of the box's size: a good detection is never pixel-exact. */
function jittered(random: Random, box: Box, fraction: number): Box {
  const width = box.right - box.left;
  const height = box.bottom - box.top;
  const nudge = (size: number) => random.between(-fraction, fraction) * size;
  return tidy({
    top: box.top + nudge(height),
    left: box.left + nudge(width),
    bottom: box.bottom + nudge(height),
    right: box.right + nudge(width),
  });
}

/** Moved by 20–35% of its width and 10–25% of its height, towards the side with room (IoU ≈ 0.4–0.65). */
function shifted(random: Random, box: Box): Box {
  const width = box.right - box.left;
  const height = box.bottom - box.top;
  const dx = random.between(0.2, 0.35) * width * (box.left > 1 - box.right ? -1 : 1);
  const dy = random.between(0.1, 0.25) * height * (box.top > 1 - box.bottom ? -1 : 1);
  const left = clamp(box.left + dx, 0, 1 - width);
  const top = clamp(box.top + dy, 0, 1 - height);
  return tidy({ top, left, bottom: top + height, right: left + width });
}

const intersects = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A logo-sized box over background only, or undefined where the image has no room for one. */
function backgroundBox(random: Random, truths: readonly TrueLogo[]): Box | undefined {
  for (let attempt = 0; attempt < 50; attempt++) {
    const width = random.between(0.1, 0.22);
    const height = random.between(0.06, 0.14);
    const left = random.between(0, 1 - width);
    const top = random.between(0, 1 - height);
    const box = tidy({ top, left, bottom: top + height, right: left + width });
    if (truths.every((truth) => !intersects(truth.box, box))) return box;
  }
  return undefined;
}

/**
 * What a decent but imperfect logo model would have answered for images with these true logos,
 * so that reviewing the sample set exercises every verdict:
 * - one logo gets the wrong brand (box right);
 * - about one logo in five is shifted by a fifth to a third of its size ("misplaced");
 * - about one in ten is missed ("not detected");
 * - about one image in five gets a box over plain background ("false positive", low confidence);
 * - every other logo is found within 1% of its box, with the right brand.
 * Each kind of mistake appears at least once when the set has at least 3 logos. Confidences lie in
 * [0.3, 0.99]; regions are listed best first, as Clarifai lists them.
 */
export function recordPredictions(
  random: Random,
  images: readonly (readonly TrueLogo[])[],
  brandNames: readonly string[],
): RecordedRegion[][] {
  const logos = images.flatMap((truths, image) => truths.map((_, logo) => `${image}/${logo}`));
  const mistakes: Outcome[] = [
    'wrong_brand',
    ...Array<Outcome>(Math.max(1, Math.round(logos.length / 5))).fill('shifted'),
    ...Array<Outcome>(Math.max(1, Math.round(logos.length / 10))).fill('missed'),
  ];
  const outcomes = new Map(random.shuffle(logos).map((key, index) => [key, mistakes[index] ?? 'right']));
  const withFalsePositive = new Set(
    random.shuffle(images.map((_, image) => image)).slice(0, Math.max(1, Math.round(images.length / 5))),
  );

  const concept = (brand: string, value: number) => [
    { id: brandConceptId(brand), name: brand, value: round(value, 3) },
  ];
  const region = (box: Box, brand: string, value: number): RecordedRegion => ({
    id: random.hex(32),
    box,
    concepts: concept(brand, value),
  });

  return images.map((truths, image) => {
    const regions = truths.flatMap((truth, logo): RecordedRegion[] => {
      switch (outcomes.get(`${image}/${logo}`) ?? 'right') {
        case 'missed':
          return [];
        case 'shifted':
          return [region(shifted(random, truth.box), truth.brand, random.between(0.55, 0.9))];
        case 'wrong_brand': {
          const other = random.pick(brandNames.filter((name) => name !== truth.brand));
          return [region(jittered(random, truth.box, 0.01), other, random.between(0.5, 0.75))];
        }
        case 'right':
          return [region(jittered(random, truth.box, 0.01), truth.brand, random.between(0.8, 0.99))];
      }
    });
    const spurious = withFalsePositive.has(image) ? backgroundBox(random, truths) : undefined;
    if (spurious) regions.push(region(spurious, random.pick(brandNames), random.between(0.3, 0.55)));
    return regions.sort((a, b) => (b.concepts[0]?.value ?? 0) - (a.concepts[0]?.value ?? 0));
  });
}
