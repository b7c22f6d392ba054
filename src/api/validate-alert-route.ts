// validateAlertRoute: untrusted input (a YAML file, a test's object) → an AlertRoute, or every problem found: the
// CRD's schema and CEL rules, as the API server applies them, plus the runtime-only checks (RE2 matchers, titles).
import {
  checkAlertRoute,
  type AlertRouteOptions,
  type AlertRouteValidation,
} from './alert-route-from-crd.ts';
import { evaluateRules } from './crd/evaluate-rules.ts';

export type { AlertRouteOptions, AlertRouteValidation } from './alert-route-from-crd.ts';

export function validateAlertRoute(obj: unknown, options: AlertRouteOptions = {}): AlertRouteValidation {
  return checkAlertRoute(obj, options, evaluateRules);
}
