import { useCallback, useEffect, useState } from 'react';
import type { CommandOutput } from '../../../shared/contract.ts';
import type { TeamAssignmentView, TeamResultsView } from '../../../shared/team/teamViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { Card } from './Card.tsx';

/**
 * A team campaign on a collector (docs/team-collector.md, "The app"): the reviewer's assignment
 * with "Pull next batch", and — when the endpoint's key is the lead's — the campaign's results:
 * each reviewer's counts, throughput, kappa and gold accuracy, the disagreements, the export.
 * Every request goes through the main side, which alone holds the key.
 */
export function TeamView() {
  const endpoint = useAppStore((state) => state.settings?.endpoint);
  if (endpoint?.kind !== 'team')
    return (
      <section className="team" aria-labelledby="team-title">
        <h1 id="team-title">Team</h1>
        <p className="muted">
          Review a team campaign: choose “Team collector” under Settings → Endpoint, with the collector’s URL,
          the campaign and your reviewer key (or the lead key).
        </p>
      </section>
    );
  return <TeamScreen campaignId={endpoint.campaignId} />;
}

function TeamScreen({ campaignId }: { campaignId: string }) {
  const report = useAppStore((state) => state.report);
  const [role, setRole] = useState<CommandOutput<'team.campaigns'> | undefined>();

  useEffect(() => {
    void loupe.invoke('team.campaigns', {}).then((result) => setRole(report(result)));
  }, [report, campaignId]);

  return (
    <section className="team" aria-labelledby="team-title">
      <h1 id="team-title">Team</h1>
      {role?.lead ? (
        <LeadResults campaigns={role.campaigns} campaignId={campaignId} />
      ) : (
        <Assignment campaignId={campaignId} />
      )}
    </section>
  );
}

const leaseWords: Record<TeamAssignmentView['leaseState'], string> = {
  none: 'No batch pulled yet',
  active: 'Lease active',
  expired: 'Lease expired (your reviews are still taken, or kept for the lead)',
};

