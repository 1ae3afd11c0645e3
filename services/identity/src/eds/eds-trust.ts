import { readFileSync } from 'node:fs';
import { ConfigError } from '@kezek/config';
import { loadTrustStore, NcaRevocationChecker, RevocationChecker, TrustStore } from '@kezek/eds';
import { IdentityConfig } from '../config';

export type EdsTrustConfig = Pick<
  IdentityConfig,
  | 'EDS_TRUST'
  | 'EDS_ANCHORS'
  | 'EDS_INTERMEDIATES'
  | 'EDS_ANCHOR_SHA256'
  | 'EDS_OCSP_URL'
  | 'EDS_CRL_URLS'
  | 'EDS_ENFORCE_IIN_CHECKSUM'
>;

/** The trust anchors and revocation sources every signature is verified against, built once at boot. */
export class EdsTrust {
  constructor(
    readonly trust: TrustStore,
    readonly revocation: RevocationChecker,
  ) {}
}

const invalid = (variable: string, problem: string) =>
  new ConfigError(`Invalid configuration:\n  ${variable}: ${problem}`);

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw invalid(variable, `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Builds the trust store and the revocation checker from the EDS_* variables, failing before boot
 * with the variable's name: unreadable files, pins that do not match, a production store without
 * pins or with TEST certificates, no revocation source at all (every signature would be refused).
 * OCSP and CRL endpoints apply to the issuing CAs (the intermediates, or the anchors when there are none).
 */
export function loadEdsTrust(config: EdsTrustConfig, fetchImpl?: typeof fetch): EdsTrust {
  const pins = config.EDS_ANCHOR_SHA256;
  if (pins.length > 0 && pins.length !== config.EDS_ANCHORS.length)
    throw invalid('EDS_ANCHOR_SHA256', 'needs one SHA-256 per EDS_ANCHORS entry, in the same order');
  if (config.EDS_TRUST === 'production' && pins.length === 0)
    throw invalid('EDS_ANCHOR_SHA256', 'is required with EDS_TRUST=production');
  if (!config.EDS_OCSP_URL && config.EDS_CRL_URLS.length === 0)
    throw invalid('EDS_OCSP_URL', 'EDS_OCSP_URL or EDS_CRL_URLS is required (revocation is always checked)');

  const anchors = config.EDS_ANCHORS.map((path, i) => ({ pem: readPem('EDS_ANCHORS', path), sha256: pins[i] }));
  const intermediates = config.EDS_INTERMEDIATES.map((path) => ({ pem: readPem('EDS_INTERMEDIATES', path) }));
  let trust: TrustStore;
  try {
    trust = loadTrustStore({
      kind: config.EDS_TRUST,
      anchors,
      intermediates,
      enforceIinChecksum: config.EDS_ENFORCE_IIN_CHECKSUM,
    });
  } catch (e) {
    throw invalid('EDS_ANCHORS', (e as Error).message);
  }

  const issuing = intermediates.length > 0 ? intermediates : anchors;
  if (config.EDS_CRL_URLS.length > 0 && issuing.length > 1)
    throw invalid(
      'EDS_CRL_URLS',
      'a CRL belongs to one issuing CA: configure exactly one intermediate (or anchor) with it',
    );
  const [crlUrl, deltaCrlUrl] = config.EDS_CRL_URLS;
  const revocation = new NcaRevocationChecker({
    authorities: issuing.map(({ pem }) => ({ certificate: pem, ocspUrl: config.EDS_OCSP_URL, crlUrl, deltaCrlUrl })),
    fetch: fetchImpl,
  });
  return new EdsTrust(trust, revocation);
}
