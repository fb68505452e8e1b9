export function StatCard({ label, value, detail, testId }: { label: string; value: React.ReactNode; detail?: React.ReactNode; testId?: string }) {
  return (
    <div className="card stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="stat-detail">{detail}</div> : null}
    </div>
  );
}