/** The reviewer's side: where the pulled images stand, and the next batch. */
function Assignment({ campaignId }: { campaignId: string }) {
  const report = useAppStore((state) => state.report);
  const setView = useAppStore((state) => state.setView);
  const [view, setAssignment] = useState<TeamAssignmentView | undefined>();
  const [pulling, setPulling] = useState(false);
  const [pulled, setPulled] = useState<string | undefined>();

  const refresh = useCallback(
    async () => setAssignment(report(await loupe.invoke('team.assignment', {}))),
    [report],
  );
  useEffect(() => {
    void refresh();
    const off = [
      loupe.on('sync.status', () => void refresh()),
      loupe.on('images.changed', () => void refresh()),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [refresh, campaignId]);

  const pull = async () => {
    setPulling(true);
    const result = report(await loupe.invoke('team.pull', { maxImages: 10 }));
    setPulling(false);
    if (result)
      setPulled(
        `Pulled ${result.added} new image(s)${result.already ? `, ${result.already} already here` : ''}${result.failed.length ? `; ${result.failed.length} failed: ${result.failed.map((item) => `${item.imageId} (${item.reason})`).join(', ')}` : ''}.`,
      );
    await refresh();
  };

  return (
    <div className="team-assignment" data-testid="team-assignment">
      <p>
        Campaign <strong data-testid="team-campaign">{campaignId || '—'}</strong>
        {view?.baseUrl ? <span className="muted"> on {view.baseUrl}</span> : null}
      </p>
      {view && (
        <>
          <div className="cards">
            <Card label="Pulled" value={view.images.total} testId="team-total" />
            <Card label="To review" value={view.images.toReview} testId="team-to-review" />
            <Card label="Submitted, not yet sent" value={view.images.submitted} testId="team-submitted" />
            <Card label="Delivered" value={view.images.delivered} testId="team-delivered" />
          </div>
          <p className="muted" data-testid="team-lease" data-state={view.leaseState}>
            {leaseWords[view.leaseState]}
            {view.leaseExpiresAt ? ` — until ${new Date(view.leaseExpiresAt).toLocaleString()}` : ''}
            {view.remaining !== null ? `; ${view.remaining} slot(s) left for others or later` : ''}
          </p>
        </>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={pulling || !campaignId}
          onClick={() => void pull()}
        >
          {pulling ? 'Pulling…' : 'Pull next batch'}
        </button>
        <button type="button" onClick={() => setView('review')}>
          Review
        </button>
      </div>
      {pulled && (
        <p role="status" data-testid="team-pulled">
          {pulled}
        </p>
      )}
    </div>
  );
}

const fixed = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);

/** The lead's side: one campaign's results, by reviewer name. */
function LeadResults({
  campaigns,
  campaignId,
}: {
  campaigns: CommandOutput<'team.campaigns'>['campaigns'];
  campaignId: string;
}) {
  const report = useAppStore((state) => state.report);
  const [chosen, setChosen] = useState(campaignId || campaigns[0]?.id || '');
  const [results, setResults] = useState<TeamResultsView | undefined>();
  const [format, setFormat] = useState<'coco' | 'csv' | 'jsonl' | 'json'>('json');
  const [exported, setExported] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    if (!chosen) return;
    setResults(report(await loupe.invoke('team.results', { campaignId: chosen })));
  }, [report, chosen]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const exportMerged = async () => {
    const result = report(await loupe.invoke('team.export', { campaignId: chosen, format, overwrite: true }));
    if (result) setExported(`Wrote ${result.bytes} bytes to ${result.file}`);
  };

  const name = (id: string) => results?.reviewer_names[id] ?? id;
  return (
    <div className="team-lead" data-testid="team-lead">
      <div className="row">
        <label>
          Campaign{' '}
          <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name || campaign.id}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {!results ? (
        <p className="muted">{chosen ? 'Loading the campaign…' : 'The collector has no campaign yet.'}</p>
      ) : (
        <>
          <div className="cards" data-testid="team-summary">
            <Card label="Images" value={results.images.total} />
            <Card label="Complete" value={results.images.complete} testId="team-complete" />
            <Card label="Gold images" value={results.images.gold} />
            <Card label="Reviews counted" value={results.reviews.counted} testId="team-counted" />
            <Card label="Extra reviews" value={results.reviews.extra} testId="team-extra" />
            <Card label="Fleiss’ kappa" value={fixed(results.agreement.fleissKappa)} testId="team-fleiss" />
          </div>
          <table className="table" data-testid="team-reviewers">
            <caption>Reviewers</caption>
            <thead>
              <tr>
                <th>Reviewer</th>
                <th>Counted</th>
                <th>Extra</th>
                <th>Per hour</th>
                <th>Kappa with others</th>
                <th>Box IoU</th>
                <th>Gold accuracy</th>
              </tr>
            </thead>
            <tbody>
              {results.reviewers.map((reviewer) => (
                <tr key={reviewer.id} data-reviewer={reviewer.id}>
                  <td data-cell="name">{name(reviewer.id)}</td>
                  <td data-cell="counted">{reviewer.counted}</td>
                  <td data-cell="extra">{reviewer.extra}</td>
                  <td data-cell="per-hour">{fixed(reviewer.perHour, 1)}</td>
                  <td data-cell="kappa">{fixed(reviewer.kappaWithOthers)}</td>
                  <td data-cell="box-iou">{fixed(reviewer.boxIouWithOthers)}</td>
                  <td data-cell="gold">
                    {reviewer.gold.judged === 0
                      ? '—'
                      : `${percent(reviewer.gold.accuracy)} (${reviewer.gold.correct}/${reviewer.gold.judged})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="table" data-testid="team-disagreements">
            <caption>Disagreements ({results.disagreements.length})</caption>
            <thead>
              <tr>
                <th>Image</th>
                <th>Region</th>
                <th>Who said what</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {results.disagreements.map((item) => (
                <tr
                  key={`${item.imageId} ${item.regionId}`}
                  data-image={item.imageId}
                  data-region={item.regionId}
                >
                  <td>{item.imageId}</td>
                  <td>{item.regionId}</td>
                  <td data-cell="verdicts">
                    {Object.entries(item.verdicts)
                      .map(([reviewerId, verdict]) => `${name(reviewerId)}: ${verdict.replace('_', ' ')}`)
                      .sort()
                      .join(', ')}
                  </td>
                  <td>{item.tie ? 'tie' : 'majority'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.extraReviews.length > 0 && (
            <table className="table" data-testid="team-extra-reviews">
              <caption>Extra reviews (a lease that expired; kept, not voted)</caption>
              <tbody>
                {results.extraReviews.map((item) => (
                  <tr key={`${item.imageId} ${item.reviewerId}`}>
                    <td>{item.imageId}</td>
                    <td>{name(item.reviewerId)}</td>
                    <td>{new Date(item.submittedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row">
            <label>
              Merged export{' '}
              <select value={format} onChange={(event) => setFormat(event.target.value as typeof format)}>
                <option value="json">JSON (votes and all)</option>
                <option value="coco">COCO</option>
                <option value="csv">CSV</option>
                <option value="jsonl">JSON Lines</option>
              </select>
            </label>
            <button type="button" onClick={() => void exportMerged()}>
              Export merged result
            </button>
          </div>
          {exported && (
            <p role="status" data-testid="team-exported">
              {exported}
            </p>
          )}
        </>
      )}
    </div>
  );
}
