// The version kubetalk reports in logs, metrics and `whoami`.
export const VERSION = '0.1.0';
