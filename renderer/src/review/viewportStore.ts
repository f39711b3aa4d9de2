import { create } from 'zustand';
import type { Size } from '../../../shared/geometry.ts';
import type { Viewport } from './viewport.ts';

interface ViewportState {
  viewport: Viewport;
  /** The canvas element's size in CSS pixels. */
  stage: Size;
  setViewport: (viewport: Viewport) => void;
  setStage: (stage: Size) => void;
}

/** Zoom and pan of the canvas, apart from the review so zooming never touches region state. */
export const useViewportStore = create<ViewportState>((set) => ({
  viewport: { scale: 1, x: 0, y: 0 },
  stage: { width: 0, height: 0 },
  setViewport: (viewport) => set({ viewport }),
  setStage: (stage) => set({ stage }),
}));
