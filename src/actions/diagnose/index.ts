// The diagnose engine's public surface: chat (runDiagnose) and alerts (diagnoseWorkload + the cache) use only this.
export { buildReport, isHealthy } from './build-report.ts';
export { createDiagnosisCache, type DiagnosisCache, type DiagnosisCacheOptions } from './cache.ts';
export { diagnoseRead, diagnoseWorkload, type Diagnosis, type DiagnoseLimits } from './diagnose-workload.ts';
export type { DiagnoseClients } from './gather.ts';
export { diagnoseMessages } from './messages.ts';
export { renderReport } from './render-report.ts';
export { CLASSIFICATION_RULES, type ClassificationRule } from './rules.ts';
export type { Finding, Report, Snapshot, Unknown } from './types.ts';
