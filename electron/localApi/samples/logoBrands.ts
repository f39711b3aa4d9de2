/**
 * The invented brands of the logo sample set. The names are made up for Loupe; none is meant to be
 * anyone's trademark. Each brand keeps one look (emblem, layout, colours) across images, as a real
 * logo does, so a reviewer learns them quickly.
 */
export interface LogoBrand {
  name: string;
  /** A Pango font description without size; generic families, so any machine's fonts will do. */
  font: string;
  emblem: 'circle' | 'ring' | 'rounded-square' | 'triangle' | 'hexagon' | 'diamond' | 'none';
  /** Emblem beside the word, emblem above it, or the word on a filled badge. */
  layout: 'beside' | 'below' | 'badge';
  /** Word colour. */
  ink: string;
  /** Emblem or badge colour. */
  accent: string;
}

export const logoBrands: readonly LogoBrand[] = [
  {
    name: 'Ardenquay',
    font: 'sans bold',
    emblem: 'circle',
    layout: 'beside',
    ink: '#1d3557',
    accent: '#e63946',
  },
  {
    name: 'Vexamoor',
    font: 'sans bold italic',
    emblem: 'triangle',
    layout: 'below',
    ink: '#222222',
    accent: '#f4a261',
  },
  {
    name: 'Kilnworth',
    font: 'serif bold',
    emblem: 'hexagon',
    layout: 'beside',
    ink: '#5a3e1b',
    accent: '#b5651d',
  },
  {
    name: 'Brisvalen',
    font: 'sans bold',
    emblem: 'none',
    layout: 'badge',
    ink: '#ffffff',
    accent: '#2a9d8f',
  },
  {
    name: 'Quorrinel',
    font: 'serif italic',
    emblem: 'ring',
    layout: 'below',
    ink: '#3d405b',
    accent: '#81b29a',
  },
  {
    name: 'Tallowby',
    font: 'sans',
    emblem: 'rounded-square',
    layout: 'beside',
    ink: '#264653',
    accent: '#e9c46a',
  },
  {
    name: 'Omberlin',
    font: 'serif bold',
    emblem: 'none',
    layout: 'badge',
    ink: '#fefae0',
    accent: '#6d597a',
  },
  {
    name: 'Pellowmar',
    font: 'sans bold',
    emblem: 'diamond',
    layout: 'below',
    ink: '#0b3d91',
    accent: '#ff7f11',
  },
];

/**
 * A brand's concept id: `brand_` + its name in lower case (`brand_kilnworth`). Name-based, so the id is
 * stable and readable in feedback sent to the local API; Clarifai's own logo ids are opaque.
 */
export function brandConceptId(name: string): string {
  return `brand_${name.trim().toLowerCase().replace(/\s+/g, '_')}`;
}
