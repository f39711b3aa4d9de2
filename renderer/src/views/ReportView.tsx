import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ComposedChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Interval } from '../../../shared/qaEstimates.ts';
import type { QaReport, VerdictCounts } from '../../../shared/qaReport.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { modelLabel, useModels } from '../state/models.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { Card } from './Card.tsx';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
/** A proportion with its 95 % interval: "83.3 % (43.6–97.0 %)". */
const withInterval = (interval: Interval | null) =>
  interval
    ? `${percent(interval.estimate)} (${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)} %)`
    : '—';

/** The QA report: verdict counts, precision/recall estimates, IoU of corrections, precision vs confidence. */
export function ReportView() {
  const report = useAppStore((state) => state.report);
  const [data, setData] = useState<QaReport | undefined>();
  const models = useModels();
  const [target, setTarget] = useState(0.9);

  const refresh = useCallback(
    async () => setData(report(await loupe.invoke('report.get', { targetPrecision: target }))),
    [report, target],
  );
  useEffect(() => {
    void refresh();
    // Edits in another window move verdicts without moving an image's status. The report reads
    // every review: once the edits pause, not once per key press there.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 500);
    };
    const unsubscribe = [loupe.on('images.changed', again), loupe.on('review.changed', again)];
    return () => {
      clearTimeout(timer);
      unsubscribe.forEach((off) => off());
    };
  }, [refresh]);

  if (!data) return <p className="muted">Loading the report…</p>;
  return (
    <section className="report" aria-labelledby="report-title">
      <h1 id="report-title">QA report</h1>
      <p className="muted">
        From {data.reviews} reviewed prediction(s). Precision ≈ (accurate + misplaced) / all judged
        predictions; recall ≈ (accurate + misplaced) / (those + not detected).
      </p>
      <div className="cards" data-testid="report-total">
        <Card label="Accurate" value={data.total.accurate} />
        <Card label="Misplaced" value={data.total.misplaced} />
        <Card label="False positive" value={data.total.false_positive} />
        <Card label="Not detected" value={data.total.not_detected} />
        <Card label="Unreviewed" value={data.total.unreviewed} />
        <Card label="Precision" value={percent(data.total.precision)} testId="report-precision" />
        <Card label="Recall" value={percent(data.total.recall)} testId="report-recall" />
        <Card
          label="Mean IoU of corrections"
          value={data.meanCorrectedIou === null ? '—' : data.meanCorrectedIou.toFixed(3)}
        />
      </div>
      <Estimates data={data} target={target} onTarget={setTarget} />
      {data.carried.carried > 0 && <Carried carried={data.carried} />}
      <div className="charts">
        <figure>
          <figcaption>IoU of corrected boxes (misplaced)</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data.iouHistogram.map((bin) => ({ ...bin, bin: `${bin.from.toFixed(1)}` }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bin" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="count" fill="#a15c07" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <GroupTable title="By model" groups={data.byModel} label={(id) => modelLabel(models, id)} />
      <GroupTable title="By concept" groups={data.byConcept} />
      <GroupTable title="By confidence" groups={data.byConfidence} />
      <GroupTable title="By reviewer" groups={data.byReviewer} />
      <ExportPanel />
    </section>
  );
}

/** The estimates with their error bars, the threshold sweep, calibration and the confusion table. */
function Estimates({
  data,
  target,
  onTarget,
}: {
  data: QaReport;
  target: number;
  onTarget: (t: number) => void;
}) {
  const { estimates } = data;
  const recommended = estimates.recommended;
  return (
    <section aria-label="Estimates" className="estimates">
      <div className="cards" data-testid="report-estimates">
        <Card
          label="Precision, lenient (95 % interval)"
          value={withInterval(estimates.lenientPrecision)}
          testId="estimate-lenient"
        />
        <Card
          label="Precision, strict: a moved box is wrong"
          value={withInterval(estimates.strictPrecision)}
          testId="estimate-strict"
        />
        <Card
          label={
            estimates.recallIsUpperBound ? 'Recall (at most: reviews in progress)' : 'Recall (95 % interval)'
          }
          value={withInterval(estimates.recall)}
          testId="estimate-recall"
        />
        <Card
          label="Expected calibration error"
          value={
            estimates.expectedCalibrationError === null ? '—' : estimates.expectedCalibrationError.toFixed(3)
          }
          testId="estimate-ece"
        />
      </div>
      <p data-testid="recommended-threshold">
        <label>
          Target precision{' '}
          <select
            value={target}
            aria-label="Target precision"
            onChange={(event) => onTarget(Number(event.target.value))}
          >
            {[0.8, 0.85, 0.9, 0.95, 0.98].map((value) => (
              <option key={value} value={value}>
                {percent(value)}
              </option>
            ))}
          </select>
        </label>{' '}
        {recommended.threshold === null
          ? 'No threshold reaches it with 95 % confidence on these verdicts: review more, or aim lower.'
          : `Ship at confidence ≥ ${recommended.threshold.toFixed(2)}: precision ${withInterval(recommended.precision)}.`}
      </p>
      <div className="charts">
        <ChartFigure name="threshold" caption="Threshold sweep: precision, F1 and regions kept">
          <LineChart
            data={estimates.thresholds.map((point) => ({
              threshold: point.threshold,
              precision: point.precision?.estimate,
              low: point.precision?.low,
              f1: point.f1 ?? undefined,
              kept: point.kept ?? undefined,
            }))}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="threshold" type="number" domain={[0, 1]} />
            <YAxis domain={[0, 1]} />
            <Tooltip />
            <Legend />
            <Line dataKey="precision" stroke="#2563eb" dot={false} isAnimationActive={false} />
            <Line
              dataKey="low"
              name="precision, 95 % low"
              stroke="#93c5fd"
              dot={false}
              isAnimationActive={false}
            />
            <Line dataKey="f1" name="F1" stroke="#15803d" dot={false} isAnimationActive={false} />
            <Line dataKey="kept" name="regions kept" stroke="#a15c07" dot={false} isAnimationActive={false} />
            <ReferenceLine y={target} stroke="#888" strokeDasharray="4 4" />
            {recommended.threshold !== null && (
              <ReferenceLine x={recommended.threshold} stroke="#2563eb" label="recommended" />
            )}
          </LineChart>
        </ChartFigure>
        <ChartFigure name="reliability" caption="Reliability: confidence vs observed precision">
          <ComposedChart
            data={estimates.reliability
              .filter((bin) => bin.regions > 0)
              .map((bin) => ({
                confidence: bin.meanConfidence,
                precision: bin.precision,
                regions: bin.regions,
              }))}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="confidence" type="number" domain={[0, 1]} />
            <YAxis domain={[0, 1]} />
            <Tooltip />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke="#888"
              strokeDasharray="4 4"
            />
            <Scatter dataKey="precision" fill="#2563eb" isAnimationActive={false} />
          </ComposedChart>
        </ChartFigure>
      </div>
      {estimates.confusion.length > 0 && (
        <table className="table" aria-label="Confusion">
          <caption>Predicted → corrected (background: a false positive, or a miss)</caption>
          <thead>
            <tr>
              <th>Predicted</th>
              <th>Corrected</th>
              <th>Regions</th>
            </tr>
          </thead>
          <tbody>
            {estimates.confusion.map((pair) => (
              <tr key={`${pair.predicted}\u0000${pair.corrected}`}>
                <td>{pair.predicted}</td>
                <td>{pair.corrected}</td>
                <td>{pair.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A chart with its buttons to save it as SVG or PNG (the chart as drawn, at twice its size). */
function ChartFigure({ name, caption, children }: { name: string; caption: string; children: ReactNode }) {
  const figure = useRef<HTMLElement>(null);
  // The chart's own surface, not a legend icon (also an svg.recharts-surface).
  const svg = () => figure.current?.querySelector('.recharts-wrapper > svg.recharts-surface');
  const save = (blob: Blob, extension: string) => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `loupe-${name}.${extension}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  const svgText = () => {
    const element = svg();
    if (!element) return undefined;
    const copy = element.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return new XMLSerializer().serializeToString(copy);
  };
  const saveSvg = () => {
    const text = svgText();
    if (text) save(new Blob([text], { type: 'image/svg+xml' }), 'svg');
  };
  const savePng = () => {
    const text = svgText();
    const element = svg();
    if (!text || !element) return;
    const { width, height } = element.getBoundingClientRect();
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * 2);
      canvas.height = Math.ceil(height * 2);
      const context = canvas.getContext('2d');
      if (!context) return;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => blob && save(blob, 'png'), 'image/png');
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  return (
    <figure ref={figure} data-testid={`chart-${name}`}>
      <figcaption>
        {caption}{' '}
        <button type="button" className="link" onClick={saveSvg}>
          Save SVG
        </button>{' '}
        <button type="button" className="link" onClick={savePng}>
          Save PNG
        </button>
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/** Verdicts carried across model versions (docs/qa-estimates.md): how many, and how often changed. */
function Carried({ carried }: { carried: QaReport['carried'] }) {
  const rate = carried.changeRate;
  return (
    <section aria-label="Carried verdicts">
      <h2>Verdicts carried across model versions</h2>
      <div className="cards" data-testid="report-carried">
        <Card
          label="Carried"
          value={`${carried.carried} of ${carried.predicted} (${percent(carried.carried / Math.max(1, carried.predicted))})`}
          testId="report-carried-count"
        />
        <Card label="Looked at since" value={carried.confirmed} testId="report-carried-confirmed" />
        <Card
          label="Changed after carrying"
          value={
            rate
              ? `${carried.changed} of ${carried.confirmed} (${percent(rate.estimate)}, ${percent(rate.low)}–${percent(rate.high)})`
              : `${carried.changed}`
          }
          testId="report-carried-changed"
        />
      </div>
    </section>
  );
}

function GroupTable({
  title,
  groups,
  label = (key) => key,
}: {
  title: string;
  groups: { key: string; counts: VerdictCounts }[];
  /** How a group's key reads (a model's name for its id). */
  label?: (key: string) => string;
}) {
  if (groups.length === 0) return null;
  return (
    <table className="table" aria-label={title}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th />
          <th>Accurate</th>
          <th>Misplaced</th>
          <th>False positive</th>
          <th>Not detected</th>
          <th>Unreviewed</th>
          <th>Precision</th>
          <th>Recall</th>
        </tr>
      </thead>
      <tbody>
        {groups.map(({ key, counts }) => (
          <tr key={key}>
            <th scope="row" title={label(key) === key ? undefined : key}>
              {label(key)}
            </th>
            <td>{counts.accurate}</td>
            <td>{counts.misplaced}</td>
            <td>{counts.false_positive}</td>
            <td>{counts.not_detected}</td>
            <td>{counts.unreviewed}</td>
            <td title={withInterval(counts.precisionInterval)}>{percent(counts.precision)}</td>
            <td>{percent(counts.recall)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
