// Writes kubeconfig files for the local control plane (admin certificate, other client certs, or a bearer token).
import { writeFileSync } from 'node:fs';

export type Credentials = { readonly cert: string; readonly key: string } | { readonly token: string };

export function renderKubeconfig(
  server: string,
  caCert: string,
  creds: Credentials,
  namespace = 'default',
): string {
  const user =
    'token' in creds
      ? `    token: ${creds.token}`
      : `    client-certificate: ${creds.cert}\n    client-key: ${creds.key}`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubetalk-local',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${caCert}`,
    'users:',
    '- name: user',
    '  user:',
    user,
    'contexts:',
    '- name: kubetalk-local',
    '  context:',
    '    cluster: kubetalk-local',
    '    user: user',
    `    namespace: ${namespace}`,
    'current-context: kubetalk-local',
    '',
  ].join('\n');
}

export function writeKubeconfig(path: string, server: string, caCert: string, creds: Credentials): string {
  writeFileSync(path, renderKubeconfig(server, caCert, creds), { mode: 0o600 });
  return path;
}
