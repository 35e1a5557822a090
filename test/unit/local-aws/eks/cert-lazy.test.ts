/**
 * Every pipeline run creates the local AWS stand-ins, few declare an EKS cluster: the certificate library
 * (selfsigned, which brings pkijs and a dozen @peculiar/asn1 packages, ~200 CommonJS modules) loads on first
 * use, not with local-aws (docs/performance.md, change 13). Runs the built dist/ in a fresh process, as the CLI
 * loads it; and the certificate still comes out when a cluster asks for one.
 */
import { execa } from 'execa';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointCertificate } from '../../../../src/local-aws/eks/cert.js';

const CERT_LIBRARY = /[\\/]node_modules[\\/](selfsigned|pkijs|@peculiar)[\\/]/;

describe('the EKS endpoint certificate', () => {
  it('local-aws loads without the certificate library', async () => {
    const script =
      "import('./dist/local-aws/index.js').then(() => console.log(JSON.stringify(Object.keys(require('module')._cache))))";
    const { stdout } = await execa('node', ['-e', script], { cwd: process.cwd() });
    const loaded = JSON.parse(stdout) as string[];
    expect(loaded.length).toBeGreaterThan(10); // the probe sees CommonJS modules at all
    expect(loaded.filter((p) => CERT_LIBRARY.test(p))).toEqual([]);
  });

  it('is still made on first use, for the names and addresses given', async () => {
    const { cert } = await endpointCertificate(['10.1.2.3'], ['codelocal-aws']);
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toContain('DNS:codelocal-aws');
    expect(x509.subjectAltName).toContain('IP Address:10.1.2.3');
  });
});
