import { useEffect, useState } from 'react';

/**
 * A text field that saves on Enter or when it loses focus, and follows outside changes. With
 * `validate`, a value it refuses stays in the field with the reason beside it (not silently
 * reverted), and nothing is saved until it is fixed.
 */
export function TextSetting(props: {
  label: string;
  hint?: string;
  value: string;
  placeholder?: string;
  validate?: (value: string) => string | undefined;
  onCommit: (value: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(props.value);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setDraft(props.value);
    setProblem(undefined);
  }, [props.value]);
  const commit = () => {
    if (draft === props.value) return setProblem(undefined);
    const refused = props.validate?.(draft);
    setProblem(refused);
    if (refused === undefined) void props.onCommit(draft).then((saved) => saved || setDraft(props.value));
  };
  return (
    <label>
      <span>{props.label}</span>
      <input
        value={draft}
        placeholder={props.placeholder}
        aria-invalid={problem !== undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {problem && (
        <small className="error-text" role="alert">
          {problem}
        </small>
      )}
      {props.hint && <small className="muted">{props.hint}</small>}
    </label>
  );
}

export function NumberSetting(props: {
  label: string;
  value: number;
  onCommit: (value: number) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(String(props.value));
  useEffect(() => setDraft(String(props.value)), [props.value]);
  const commit = () => {
    const value = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(value)) setDraft(String(props.value));
    else if (value !== props.value)
      void props.onCommit(value).then((saved) => saved || setDraft(String(props.value)));
  };
  return (
    <label>
      <span>{props.label}</span>
      <input
        inputMode="decimal"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
    </label>
  );
}
