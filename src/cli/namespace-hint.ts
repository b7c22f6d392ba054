// A missing namespace in `kubetalk validate` is often a manifest meant for `kubectl apply -n`: say so.

export function withNamespaceHint(problems: readonly string[]): string[] {
  return problems.map((p) =>
    p.startsWith('metadata.namespace: is required') ? `${p}; or pass -n NAMESPACE` : p,
  );
}
