import { useEffect, useState } from 'react';

/** A text field that saves on Enter or when it loses focus, and follows outside changes. */
export function TextSetting(props: {
  label: string;
  hint?: string;
  value: string;
  placeholder?: string;
  onCommit: (value: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const commit = () => {
    if (draft !== props.value) void props.onCommit(draft).then((saved) => saved || setDraft(props.value));
  };
  return (
    <label>
      <span>{props.label}</span>
      <input
        value={draft}
        placeholder={props.placeholder}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
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
