// Where the webhook action may call: allowed hosts, address kinds beyond public ones, plain http, cluster CIDRs.
import { isIP } from 'node:net';
import type { AddressKind } from '../webhook/classify-address.ts';
import type { Config } from './config-types.ts';
import { list, type SettingReaders } from './setting-readers.ts';

const ADDRESS_KINDS: readonly AddressKind[] = [
  'loopback',
  'private',
  'link-local',
  'unspecified',
  'multicast',
  'reserved',
  'cluster',
];

export function readWebhookSettings({ get, bool, problems }: SettingReaders): Config['webhook'] {
  const allowedHosts = list(get('KUBETALK_WEBHOOK_ALLOWED_HOSTS')).map((h) => h.toLowerCase());
  for (const h of allowedHosts) {
    if (!/^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$|^[0-9a-f:.]+$/.test(h))
      problems.push(`KUBETALK_WEBHOOK_ALLOWED_HOSTS: "${h}" is not a host name (write hosts, not URLs)`);
  }
  const kinds = list(get('KUBETALK_WEBHOOK_ALLOW_ADDRESSES')).map((k) => k.toLowerCase());
  for (const k of kinds) {
    if (!(ADDRESS_KINDS as readonly string[]).includes(k))
      problems.push(`KUBETALK_WEBHOOK_ALLOW_ADDRESSES: "${k}" is not one of ${ADDRESS_KINDS.join(', ')}`);
  }
  const clusterCidrs = list(get('KUBETALK_WEBHOOK_CLUSTER_CIDRS'));
  for (const c of clusterCidrs) {
    const [net = '', prefix = ''] = c.split('/');
    if (isIP(net) === 0 || !/^\d{1,3}$/.test(prefix))
      problems.push(`KUBETALK_WEBHOOK_CLUSTER_CIDRS: "${c}" is not a CIDR`);
  }
  return {
    allowedHosts,
    allowAddressKinds: kinds.filter((k): k is AddressKind =>
      (ADDRESS_KINDS as readonly string[]).includes(k),
    ),
    allowHttp: bool('KUBETALK_WEBHOOK_ALLOW_HTTP'),
    clusterCidrs,
  };
}
