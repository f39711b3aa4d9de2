import { useCallback, useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { QaReport, VerdictCounts } from '../../../shared/qaReport.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { modelLabel, useModels } from '../state/models.ts';
import { ExportPanel } from './ExportPanel.tsx';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

/** The QA report: verdict counts, precision/recall estimates, IoU of corrections, precision vs confidence. */
export function ReportView() {
  const report = useAppStore((state) => state.report);
  const [data, setData] = useState<QaReport | undefined>();
  const models = useModels();

  const refresh = useCallback(async () => setData(report(await loupe.invoke('report.get', {}))), [report]);
  useEffect(() => {
    void refresh();
    // Edits in another window move verdicts without moving an image's status.
    const again = () => void refresh();
    const unsubscribe = [loupe.on('images.changed', again), loupe.on('review.changed', again)];
    return () => unsubscribe.forEach((off) => off());
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
      <div className="charts">
        <figure>
          <figcaption>Precision at or above each confidence</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart
              data={data.precisionCurve.map((point) => ({
                ...point,
                precision: point.precision ?? undefined,
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="threshold" />
              <YAxis domain={[0, 1]} />
              <Tooltip />
              <Line type="monotone" dataKey="precision" stroke="#2563eb" isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
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

function Card(props: { label: string; value: number | string; testId?: string }) {
  return (
    <div className="card" data-testid={props.testId}>
      <span className="muted">{props.label}</span>
      <strong>{props.value}</strong>
    </div>
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
            <td>{percent(counts.precision)}</td>
            <td>{percent(counts.recall)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
