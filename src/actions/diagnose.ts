// `diagnose`: why a workload is broken, named from its objects and events by fixed rules (no model, no guessing).
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import { diagnoseRead } from './diagnose/diagnose-workload.ts';
import { renderReport } from './diagnose/render-report.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';

type DiagnoseRequest = Extract<ActionRequest, { type: 'diagnose' }>;

export async function runDiagnose(req: DiagnoseRequest, env: ActionEnv): Promise<ActionOutcome> {
  if (!Number.isSafeInteger(req.maxBytes) || req.maxBytes < 0) {
    throw new UserFacingError('action.diagnose.invalid-options', { maxBytes: req.maxBytes });
  }
  const w = await env.readTarget();
  const { report } = await diagnoseRead(w, env, {
    maxLogBytes: req.maxBytes,
    signal: env.ctx.signal,
    now: env.now,
  });
  return renderReport(report);
}
