import { describe, expect, it } from 'vitest';
import type { ReviewedRegion } from '../../../../shared/review.ts';
import { regionAt } from '../../../../renderer/src/review/hitTest.ts';
import { paintRegions, type PaintContext } from '../../../../renderer/src/review/regionPainter.ts';
import { selectionHalo } from '../../../../renderer/src/review/regionStyle.ts';
import { predictedRegion } from '../../../support/reviewFixtures.ts';

const size = { width: 1000, height: 1000 };
const regions: ReviewedRegion[] = [
  predictedRegion('big', { top: 0, left: 0, bottom: 0.5, right: 0.5 }),
  predictedRegion('small', { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }),
  predictedRegion('far', { top: 0.9, left: 0.9, bottom: 1, right: 1 }),
  {
    ...predictedRegion('gone', { top: 0.1, left: 0.1, bottom: 0.15, right: 0.15 }),
    source: 'reviewer',
    removed: true,
  },
];

/** A context that records what the painter asks of it. */
function recorder() {
  const calls: { name: string; args: unknown[]; lineWidth: number; alpha: number; stroke: string }[] = [];
  const context = {
    lineWidth: 1,
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    font: '',
    textBaseline: 'alphabetic',
    measureText: (text: string) => ({ width: text.length * 6 }),
  } as unknown as PaintContext & { lineWidth: number; globalAlpha: number; strokeStyle: string };
  for (const name of [
    'beginPath',
    'rect',
    'moveTo',
    'lineTo',
    'stroke',
    'fillRect',
    'fillText',
    'setLineDash',
  ])
    Object.assign(context, {
      [name]: (...args: unknown[]) =>
        calls.push({
          name,
          args,
          lineWidth: context.lineWidth,
          alpha: context.globalAlpha,
          stroke: context.strokeStyle,
        }),
    });
  const named = (name: string) => calls.filter((call) => call.name === name);
  return { context, calls, named };
}

