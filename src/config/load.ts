// Reads configuration from the environment, `_FILE` secret files and an optional YAML file; the only code that
// touches process.env.
import { readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { ConfigError, isKnownSetting, parseConfig, type Config } from './schema.ts';

type Env = Readonly<Record<string, string | undefined>>;

function readFileSetting(name: string, path: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    problems.push(
      `${name}_FILE=${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
    return undefined;
  }
}

function readConfigFile(path: string, problems: string[]): Record<string, string> {
  let doc: unknown;
  try {
    doc = loadYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(
      `KUBETALK_CONFIG_FILE=${path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
    return {};
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push(`KUBETALK_CONFIG_FILE=${path}: expected a mapping of KUBETALK_* keys to values`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!k.startsWith('KUBETALK_'))
      problems.push(`KUBETALK_CONFIG_FILE: unknown key "${k}" (keys are the KUBETALK_* variable names)`);
    else if (Array.isArray(v)) out[k] = v.map(String).join(',');
    else out[k] = String(v);
  }
  return out;
}

/** Environment wins over the file; `X_FILE` fills X when X itself is unset. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const merged: Record<string, string | undefined> = {};
  const file = env['KUBETALK_CONFIG_FILE'];
  if (file) Object.assign(merged, readConfigFile(file, problems));
  for (const [k, v] of Object.entries(env)) if (k.startsWith('KUBETALK_') && v !== undefined) merged[k] = v;
  // A misspelt setting would otherwise be silently ignored and its default used instead.
  for (const k of Object.keys(merged)) {
    if (!isKnownSetting(k))
      problems.push(`${k} is not a kubetalk setting (see the configuration table in the README)`);
  }
  // The downward API names the replica and its namespace; they are defaults for coordination settings.
  for (const k of ['POD_NAME', 'POD_NAMESPACE', 'HOSTNAME']) if (env[k] !== undefined) merged[k] = env[k];
  for (const k of Object.keys(merged)) {
    if (!k.endsWith('_FILE') || k === 'KUBETALK_CONFIG_FILE') continue;
    const base = k.slice(0, -'_FILE'.length);
    const path = merged[k];
    if (merged[base] === undefined && path) merged[base] = readFileSetting(base, path, problems);
  }
  try {
    const config = parseConfig(merged);
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError([...problems, ...err.problems]);
    throw err;
  }
}
