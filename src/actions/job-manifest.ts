// Builds the Job that `kubectl create job --from=cronjob/NAME` would, plus who asked and the chat parameters (pure).
import { createHash, randomBytes } from 'node:crypto';
import { UserFacingError } from '../errors.ts';

export const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';
export const REQUESTED_BY_LABEL = 'kubetalk.io/requested-by';
export const COMMAND_LABEL = 'kubetalk.io/command';
export const REQUESTED_BY_ANNOTATION = 'kubetalk.io/requested-by';
export const REQUESTED_BY_NAME_ANNOTATION = 'kubetalk.io/requested-by-name';

/** Label values: at most 63 characters of alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A Job's name becomes its pods' `batch.kubernetes.io/job-name` label value, so it must fit 63 characters. */
const JOB_NAME_MAX = 63;
const SUFFIX_LENGTH = 5;
const ANNOTATION_TEXT_MAX = 256;

export interface JobRequestInfo {
  readonly command: string;
  readonly container?: string;
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly requester?: { readonly id: string; readonly name: string };
}

/** A raw CronJob as the API server returned it (fields client-node does not know are kept). */
export interface RawCronJob {
  readonly metadata?: { readonly name?: string; readonly uid?: string };
  readonly spec?: {
    readonly jobTemplate?: {
      readonly metadata?: {
        readonly labels?: Record<string, string>;
        readonly annotations?: Record<string, string>;
      };
      readonly spec?: Record<string, unknown>;
    };
  };
}

/** `<cronjob>-chat-<5 random>`, cut so the whole name fits a label value (the CronJob controller uses a time suffix). */
export function generateJobName(cronJob: string, random: () => string = randomSuffix): string {
  const room = JOB_NAME_MAX - '-chat-'.length - SUFFIX_LENGTH;
  const base = cronJob.slice(0, room).replace(/[-.]+$/, '');
  return `${base}-chat-${random()}`;
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(randomBytes(SUFFIX_LENGTH), (b) => alphabet[b % alphabet.length] ?? 'x').join('');
}

/** The sender id as a label value; ids that are not valid label values are hashed (the exact id is annotated). */
export function requesterLabelValue(id: string): string {
  if (LABEL_VALUE.test(id)) return id;
  return `sha256-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

interface RawContainer {
  readonly name?: string;
  readonly env?: ReadonlyArray<{ readonly name?: string }>;
  readonly [key: string]: unknown;
}

/** The template's containers with the parameters set on the chosen one (replacing a same-named variable). */
function injectEnv(spec: Record<string, unknown>, info: JobRequestInfo): Record<string, unknown> {
  if (info.env.length === 0) return spec;
  const template = (spec.template ?? {}) as { spec?: { containers?: RawContainer[] } };
  const containers = template.spec?.containers ?? [];
  const names = containers.map((c) => c.name ?? '');
  const chosen = info.container ?? (containers.length === 1 ? names[0] : undefined);
  if (chosen === undefined || !names.includes(chosen)) {
    throw new UserFacingError('action.job.container-not-found', {
      container: info.container ?? '-',
      containers: names.join(', '),
    });
  }
  const set = new Set(info.env.map((e) => e.name));
  const next = containers.map((c) =>
    c.name !== chosen
      ? c
      : {
          ...c,
          env: [...(c.env ?? []).filter((e) => !set.has(e.name ?? '')), ...info.env.map((e) => ({ ...e }))],
        },
  );
  return { ...spec, template: { ...template, spec: { ...template.spec, containers: next } } };
}

/** The Job body: the CronJob's job template, owner reference to the CronJob, who asked, and the parameters. */
export function buildJobFromCronJob(
  cronJob: RawCronJob,
  namespace: string,
  name: string,
  info: JobRequestInfo,
): Record<string, unknown> {
  const tpl = cronJob.spec?.jobTemplate ?? {};
  const labels: Record<string, string> = {
    ...(tpl.metadata?.labels ?? {}),
    [COMMAND_LABEL]: requesterLabelValue(info.command),
    ...(info.requester ? { [REQUESTED_BY_LABEL]: requesterLabelValue(info.requester.id || 'external') } : {}),
  };
  const annotations: Record<string, string> = {
    [INSTANTIATE_ANNOTATION]: 'manual',
    ...(tpl.metadata?.annotations ?? {}),
    ...(info.requester
      ? {
          [REQUESTED_BY_ANNOTATION]: info.requester.id.slice(0, ANNOTATION_TEXT_MAX),
          [REQUESTED_BY_NAME_ANNOTATION]: Array.from(info.requester.name)
            .slice(0, ANNOTATION_TEXT_MAX)
            .join(''),
        }
      : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      labels,
      annotations,
      // controller: true as kubectl sets it, so the CronJob's history limits and `kubectl get jobs` see it as the
      // CronJob's own; no blockOwnerDeletion, which would need the runner to update cronjobs/finalizers.
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJob.metadata?.name ?? '',
          uid: cronJob.metadata?.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: injectEnv(tpl.spec ?? {}, info),
  };
}
