import { useEffect, useRef, useState } from 'react';
import type { SubmitSummary } from '../../../shared/submitSummary.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';

/**
 * The pre-flight summary before a batch submit: what will be sent, how many regions nobody
 * judged (accept them all, or send only the reviewed ones), and moved boxes so close to the
 * prediction that the move was probably an accident. Then the items go to the outbox.
 */
export function BatchSubmitDialog(props: { predictionIds?: number[]; onClose: (submitted: number) => void }) {
  const report = useAppStore((state) => state.report);
  const [summary, setSummary] = useState<SubmitSummary | undefined>();
  const [unreviewed, setUnreviewed] = useState<'accept' | 'skip'>('accept');
  const [sending, setSending] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const { predictionIds, onClose } = props;

  useEffect(() => {
    dialog.current?.showModal();
    void loupe
      .invoke('review.preflight', predictionIds ? { predictionIds } : {})
      .then((result) => setSummary(report(result)));
  }, [predictionIds, report]);

  const submit = async () => {
    if (!summary || summary.predictionIds.length === 0 || sending) return;
    // One submit per click: a second click while this one runs would queue the feedback again.
    setSending(true);
    const result = report(
      await loupe.invoke('review.submit', { predictionIds: summary.predictionIds, unreviewed }),
    );
    onClose(result?.queued ?? 0);
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="submit-title" onCancel={() => onClose(0)}>
      <h2 id="submit-title">Submit reviews</h2>
      {!summary ? (
        <p className="muted">Counting…</p>
      ) : summary.predictionIds.length === 0 ? (
        <p>Nothing is in progress: review some images first.</p>
      ) : (
        <>
          <dl className="info" data-testid="submit-summary">
            <dt>Images</dt>
            <dd>{summary.images}</dd>
            <dt>Accurate</dt>
            <dd>{summary.regions.accurate}</dd>
            <dt>Misplaced (corrected)</dt>
            <dd>{summary.regions.misplaced}</dd>
            <dt>False positives</dt>
            <dd>{summary.regions.false_positive}</dd>
            <dt>Not detected (drawn)</dt>
            <dd>{summary.regions.not_detected}</dd>
            <dt>Concepts true / false</dt>
            <dd>
              {summary.concepts.true} / {summary.concepts.false}
            </dd>
            <dt>Unreviewed regions</dt>
            <dd>{summary.unreviewed}</dd>
          </dl>
          {summary.unreviewed > 0 && (
            <fieldset className="fieldset">
              <legend>{summary.unreviewed} region(s) were not reviewed</legend>
              <label className="checkbox">
                <input
                  type="radio"
                  checked={unreviewed === 'accept'}
                  onChange={() => setUnreviewed('accept')}
                />
                <span>Accept them all as accurate</span>
              </label>
              <label className="checkbox">
                <input type="radio" checked={unreviewed === 'skip'} onChange={() => setUnreviewed('skip')} />
                <span>Send only the reviewed regions</span>
              </label>
            </fieldset>
          )}
          {summary.labelOnly.length > 0 && (
            <div className="banner" role="note" data-testid="submit-relabelled">
              {summary.labelOnly.length} region(s) reviewed by their label only, sent as accurate with the new
              label:
              <ul>
                {summary.labelOnly.map((item) => (
                  <li key={`${item.predictionId}:${item.region}`}>{item.label}</li>
                ))}
              </ul>
            </div>
          )}
          {summary.nearlyUnchanged.length > 0 && (
            <p className="banner banner-warning" role="note">
              {summary.nearlyUnchanged.length} moved box(es) overlap their prediction by 95 % or more —
              probably moved by accident. Reset them (R on the region) if so.
            </p>
          )}
        </>
      )}
      <div className="row">
        <button type="button" onClick={() => onClose(0)}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!summary || summary.predictionIds.length === 0 || sending}
          onClick={() => void submit()}
        >
          Submit {summary?.predictionIds.length ?? ''} review(s)
        </button>
      </div>
    </dialog>
  );
}
