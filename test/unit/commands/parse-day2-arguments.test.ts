// The grammar of the day-2 actions: job parameters (declared, pattern- and length-checked), and the name-only forms.
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../../src/commands/parse-arguments.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { buildUsage, describeUsage } from '../../../src/commands/usage.ts';
import { toActionRequest } from '../../../src/dispatch/to-action-request.ts';
import { makeCommand } from '../api/support/make-command.ts';

const migrate = makeCommand({
  trigger: 'migrate',
  targets: { kind: 'CronJob', names: ['db-migrate'] },
  action: {
    job: {
      container: 'migrate',
      parameters: [
        {
          name: 'version',
          env: 'TARGET_VERSION',
          pattern: 'v[0-9]+\\.[0-9]+\\.[0-9]+',
          maxLength: 16,
          required: true,
        },
        { name: 'dry-run', env: 'DRY_RUN', pattern: 'true|false', maxLength: 5 },
      ],
    },
  },
});

function parse(text: string, command = migrate): ReturnType<typeof parseArguments> {
  return parseArguments(command, tokenize(text));
}

function errorKey(text: string, command = migrate): string {
  const r = parse(text, command);
  if (r.ok) throw new Error(`expected "${text}" to be refused`);
  return r.error.userMessage.key;
}

describe('parseArguments: job', () => {
  it('takes declared parameters as --name=value or --name value, in any order, and maps them to env', () => {
    for (const text of [
      'db-migrate --version=v1.2.3 --dry-run true',
      '--dry-run=true cj/db-migrate --version v1.2.3',
      'cronjobs.batch/db-migrate --version=v1.2.3 --dry-run=true',
    ]) {
      const r = parse(text);
      expect(r.ok, text).toBe(true);
      if (!r.ok) continue;
      expect(r.invocation.target).toEqual({ kind: 'CronJob', name: 'db-migrate' });
      expect(r.invocation.job?.parameters).toEqual({ version: 'v1.2.3', 'dry-run': 'true' });
      expect(toActionRequest(r.invocation)).toEqual({
        type: 'job',
        command: 'migrate',
        container: 'migrate',
        env: [
          { name: 'TARGET_VERSION', value: 'v1.2.3' },
          { name: 'DRY_RUN', value: 'true' },
        ],
        timeoutSeconds: 900,
        logTailLines: 20,
        logMaxBytes: 4096,
      });
    }
  });

  it('leaves out optional parameters that were not given; the target is implied by the only name', () => {
    const r = parse('--version=v2.0.0');
    expect(r.ok && r.invocation.job?.parameters).toEqual({ version: 'v2.0.0' });
  });

  it('refuses a missing required parameter, an undeclared one, a value off-pattern or too long', () => {
    expect(errorKey('db-migrate')).toBe('command.parameter-missing');
    expect(errorKey('db-migrate --version=v1.2.3 --image=evil')).toBe('command.unknown-flag');
    expect(errorKey('db-migrate --version=1.2.3')).toBe('command.parameter-mismatch');
    // The pattern must match the whole value, not a part of it.
    expect(errorKey('db-migrate --version=v1.2.3-rc1')).toBe('command.parameter-mismatch');
    expect(errorKey('db-migrate --version=v1.2.3 --dry-run=yes')).toBe('command.parameter-mismatch');
    expect(errorKey('db-migrate --version=v1111111.2.3333333')).toBe('command.parameter-too-long');
    expect(errorKey('db-migrate --version=v1.2.3 --version=v1.2.4')).toBe('command.duplicate-flag');
  });

  it('refuses shell syntax before any parameter is read', () => {
    expect(errorKey('db-migrate --version=$(rm -rf /)')).toBe('command.invalid-characters');
    expect(errorKey('db-migrate --version=v1.2.3;reboot')).toBe('command.invalid-characters');
    expect(errorKey('db-migrate "--version=v1.2.3 x"')).toBe('command.invalid-characters');
  });

  it('refuses another CronJob and a workload kind', () => {
    expect(errorKey('other --version=v1.2.3')).toBe('command.target-not-allowed');
    expect(errorKey('deploy/db-migrate --version=v1.2.3')).toBe('command.kind-mismatch');
  });

  it('shows the parameters in usage, required ones in the example', () => {
    expect(buildUsage(migrate)).toEqual({
      usage: 'migrate [db-migrate] --version=VALUE [--dry-run=VALUE]',
      example: 'migrate db-migrate --version=VALUE',
    });
    expect(describeUsage(migrate).key).toBe('command.usage.job');
  });
});

describe('parseArguments: cronjob, pause/resume, pods, events', () => {
  const suspend = makeCommand({
    trigger: 'suspend',
    targets: { kind: 'CronJob', names: ['report', 'backup'] },
    action: { cronjob: { operation: 'suspend' } },
  });
  const pause = makeCommand({
    trigger: 'pause',
    targets: { kind: 'Deployment', names: ['web'] },
    action: { rollout: { operation: 'pause' } },
  });
  const pods = makeCommand({ trigger: 'pods', action: { pods: {} } });
  const events = makeCommand({ trigger: 'events', action: { events: { maxEvents: 5 } } });

  it('takes a name and nothing else', () => {
    const r = parse('backup', suspend);
    expect(r.ok && toActionRequest(r.invocation)).toEqual({ type: 'cronjob-suspend' });
    expect(errorKey('backup now', suspend)).toBe('command.unexpected-argument');
    expect(errorKey('report --force', suspend)).toBe('command.unknown-flag');
    const p = parse('', pause);
    expect(p.ok && toActionRequest(p.invocation)).toEqual({ type: 'pause' });
    const v = parse('api', pods);
    expect(v.ok && toActionRequest(v.invocation)).toEqual({ type: 'pods', maxPods: 20 });
    const e = parse('deploy/web', events);
    expect(e.ok && toActionRequest(e.invocation)).toEqual({
      type: 'events',
      maxEvents: 5,
      sinceSeconds: 3600,
    });
  });

  it('has a help line for each', () => {
    expect(describeUsage(suspend).key).toBe('command.usage.cronjob-suspend');
    expect(describeUsage(pause).key).toBe('command.usage.rollout-pause');
    expect(describeUsage(pods).key).toBe('command.usage.pods');
    expect(describeUsage(events).key).toBe('command.usage.events');
  });
});
