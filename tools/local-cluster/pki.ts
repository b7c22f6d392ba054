// Generates the throwaway PKI of a local control plane with openssl: one CA, the serving cert, client certs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly saKey: string;
  readonly saPub: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Issues a client certificate; the CN is the user name and each O a group, as the API server reads them. */
export function issueClientCert(
  pki: Pki,
  name: string,
  user: string,
  groups: readonly string[],
): { cert: string; key: string } {
  const key = join(pki.dir, `${name}.key`);
  const cert = join(pki.dir, `${name}.crt`);
  if (existsSync(cert)) return { cert, key };
  const subj = [...groups.map((g) => `/O=${g}`), `/CN=${user}`].join('');
  const ext = join(pki.dir, 'client.ext');
  writeFileSync(ext, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', `${name}.csr`, '-subj', subj],
    pki.dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      pki.caCert,
      '-CAkey',
      pki.caKey,
      '-CAcreateserial',
      '-days',
      '3650',
      '-out',
      cert,
      '-extfile',
      ext,
    ],
    pki.dir,
  );
  return { cert, key };
}

/** Creates the PKI once per state folder; a restart reuses it so existing kubeconfigs keep working. */
export function ensurePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const p = (f: string): string => join(dir, f);
  const pki: Pki = {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('apiserver.crt'),
    serverKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };
  if (!existsSync(pki.caCert)) {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        pki.caKey,
        '-out',
        pki.caCert,
        '-days',
        '3650',
        '-subj',
        '/CN=kubetalk-test-ca',
      ],
      dir,
    );
  }
  if (!existsSync(pki.serverCert)) {
    const sans =
      'subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,' +
      'DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1\n' +
      'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
    writeFileSync(p('server.ext'), sans);
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        pki.serverKey,
        '-out',
        'apiserver.csr',
        '-subj',
        '/CN=kube-apiserver',
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'apiserver.csr',
        '-CA',
        pki.caCert,
        '-CAkey',
        pki.caKey,
        '-CAcreateserial',
        '-days',
        '3650',
        '-out',
        pki.serverCert,
        '-extfile',
        'server.ext',
      ],
      dir,
    );
  }
  issueClientCert(pki, 'admin', 'kubetalk-admin', ['system:masters']);
  if (!existsSync(pki.saKey)) {
    openssl(['genrsa', '-out', pki.saKey, '2048'], dir);
    openssl(['rsa', '-in', pki.saKey, '-pubout', '-out', pki.saPub], dir);
  }
  return pki;
}
