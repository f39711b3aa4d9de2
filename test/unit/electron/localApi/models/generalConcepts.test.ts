import { describe, expect, it } from 'vitest';
import {
  cocoConceptId,
  conceptsFromObjects,
} from '../../../../../electron/localApi/models/generalConcepts.ts';

const box = { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 };

describe('general concepts from object detections', () => {
  it('gives one concept per COCO class at its best score, best first', () => {
    const concepts = conceptsFromObjects([
      { label: 'person', score: 0.44, box },
      { label: 'wine glass', score: 0.34, box },
      { label: 'person', score: 0.66, box },
      { label: 'tie', score: 0.34, box },
    ]);
    expect(concepts).toEqual([
      { id: 'coco_person', name: 'person', value: 0.66 },
      { id: 'coco_tie', name: 'tie', value: 0.34 },
      { id: 'coco_wine_glass', name: 'wine glass', value: 0.34 },
    ]);
  });

  it('has no concepts for an image with no detections', () => {
    expect(conceptsFromObjects([])).toEqual([]);
  });

  it('makes stable, readable ids from class names', () => {
    expect(cocoConceptId('traffic light')).toBe('coco_traffic_light');
    expect(cocoConceptId('person')).toBe('coco_person');
  });
});
