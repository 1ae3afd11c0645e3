import { X509Certificate, X509Crl } from '@peculiar/x509';
import { isDomainError } from '@kezek/errors';
import { refuse } from '../eds-error';
import { BoundedCache } from '../memo';
import { fingerprint, parseCertificate, serialHex } from '../certificate/certificate';
import { VerifiedCrl, isCrlValidAt, verifyCrl } from './crl';
import { buildOcspRequest, checkOcspResponse, ocspNonce } from './ocsp';

/** What step 11 stores about the revocation check, so the decision can be re-examined later. */
export interface RevocationEvidence {
  source: 'OCSP' | 'CRL';
  status: 'good' | 'revoked';
  revokedAt: Date | null;
  revocationReason: string | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** OCSP: the DER OCSPResponse as received (it carries our nonce and the responder's signature). */
  ocspResponse?: Uint8Array;
  producedAt?: Date;
  /** CRL: number and SHA-256 of the full CRL (and of the delta CRL when one was consulted). */
  crlNumber?: string;
  crlSha256?: string;
  deltaCrlNumber?: string;
  deltaCrlSha256?: string;
  /** Why OCSP gave no answer when the CRL did. */
  ocspFailure?: string;
}

/** Step 9: the revocation status of `certificate`, issued by `issuer`, at `now`. */
export interface RevocationChecker {
  check(certificate: X509Certificate, issuer: X509Certificate, now: Date): Promise<RevocationEvidence>;
}

export interface RevocationAuthorityConfig {
  /** PEM of the CA that issues signer certificates (e.g. «ҰКО 3.0 (RSA TEST)», nca_rsa_2022). */
  certificate: string;
  ocspUrl?: string;
  crlUrl?: string;
  deltaCrlUrl?: string;
}

export interface RevocationCheckerOptions {
  /** Endpoints come from configuration, never from the certificate being checked. */
  authorities: RevocationAuthorityConfig[];
  fetch?: typeof fetch;
  ocspTimeoutMs?: number;
  crlTimeoutMs?: number;
  /** How old an OCSP thisUpdate may be. */
  ocspMaxAgeMs?: number;
  clockSkewMs?: number;
  /** Nonce source; tests inject the nonce of a recorded response. */
  nonce?: () => Uint8Array;
}

interface Authority extends Omit<RevocationAuthorityConfig, 'certificate'> {
  ca: X509Certificate;
  full?: VerifiedCrl;
  delta?: VerifiedCrl;
}

/**
 * OCSP first (nonce, authorised responder, fresh answer), then the cached CRL (full + delta,
 * signature checked, refreshed from its configured URL when not valid at the instant). When neither
 * answers, REVOCATION_UNAVAILABLE: we fail closed.
 */
export class NcaRevocationChecker implements RevocationChecker {
  private readonly authorities = new Map<string, Authority>();
  private readonly downloads = new Map<string, Promise<VerifiedCrl>>();
  /**
   * Checked OCSP answers by issuer and serial, reused while they would still pass every check of a
   * fresh one (until nextUpdate and within ocspMaxAgeMs of thisUpdate). An answer without
   * nextUpdate (NCA's) says newer information is always available, so it is never reused. Any new
   * CRL drops them all: fresher information is then asked for.
   */
  private readonly ocspAnswers = new BoundedCache<string, RevocationEvidence>(10_000);
  private readonly fetch: typeof fetch;
  private readonly ocspTimeoutMs: number;
  private readonly crlTimeoutMs: number;
  private readonly ocspMaxAgeMs: number;
  private readonly clockSkewMs: number;
  private readonly nonce: () => Uint8Array;

  constructor(options: RevocationCheckerOptions) {
    for (const { certificate, ...endpoints } of options.authorities) {
      const ca = parseCertificate(certificate);
      this.authorities.set(fingerprint(ca), { ca, ...endpoints });
    }
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.ocspTimeoutMs = options.ocspTimeoutMs ?? 5_000;
    this.crlTimeoutMs = options.crlTimeoutMs ?? 30_000;
    this.ocspMaxAgeMs = options.ocspMaxAgeMs ?? 5 * 60_000;
    this.clockSkewMs = options.clockSkewMs ?? 60_000;
    this.nonce = options.nonce ?? ocspNonce;
  }

  /** Puts a CRL (full or delta) into the cache, e.g. at boot in a closed network or in tests. */
  async seedCrl(der: Uint8Array): Promise<void> {
    const issuer = new X509Crl(new Uint8Array(der)).issuer;
    const authority = [...this.authorities.values()].find((a) => a.ca.subject === issuer);
    if (!authority) throw new Error(`CRL issuer ${issuer} is not a configured revocation authority`);
    this.keep(authority, await verifyCrl(der, authority.ca));
  }

