import { create } from 'zustand';
import { recall, remember } from '../state/windowMemory.ts';
import { defaultDisplay, type RegionDisplay } from './regionDisplay.ts';

/** The canvas's display settings: this window's, kept across its reloads like the threshold. */
export const useDisplayStore = create<RegionDisplay>(() => rememberedDisplay());

export function setDisplay(change: Partial<RegionDisplay>): void {
  useDisplayStore.setState(change);
  // The audit's sample is the audit's, not a display setting to bring back after a reload.
  remember('display', JSON.stringify({ ...useDisplayStore.getState(), onlyKeys: undefined }));
}

export function resetDisplay(): void {
  useDisplayStore.setState({ ...defaultDisplay, onlyKeys: useDisplayStore.getState().onlyKeys });
  remember('display', undefined);
}

export const toggleRegions = (): void => setDisplay({ regions: !useDisplayStore.getState().regions });

function rememberedDisplay(): RegionDisplay {
  try {
    const value = JSON.parse(recall('display') ?? '{}') as Partial<RegionDisplay>;
    const number = (
      key: 'boxOpacity' | 'labelSize' | 'brightness' | 'contrast',
      min: number,
      max: number,
    ) => {
      const n = value[key];
      return typeof n === 'number' && n >= min && n <= max ? n : defaultDisplay[key];
    };
    return {
      regions: value.regions !== false,
      hiddenLooks: Array.isArray(value.hiddenLooks) ? value.hiddenLooks : [],
      hiddenConcepts: Array.isArray(value.hiddenConcepts) ? value.hiddenConcepts.map(String) : [],
      boxOpacity: number('boxOpacity', 0.1, 1),
      labelSize: number('labelSize', 8, 32),
      brightness: number('brightness', 0.2, 3),
      contrast: number('contrast', 0.2, 3),
    };
  } catch {
    return defaultDisplay;
  }
}

/** Shows only these regions (an audit's sample), or every region again. */
export function showOnly(keys: ReadonlySet<string> | undefined): void {
  useDisplayStore.setState({ onlyKeys: keys });
}
