import type { Judgement, ReviewedConcept } from '../../../shared/review.ts';

const judgements: { value: Judgement; label: string; symbol: string }[] = [
  { value: 'true', label: 'true', symbol: '✓' },
  { value: 'false', label: 'false', symbol: '✗' },
  { value: 'unsure', label: 'unsure', symbol: '?' },
];

/**
 * Concepts with their judgement (true / false / unsure) as pressed buttons. The row the concept
 * keys act on is marked; clicking a judgement judges that row.
 */
export function ConceptList(props: {
  title: string;
  concepts: readonly ReviewedConcept[];
  focusedIndex: number | undefined;
  onJudge: (index: number, judgement: Judgement) => void;
  testId: string;
  /** A concept the model does not know (see isNewConcept): marked "new". */
  isNew?: (concept: ReviewedConcept) => boolean;
}) {
  return (
    <section className="concepts" aria-label={props.title} data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.concepts.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {props.concepts.map((concept, index) => (
            <li
              key={concept.id}
              className={index === props.focusedIndex ? 'concept focused' : 'concept'}
              aria-current={index === props.focusedIndex ? 'true' : undefined}
              data-concept={concept.name}
              data-judgement={concept.judgement}
              data-new={props.isNew?.(concept) ? 'true' : undefined}
            >
              <span className="concept-name">{concept.name}</span>
              <span className="concept-value muted">
                {concept.predictedValue !== undefined
                  ? `${Math.round(concept.predictedValue * 100)}%`
                  : props.isNew?.(concept)
                    ? 'new'
                    : 'added'}
              </span>
              <span className="judgements" role="group" aria-label={`Judge ${concept.name}`}>
                {judgements.map((judgement) => (
                  <button
                    key={judgement.value}
                    type="button"
                    className={`judgement judgement-${judgement.value}`}
                    aria-pressed={concept.judgement === judgement.value}
                    aria-label={`${concept.name}: ${judgement.label}`}
                    onClick={() => props.onJudge(index, judgement.value)}
                  >
                    {judgement.symbol}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