  async check(certificate: X509Certificate, issuer: X509Certificate, now: Date): Promise<RevocationEvidence> {
    const authority = this.authorities.get(fingerprint(issuer));
    if (!authority) return refuse('REVOCATION_UNAVAILABLE', 'no revocation source is configured for the issuing CA');
    let ocspFailure = 'OCSP is not configured';
    if (authority.ocspUrl) {
      const key = `${fingerprint(issuer)} ${serialHex(certificate.serialNumber)}`;
      const known = this.ocspAnswers.get(key);
      if (known && this.reusable(known, now)) return { ...known };
      try {
        const answer = await this.viaOcsp(authority.ocspUrl, certificate, issuer, now);
        if (this.reusable(answer, now)) this.ocspAnswers.set(key, answer);
        return { ...answer };
      } catch (e) {
        ocspFailure = unavailableReason(e);
      }
    }
    try {
      return { ...(await this.viaCrl(authority, certificate, now)), ocspFailure };
    } catch (e) {
      return refuse('REVOCATION_UNAVAILABLE', 'neither OCSP nor a valid CRL is available', {
        ocsp: ocspFailure,
        crl: unavailableReason(e),
      });
    }
  }

  /** Whether an OCSP answer is still one checkOcspResponse would accept at `now`, and has a nextUpdate. */
  private reusable(answer: RevocationEvidence, now: Date): boolean {
    const at = now.getTime();
    const thisUpdate = answer.thisUpdate.getTime();
    return (
      answer.nextUpdate !== null &&
      at < answer.nextUpdate.getTime() &&
      thisUpdate <= at + this.clockSkewMs &&
      at - thisUpdate <= this.ocspMaxAgeMs
    );
  }

  private async viaOcsp(
    url: string,
    certificate: X509Certificate,
    issuer: X509Certificate,
    now: Date,
  ): Promise<RevocationEvidence> {
    const nonce = this.nonce();
    const request = await buildOcspRequest(certificate, issuer, nonce);
    const response = await this.download(url, this.ocspTimeoutMs, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: new Uint8Array(request),
    });
    const answer = await checkOcspResponse(response, {
      certificate,
      issuer,
      nonce,
      now,
      maxAgeMs: this.ocspMaxAgeMs,
      clockSkewMs: this.clockSkewMs,
    });
    return { source: 'OCSP', ...answer, ocspResponse: response };
  }

  private async viaCrl(authority: Authority, certificate: X509Certificate, now: Date): Promise<RevocationEvidence> {
    const full = await this.freshCrl(authority, 'full', now);
    if (!full) refuse('REVOCATION_UNAVAILABLE', 'CRL: none is valid at the verification instant', { source: 'CRL' });
    const delta = await this.freshCrl(authority, 'delta', now).catch(() => undefined);
    const usableDelta = delta && delta.baseNumber !== null && delta.baseNumber <= full.number ? delta : undefined;

    const serial = serialHex(certificate.serialNumber);
    const deltaEntry = usableDelta?.entries.get(serial);
    // A delta entry wins: removeFromCRL lifts a hold listed in the full CRL.
    const entry = deltaEntry
      ? deltaEntry.reason === 'removeFromCRL'
        ? undefined
        : deltaEntry
      : full.entries.get(serial);
    return {
      source: 'CRL',
      status: entry ? 'revoked' : 'good',
      revokedAt: entry?.revokedAt ?? null,
      revocationReason: entry?.reason ?? null,
      thisUpdate: (usableDelta ?? full).thisUpdate,
      nextUpdate: (usableDelta ?? full).nextUpdate,
      crlNumber: full.number.toString(),
      crlSha256: full.sha256,
      ...(usableDelta ? { deltaCrlNumber: usableDelta.number.toString(), deltaCrlSha256: usableDelta.sha256 } : {}),
    };
  }

  /** The cached CRL of that kind if valid at `now`, else a download from its configured URL. */
  private async freshCrl(authority: Authority, kind: 'full' | 'delta', now: Date): Promise<VerifiedCrl | undefined> {
    const cached = authority[kind];
    if (cached && isCrlValidAt(cached, now, this.clockSkewMs)) return cached;
    const url = kind === 'full' ? authority.crlUrl : authority.deltaCrlUrl;
    if (!url) return undefined;
    let pending = this.downloads.get(url);
    if (!pending) {
      pending = this.download(url, this.crlTimeoutMs, { method: 'GET' }).then((der) => verifyCrl(der, authority.ca));
      this.downloads.set(url, pending);
      void pending.finally(() => this.downloads.delete(url)).catch(() => undefined);
    }
    const crl = await pending;
    this.keep(authority, crl);
    const kept = authority[kind];
    return kept && isCrlValidAt(kept, now, this.clockSkewMs) ? kept : undefined;
  }

  /** Keeps the newest CRL of each kind. */
  private keep(authority: Authority, crl: VerifiedCrl): void {
    const kind = crl.baseNumber === null ? 'full' : 'delta';
    const current = authority[kind];
    if (!current || crl.number >= current.number) authority[kind] = crl;
    this.ocspAnswers.clear();
  }

  private async download(url: string, timeoutMs: number, init: RequestInit): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await this.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return refuse('REVOCATION_UNAVAILABLE', `${url} is unreachable`);
    }
    if (!response.ok) refuse('REVOCATION_UNAVAILABLE', `${url} answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** Why a source gave no answer; anything unexpected (a malformed answer pkijs chokes on) is one too. */
function unavailableReason(e: unknown): string {
  if (isDomainError(e) && e.code === 'REVOCATION_UNAVAILABLE') return String(e.details?.reason ?? e.message);
  return `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}
