import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509ChainBuilder,
} from '@peculiar/x509';
import { z } from 'zod';
import { refuse } from '../eds-error';
import { fingerprint, isSignedBy, isTestCertificate, parseCertificate } from './certificate';
import { unknownCriticalExtension } from './certificate-profile';
import { BoundedCache } from '../memo';

const certificateEntry = z.object({
  /** PEM (or bare base64) of the certificate. */
  pem: z.string().min(1),
  /** Pinned SHA-256 of the DER, hex, colons allowed; required for production anchors. */
  sha256: z
    .string()
    .transform((s) => s.replace(/:/g, '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{64}$/))
    .optional(),
});

const trustStoreConfigSchema = z.object({
  kind: z.enum(['production', 'test']),
  anchors: z.array(certificateEntry).min(1),
  intermediates: z.array(certificateEntry).default([]),
  /** Refuse certificates whose IIN fails the checksum; test stores switch it off. */
  enforceIinChecksum: z.boolean(),
});

export type TrustStoreConfig = z.input<typeof trustStoreConfigSchema>;

/**
 * Pinned NCA trust anchors plus the intermediates that may sit between them and a signer. A
 * production store holds only pinned production certificates, a test store only TEST ones.
 */
export class TrustStore {
  private readonly anchorFingerprints: ReadonlySet<string>;
  private readonly builder: X509ChainBuilder;
  /** Path of each configured CA up to its anchor, built and checked once: the store never changes. */
  private readonly caPaths = new Map<string, Promise<X509Certificate[]>>();
  /** Each configured CA with what a signer's link needs of it, read once: certificates never change. */
  private readonly issuers: ReadonlyArray<IssuerFacts>;
  /**
   * The checked path above each signer that chained, by the signer's SHA-256: a signer's link and
   * its CA's path never change while the store does not. Only successes are kept; validity in
   * time (step 7) and revocation (step 9) are judged per verification.
   */
  private readonly verifiedPaths = new BoundedCache<string, X509Certificate[]>(10_000);

  constructor(
    readonly kind: 'production' | 'test',
    readonly anchors: readonly X509Certificate[],
    readonly intermediates: readonly X509Certificate[],
    readonly enforceIinChecksum: boolean,
  ) {
    this.anchorFingerprints = new Set(anchors.map(fingerprint));
    this.builder = new X509ChainBuilder({ certificates: [...intermediates, ...anchors] });
    this.issuers = [...intermediates, ...anchors].map(issuerFacts);
  }

  /**
   * Step 6: the chain from `leaf` to a configured anchor (leaf first, anchor last), every link
   * checked (DN, AKI/SKI, CA flags, signature). The leaf's own link costs a signature check the
   * first time that leaf is seen; the paths of the configured CAs are built once.
   */
  async buildChain(leaf: X509Certificate): Promise<X509Certificate[]> {
    const leafFingerprint = fingerprint(leaf);
    const known = this.verifiedPaths.get(leafFingerprint);
    if (known) return [leaf, ...known];
    if (this.anchorFingerprints.has(leafFingerprint))
      refuse('CERTIFICATE_UNTRUSTED', 'a trust anchor cannot sign documents');
    const aki = leaf.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
    const issuer = this.issuers.find((ca) => ca.cert.subject === leaf.issuer && (!aki || ca.ski === aki));
    if (!issuer) refuse('CERTIFICATE_UNTRUSTED', 'chain does not end at a configured anchor', { issuer: leaf.issuer });
    assertLink(leaf, aki, issuer);
    const path = await this.pathOf(issuer.cert);
    this.verifiedPaths.set(leafFingerprint, path);
    return [leaf, ...path];
  }

  /**
   * A configured CA's path to an anchor. X509ChainBuilder links by DN, AKI/SKI and signature but
   * stops silently where it finds no issuer, so the path is cut at the first anchor, refused when
   * there is none, and every link is checked again here.
   */
  private pathOf(ca: X509Certificate): Promise<X509Certificate[]> {
    const key = fingerprint(ca);
    let path = this.caPaths.get(key);
    if (!path) {
      path = this.builder.build(ca).then(
        (built) => {
          const anchorAt = built.findIndex((cert) => this.anchorFingerprints.has(fingerprint(cert)));
          if (anchorAt < 0)
            refuse('CERTIFICATE_UNTRUSTED', 'chain does not end at a configured anchor', { issuer: ca.subject });
          const kept = built.slice(0, anchorAt + 1);
          for (let i = 1; i < kept.length; i++) assertIssued(kept[i - 1], kept[i]);
          return kept;
        },
        () => refuse('CERTIFICATE_UNTRUSTED', 'certificate chain cannot be built', { issuer: ca.subject }),
      );
      this.caPaths.set(key, path);
    }
    return path;
  }
}

/** Step 7: every element of the chain must be valid at the verification instant. */
export function assertChainValidAt(chain: readonly X509Certificate[], now: Date): void {
  chain.forEach((cert, i) => {
    if (now < cert.notBefore || now > cert.notAfter) {
      const role = i === 0 ? 'signer certificate' : 'issuing CA certificate';
      refuse('CERTIFICATE_EXPIRED', `${role} is not valid at the verification instant`, {
        notBefore: cert.notBefore.toISOString(),
        notAfter: cert.notAfter.toISOString(),
        at: now.toISOString(),
      });
    }
  });
}

interface IssuerFacts {
  cert: X509Certificate;
  ski: string | undefined;
  /** Why the certificate may not issue others, if it may not. */
  unfit: string | undefined;
}

function issuerFacts(cert: X509Certificate): IssuerFacts {
  const usages = cert.getExtension(KeyUsagesExtension)?.usages;
  const unfit = !cert.getExtension(BasicConstraintsExtension)?.ca
    ? 'issuer is not a CA'
    : usages !== undefined && !(usages & KeyUsageFlags.keyCertSign)
      ? 'issuer may not sign certificates'
      : unknownCriticalExtension(cert)
        ? 'issuer has an unknown critical extension'
        : undefined;
  return { cert, ski: cert.getExtension(SubjectKeyIdentifierExtension)?.keyId, unfit };
}

function assertIssued(child: X509Certificate, issuer: X509Certificate): void {
  assertLink(child, child.getExtension(AuthorityKeyIdentifierExtension)?.keyId, issuerFacts(issuer));
}

function assertLink(child: X509Certificate, aki: string | undefined, issuer: IssuerFacts): void {
  const untrusted = (reason: string) => refuse('CERTIFICATE_UNTRUSTED', reason, { issuer: issuer.cert.subject });
  if (child.issuer !== issuer.cert.subject) untrusted('issuer DN does not match');
  if (aki && issuer.ski && aki !== issuer.ski) untrusted('AKI does not match the issuer SKI');
  if (issuer.unfit) untrusted(issuer.unfit);
  if (!isSignedBy(child, issuer.cert)) untrusted('certificate signature does not verify');
}

/**
 * Builds a trust store from configuration and fails at boot when it is unsafe: production anchors
 * must match their pinned SHA-256 and be production certificates; a test store takes only TEST
 * certificates. The two are never mixed.
 */
export function loadTrustStore(config: TrustStoreConfig): TrustStore {
  const parsed = trustStoreConfigSchema.parse(config);
  const load = (entry: z.infer<typeof certificateEntry>, role: string) => {
    const cert = parseCertificate(entry.pem);
    const actual = fingerprint(cert);
    if (entry.sha256 && entry.sha256 !== actual)
      throw new Error(`trust store: ${role} ${cert.subject} does not match its pinned SHA-256`);
    if (parsed.kind === 'production') {
      if (role === 'anchor' && !entry.sha256)
        throw new Error(`trust store: production anchor ${cert.subject} needs a pinned SHA-256`);
      if (isTestCertificate(cert))
        throw new Error(`trust store: TEST certificate ${cert.subject} in a production store`);
    } else if (!isTestCertificate(cert)) {
      throw new Error(`trust store: production certificate ${cert.subject} in a test store`);
    }
    if (!cert.getExtension(BasicConstraintsExtension)?.ca)
      throw new Error(`trust store: ${role} ${cert.subject} is not a CA`);
    return cert;
  };
  return new TrustStore(
    parsed.kind,
    parsed.anchors.map((a) => load(a, 'anchor')),
    parsed.intermediates.map((c) => load(c, 'intermediate')),
    parsed.enforceIinChecksum,
  );
}
