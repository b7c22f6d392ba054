// The metrics the approval flow writes, as a narrow port (tests pass a recorder; the app passes prom-client's).

export interface RequestMetrics {
  readonly requests: { inc(labels: { action: string; outcome: string }): void };
  readonly decisionSeconds: { observe(labels: { action: string }, seconds: number): void };
}
