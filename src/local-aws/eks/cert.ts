/**
 * The TLS certificate of a local EKS endpoint. kubectl and helm speak only HTTPS to a cluster, and
 * DescribeCluster hands out the CA they must trust (certificateAuthority.data); a self-signed
 * certificate for the addresses builds use is both. EC P-256 keeps generation in milliseconds.
 * selfsigned (with pkijs and a dozen @peculiar/asn1 packages) loads on first use: every pipeline run
 * creates the local AWS stand-ins, few declare a cluster (docs/performance.md, change 13).
 */

export interface EndpointCertificate {
  cert: string;
  key: string;
}

export async function endpointCertificate(ips: string[], names: string[]): Promise<EndpointCertificate> {
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'codelocal-eks' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
