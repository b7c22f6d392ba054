// The numeric bounds and defaults of the ChatCommand schema, shared by the validator, the chat grammar and the CRD test.

export const LIMITS = {
  triggerMaxLength: 64,
  triggerMaxWords: 3,
  aliasesMaxItems: 8,
  descriptionMaxLength: 256,
  /** DNS-1123 subdomain. */
  nameMaxLength: 253,
  /** DNS-1123 label: containers and namespaces. */
  labelNameMaxLength: 63,
  namesMaxItems: 64,
  matchLabelsMaxProperties: 32,
  matchExpressionsMaxItems: 16,
  selectorValuesMaxItems: 32,
  labelValueMaxLength: 63,
  /** prefix (253) + "/" + name (63). */
  labelKeyMaxLength: 317,
  replicasMax: 1000,
  timeoutSecondsMin: 1,
  timeoutSecondsMax: 3600,
  tailLinesMax: 5000,
  containersMaxItems: 16,
  maxBytesMin: 1024,
  /** A chat message holds ~20 KB (DingTalk); reading much more than that only to cut it away is waste. */
  maxBytesMax: 262_144,
  /** 30 days: both spec.logs.sinceSeconds and a sender's --since. */
  sinceSecondsMax: 2_592_000,
  conversationsMaxItems: 64,
  usersMaxItems: 256,
  chatIdMaxLength: 128,
  cooldownSecondsMax: 86_400,
  /** --to-revision: revisions are int64 in Kubernetes; nine digits keep the number exact and the input short. */
  revisionMax: 999_999_999,
  conditionsMaxItems: 16,
  /** diagnose: the log tail sits under the report, which must fit one DingTalk message with it. */
  diagnoseMaxBytesMax: 8192,
  statusActionMaxLength: 64,
  statusSummaryMaxLength: 512,
  // Day-2 actions (docs/design/0006-day-2-actions.md).
  jobParametersMaxItems: 16,
  parameterNameMaxLength: 32,
  envNameMaxLength: 128,
  parameterPatternMaxLength: 256,
  parameterValueMaxLength: 256,
  parameterDescriptionMaxLength: 128,
  jobTimeoutSecondsMax: 86_400,
  jobLogTailLinesMax: 200,
  jobLogMaxBytesMin: 256,
  jobLogMaxBytesMax: 16_384,
  maxPodsMax: 50,
  maxEventsMax: 50,
  eventsSinceSecondsMax: 604_800,
  bodyTemplateMaxLength: 4096,
  webhookTimeoutSecondsMax: 60,
} as const;

export const DEFAULTS = {
  timeoutSeconds: 600,
  tailLines: 50,
  maxTailLines: 500,
  maxBytes: 16_384,
  admins: false,
  externalMembers: false,
  jobTimeoutSeconds: 900,
  jobLogTailLines: 20,
  jobLogMaxBytes: 4096,
  parameterRequired: false,
  maxPods: 20,
  maxEvents: 10,
  eventsSinceSeconds: 3600,
  webhookEncoding: 'json',
  webhookTimeoutSeconds: 10,
  diagnoseMaxBytes: 4096,
} as const;
