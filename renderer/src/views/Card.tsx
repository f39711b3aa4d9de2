/** One figure with its label, as the report and the team screen show them in `.cards`. */
export function Card(props: { label: string; value: number | string; testId?: string }) {
  return (
    <div className="card" data-testid={props.testId}>
      <span className="muted">{props.label}</span>
      <strong>{props.value}</strong>
    </div>
  );
}
