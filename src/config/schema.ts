// Every configuration setting: its environment variable, default, and validation. The README table mirrors it.
// One file per concern: settings.ts (the documented list), config-types.ts (what the controller gets),
// parse-config.ts with read-*.ts (validation, one reader per concern), config-error.ts.
export type { AlertsConfig, Config, InboundMode } from './config-types.ts';
export { INBOUND_MODES } from './config-types.ts';
export { ConfigError } from './config-error.ts';
export { parseConfig } from './parse-config.ts';
export { SHARED_SERVICE_ACCOUNTS } from './read-access-settings.ts';
export { isKnownSetting, SETTINGS, type Setting } from './settings.ts';
