// Kubernetes label-selector semantics, pure: matching labels (matchLabels + In/NotIn/Exists/DoesNotExist) and the
// string form the API's `labelSelector` query parameter takes.

/** A selector as it arrives from a ChatCommand or from a workload's `spec.selector` (operators still unchecked). */
export interface SelectorInput {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | ReadonlyArray<{
        readonly key: string;
        readonly operator: string;
        readonly values?: readonly string[] | undefined;
      }>
    | undefined;
}

type Requirement =
  | { readonly key: string; readonly op: 'Equals'; readonly value: string }
  | { readonly key: string; readonly op: 'In' | 'NotIn'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'Exists' | 'DoesNotExist' };

/** Throws for operators and value lists the API server would reject too, so a bad selector never matches by accident. */
function toRequirements(selector: SelectorInput): Requirement[] {
  const out: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: 'Equals',
    value,
  }));
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          throw new Error(`invalid label selector: ${e.operator} on "${e.key}" needs values`);
        out.push({ key: e.key, op: e.operator, values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          throw new Error(`invalid label selector: ${e.operator} on "${e.key}" takes no values`);
        out.push({ key: e.key, op: e.operator });
        break;
      default:
        throw new Error(`invalid label selector: unknown operator "${e.operator}"`);
    }
  }
  return out;
}

/** An empty selector matches everything, as in `metav1.LabelSelectorAsSelector`. */
export function matchesLabelSelector(
  selector: SelectorInput,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const have = labels ?? {};
  return toRequirements(selector).every((r) => {
    const present = Object.hasOwn(have, r.key);
    const value = have[r.key];
    switch (r.op) {
      case 'Equals':
        return present && value === r.value;
      case 'In':
        return present && value !== undefined && r.values.includes(value);
      case 'NotIn':
        return !present || value === undefined || !r.values.includes(value);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
    }
  });
}

/** `app=web,tier in (a,b),!canary`: the form the API server parses for list calls. */
export function formatLabelSelector(selector: SelectorInput): string {
  return toRequirements(selector)
    .map((r) => {
      switch (r.op) {
        case 'Equals':
          return `${r.key}=${r.value}`;
        case 'In':
          return `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
