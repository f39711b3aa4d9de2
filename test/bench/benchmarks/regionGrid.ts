import type { SeedRegion } from '../../support/seedWorkspace.ts';

/** Grid sizes for the region counts the canvas and memory benchmarks use (about the image's aspect). */
export const gridFor: Record<number, { columns: number; rows: number }> = {
  200: { columns: 20, rows: 10 },
  500: { columns: 25, rows: 20 },
  2000: { columns: 50, rows: 40 },
  5000: { columns: 100, rows: 50 },
  10000: { columns: 125, rows: 80 },
};

/**
 * `count` boxes in a grid over the whole image, each in its own cell, as reviewLargeImage.spec.ts
 * seeds them: a dense logo-detector output, every region visible at once when fitted.
 */
export function gridRegions(count: number): SeedRegion[] {
  const grid = gridFor[count];
  if (!grid) throw new RangeError(`no grid for ${count} regions`);
  const regions: SeedRegion[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const left = (column + 0.2) / grid.columns;
      const top = (row + 0.2) / grid.rows;
      regions.push({
        id: `r-${row}-${column}`,
        box: { left, top, right: left + 0.6 / grid.columns, bottom: top + 0.6 / grid.rows },
        concepts: [{ id: 'ai_logo', name: 'logo', value: 0.3 + ((row * grid.columns + column) % 70) / 100 }],
      });
    }
  }
  return regions;
}