describe('region painter', () => {
  const input = { regions, size, threshold: 0, except: undefined };
  const view = { scale: 1, visible: { x: 0, y: 0, width: 300, height: 300 } };

  it('draws regions in or near the view, not the selected one, not deleted drawn ones', () => {
    const { context, named } = recorder();
    // The view grown by half its size on each side reaches 450 px: "far" (at 900) is left out.
    expect(paintRegions(context, input, view)).toBe(2);
    expect(named('rect').map((call) => call.args)).toEqual([
      [0, 0, 500, 500],
      [100, 100, 100, 100],
    ]);
    const { context: other, named: otherNamed } = recorder();
    expect(paintRegions(other, { ...input, except: 'small' }, view)).toBe(1);
    expect(otherNamed('rect')).toHaveLength(1);
    const { context: wide } = recorder();
    expect(paintRegions(wide, input, { ...view, visible: { x: 0, y: 0, width: 700, height: 700 } })).toBe(3);
  });

  it('puts a halo under each region of a multi-selection, in one stroke before the boxes', () => {
    const { context, calls } = recorder();
    paintRegions(context, { ...input, selected: new Set(['big', 'small']) }, { ...view, scale: 2 });
    const firstStroke = calls.findIndex((call) => call.name === 'stroke');
    expect(calls[firstStroke]).toMatchObject({
      stroke: selectionHalo.colour,
      lineWidth: selectionHalo.width / 2,
    });
    expect(calls.slice(0, firstStroke).filter((call) => call.name === 'rect')).toHaveLength(2);
  });

  it('strokes each look once, in screen-constant widths, dimming regions under the threshold', () => {
    const looks: ReviewedRegion[] = [
      { ...predictedRegion('a', { top: 0, left: 0, bottom: 0.1, right: 0.1 }, 'logo', 0.9), confirmed: true },
      {
        ...predictedRegion('b', { top: 0.2, left: 0, bottom: 0.3, right: 0.1 }, 'logo', 0.9),
        confirmed: true,
      },
      { ...predictedRegion('c', { top: 0.4, left: 0, bottom: 0.5, right: 0.1 }, 'logo', 0.9), removed: true },
      predictedRegion('d', { top: 0.6, left: 0, bottom: 0.7, right: 0.1 }, 'logo', 0.2),
    ];
    const { context, named } = recorder();
    paintRegions(
      context,
      { regions: looks, size, threshold: 0.5, except: undefined },
      { scale: 2, visible: { x: 0, y: 0, width: 500, height: 500 } },
    );
    const strokes = named('stroke');
    expect(strokes.map((call) => call.stroke)).toEqual(['#22c55e', '#ef4444', '#facc15']);
    // 2 px on screen at a zoom of 2 is 1 image pixel.
    expect(strokes.every((call) => call.lineWidth === 1)).toBe(true);
    expect(strokes.map((call) => call.alpha)).toEqual([1, 1, 0.35]);
    // The false positive is struck through.
    expect(named('lineTo').map((call) => call.args)).toEqual([[100, 500]]);
    // "d" lies below the view, in the margin painted for panning: its box is drawn, its label not.
    expect(named('fillText').map((call) => call.args[0])).toEqual(['logo 90%', 'logo 90%', 'logo 90%']);
  });

  it('at 2,000 regions draws the labels that fit, each once, never one over another', () => {
    // 2,000 boxes on one spot: one label fits.
    const piled = Array.from({ length: 2000 }, (_, index) =>
      predictedRegion(`m${index}`, { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 }, 'logo'),
    );
    const { context, named } = recorder();
    const painted: string[] = [];
    paintRegions(context, { ...input, regions: piled, painted }, view);
    expect(named('fillText')).toHaveLength(1);
    expect(painted).toEqual(['logo 90%']);
    expect(named('stroke')).toHaveLength(1);
    // 2,000 boxes in a grid 40 px apart across and 25 px down: every label fits beside the others.
    const grid = Array.from({ length: 2000 }, (_, index) => {
      const left = (index % 40) * 0.04;
      const top = 0.02 + Math.floor(index / 40) * 0.025;
      return predictedRegion(`g${index}`, { top, left, bottom: top + 0.01, right: left + 0.01 }, 'x');
    });
    const wide = { scale: 1, visible: { x: 0, y: 0, width: 1600, height: 1300 } };
    const { context: spaced, named: spacedNamed } = recorder();
    paintRegions(spaced, { ...input, size: { width: 1000, height: 1000 }, regions: grid }, wide);
    const texts = spacedNamed('fillText');
    expect(texts.length).toBeGreaterThan(1000);
    const rects = spacedNamed('fillRect').map((call) => call.args as [number, number, number, number]);
    // Every pair compared, one assertion at the end (an expect per pair took seconds).
    const overlaps: string[] = [];
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const [ax, ay, aw, ah] = rects[i]!;
        const [bx, by, bw, bh] = rects[j]!;
        if (ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah) overlaps.push(`${i}×${j}`);
      }
    expect(overlaps).toEqual([]);
  });

  it('keeps a label inside the view when the box corner is out of it (zoomed in)', () => {
    const big = [predictedRegion('z', { top: 0, left: 0, bottom: 1, right: 1 }, 'logo')];
    const { context, named } = recorder();
    const zoomed = { scale: 4, visible: { x: 300, y: 200, width: 100, height: 80 } };
    paintRegions(context, { ...input, regions: big }, zoomed);
    const [x, y] = named('fillRect')[0]!.args as number[];
    expect([x, y]).toEqual([300, 200]);
  });

  it('labels the true concept; strikes a false one only when nothing is true', () => {
    const relabelled = predictedRegion(
      'r',
      { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 },
      'Vexamoor',
      0.8,
    );
    relabelled.concepts[0]!.judgement = 'false';
    const rejected = structuredClone(relabelled);
    relabelled.concepts.push({ id: 'brand_omberlin', name: 'Omberlin', judgement: 'true' });
    const { context, named } = recorder();
    const painted: string[] = [];
    paintRegions(context, { ...input, regions: [relabelled], painted, isNew: () => false }, view);
    expect(painted).toEqual(['Omberlin']);
    expect(named('fillRect')).toHaveLength(1);
    const { context: other, named: otherNamed } = recorder();
    const struck: string[] = [];
    paintRegions(other, { ...input, regions: [rejected], painted: struck }, view);
    expect(struck).toEqual(['✗ Vexamoor 80%']);
    // Box, then the strike through the text.
    expect(otherNamed('fillRect')).toHaveLength(2);
    const { context: third } = recorder();
    const fresh: string[] = [];
    paintRegions(
      third,
      { ...input, regions: [relabelled], painted: fresh, isNew: (c) => c.id === 'brand_omberlin' },
      view,
    );
    expect(fresh).toEqual(['Omberlin (new)']);
  });
});

describe('hit test', () => {
  it('picks the smallest region under the point', () => {
    expect(regionAt(regions, { x: 0.15, y: 0.15 })).toBe('small');
    expect(regionAt(regions, { x: 0.4, y: 0.4 })).toBe('big');
    expect(regionAt(regions, { x: 0.7, y: 0.7 })).toBeUndefined();
  });

  it('counts a little slop around the border', () => {
    expect(regionAt(regions, { x: 0.895, y: 0.95 })).toBeUndefined();
    expect(regionAt(regions, { x: 0.895, y: 0.95 }, { x: 0.01, y: 0.01 })).toBe('far');
  });

  it('on a dense grid picks the box the point is inside, not a neighbour within the slop', () => {
    const row = [0, 1, 2].map((column) =>
      predictedRegion(`c${column}`, { top: 0, left: column * 0.1, bottom: 0.05, right: column * 0.1 + 0.06 }),
    );
    const slop = { x: 0.05, y: 0.05 };
    // 0.11 is inside c1 and 0.05 from c0's right edge: c1, though c0 comes first and is as small.
    expect(regionAt(row, { x: 0.11, y: 0.02 }, slop)).toBe('c1');
    expect(regionAt(row, { x: 0.08, y: 0.02 }, slop)).toBe('c0');
    // A thin box on a large one is still picked just beside it.
    const thin = predictedRegion('thin', { top: 0.3, left: 0.1, bottom: 0.302, right: 0.4 });
    expect(regionAt([regions[0]!, thin], { x: 0.2, y: 0.305 }, { x: 0.01, y: 0.01 })).toBe('thin');
  });
});
