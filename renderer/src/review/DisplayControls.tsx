import { useMemo } from 'react';
import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { resetDisplay, setDisplay, toggleRegions, useDisplayStore } from './displayStore.ts';
import type { RegionDisplay } from './regionDisplay.ts';
import { useReviewStore } from './reviewStore.ts';

const looks: { look: RegionDisplay['hiddenLooks'][number]; label: string }[] = [
  { look: 'unreviewed', label: 'Unreviewed' },
  { look: 'accurate', label: 'Accurate' },
  { look: 'misplaced', label: 'Misplaced' },
  { look: 'false_positive', label: 'False positive' },
  { look: 'not_detected', label: 'Drawn (missed)' },
];

function toggled<T>(list: readonly T[], item: T, shown: boolean): T[] {
  return shown ? list.filter((other) => other !== item) : [...list, item];
}

function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format: (value: number) => string;
  onChange: (value: number) => void;
}) {
  return (
    <label className="display-slider">
      <span>{props.label}</span>
      <input
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      <output>{props.format(props.value)}</output>
    </label>
  );
}

/**
 * What the canvas shows: regions at all (also `H`), by verdict, by concept (those on this image's
 * regions), box opacity, label size, the image's brightness and contrast. Display only, kept for
 * this window (docs/review.md, "What is shown").
 */
export function DisplayControls(props: { table: ShortcutTable }) {
  const display = useDisplayStore();
  const regions = useReviewStore((state) => state.regions);
  const concepts = useMemo(() => {
    const names = new Map<string, string>();
    for (const region of regions)
      for (const concept of region.concepts) {
        const name = concept.name || concept.id;
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
      }
    // A concept hidden earlier stays listed, so it can be shown again on another image.
    for (const hidden of display.hiddenConcepts) if (!names.has(hidden)) names.set(hidden, hidden);
    return [...names].sort(([a], [b]) => a.localeCompare(b));
  }, [regions, display.hiddenConcepts]);
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return (
    <details className="display-controls">
      <summary>Display</summary>
      <div className="display-panel" role="group" aria-label="Display">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={display.regions}
            onChange={toggleRegions}
            aria-keyshortcuts={props.table.keysOf.get('show.toggleRegions')}
          />
          Regions <kbd>{formatCombo(props.table.keysOf.get('show.toggleRegions') ?? '')}</kbd>
        </label>
        <fieldset disabled={!display.regions}>
          <legend>By verdict</legend>
          {looks.map(({ look, label }) => (
            <label key={look} className="checkbox">
              <input
                type="checkbox"
                checked={!display.hiddenLooks.includes(look)}
                onChange={(event) =>
                  setDisplay({ hiddenLooks: toggled(display.hiddenLooks, look, event.target.checked) })
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        {concepts.length > 0 && (
          <fieldset disabled={!display.regions}>
            <legend>By concept</legend>
            {concepts.map(([key, name]) => (
              <label key={key} className="checkbox">
                <input
                  type="checkbox"
                  checked={!display.hiddenConcepts.includes(key)}
                  onChange={(event) =>
                    setDisplay({
                      hiddenConcepts: toggled(display.hiddenConcepts, key, event.target.checked),
                    })
                  }
                />
                {name}
              </label>
            ))}
          </fieldset>
        )}
        <Slider
          label="Box opacity"
          value={display.boxOpacity}
          min={0.1}
          max={1}
          step={0.05}
          format={percent}
          onChange={(boxOpacity) => setDisplay({ boxOpacity })}
        />
        <Slider
          label="Label size"
          value={display.labelSize}
          min={8}
          max={32}
          step={1}
          format={(value) => `${value} px`}
          onChange={(labelSize) => setDisplay({ labelSize })}
        />
        <Slider
          label="Brightness"
          value={display.brightness}
          min={0.2}
          max={3}
          step={0.1}
          format={percent}
          onChange={(brightness) => setDisplay({ brightness })}
        />
        <Slider
          label="Contrast"
          value={display.contrast}
          min={0.2}
          max={3}
          step={0.1}
          format={percent}
          onChange={(contrast) => setDisplay({ contrast })}
        />
        <button type="button" onClick={resetDisplay}>
          Reset display
        </button>
      </div>
    </details>
  );
}
