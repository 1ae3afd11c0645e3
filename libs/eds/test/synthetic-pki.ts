import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  ExtendedKeyUsageExtension,
  Extension,
  JsonName,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509CrlGenerator,
  X509CrlReason,
} from '@peculiar/x509';
import { OID } from '../src/eds-oids';
import { NcaRevocationChecker, TrustStore, loadTrustStore } from '../src';

/** Generating RSA keys on a busy CI machine takes seconds; hooks that build a PKI get this long. */
export const PKI_TIMEOUT_MS = 60_000;

/**
 * A stand-in NCA built in the NCA profile, for the paths no real fixture can reach: the fixtures
 * hold no private key of a valid, unrevoked 2022 certificate, no RSA legal-entity key under a CA we
 * have, and no live OCSP responder. Every scenario that real bytes can cover uses real bytes.
 */
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

export const SYNTHETIC_FROM = new Date('2022-01-01T00:00:00Z');
export const SYNTHETIC_TO = new Date('2023-01-01T00:00:00Z');

type Keys = webcrypto.CryptoKeyPair;

export interface LeafOptions {
  purpose: 'AUTH' | 'SIGN';
  subject: 'individual' | 'legal';
  iin?: string;
  bin?: string;
  role?: string;
  serialNumber?: string;
  notBefore?: Date;
  notAfter?: Date;
  extensions?: Extension[];
}

export interface SyntheticLeaf {
  cert: X509Certificate;
  certPem: string;
  keyPem: string;
}

export class SyntheticPki {
  private constructor(
    readonly root: X509Certificate,
    readonly ca: X509Certificate,
    private readonly caKeys: Keys,
    private readonly leafKeys: Keys,
    readonly responder: X509Certificate,
  ) {}

  /** RSA key generation dominates the cost, so subscribers and the OCSP responder share one key. */
  static async create(): Promise<SyntheticPki> {
    const [rootKeys, caKeys, leafKeys] = await Promise.all(
      Array.from({ length: 3 }, () => webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']) as Promise<Keys>),
    );
    const caExtensions = async (keys: Keys) => [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ];
    const root = await X509CertificateGenerator.createSelfSigned({
      name: 'CN=KEZEK ROOT TEST, C=KZ',
      keys: rootKeys,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      signingAlgorithm: SIGNING,
      extensions: await caExtensions(rootKeys),
    });
    const ca = await X509CertificateGenerator.create({
      subject: 'CN=KEZEK CA TEST, C=KZ',
      issuer: root.subject,
      publicKey: caKeys.publicKey,
      signingKey: rootKeys.privateKey,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      signingAlgorithm: SIGNING,
      extensions: [...(await caExtensions(caKeys)), await AuthorityKeyIdentifierExtension.create(rootKeys.publicKey)],
    });
    const responder = await X509CertificateGenerator.create({
      subject: 'CN=OCSP RESPONDER TEST, C=KZ',
      issuer: ca.subject,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore: SYNTHETIC_FROM,
      notAfter: SYNTHETIC_TO,
      signingAlgorithm: SIGNING,
      extensions: [
        new ExtendedKeyUsageExtension([OID.ocspSigning]),
        await AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    return new SyntheticPki(root, ca, caKeys, leafKeys, responder);
  }

  trustStore(enforceIinChecksum = false): TrustStore {
    return loadTrustStore({
      kind: 'test',
      anchors: [{ pem: this.root.toString('pem') }],
      intermediates: [{ pem: this.ca.toString('pem') }],
      enforceIinChecksum,
    });
  }

  /** A checker with an OCSP URL served by `fetch` and/or a seeded CRL. */
  revocationChecker(
    options: Partial<ConstructorParameters<typeof NcaRevocationChecker>[0]> & {
      ocsp?: boolean;
      crlUrl?: string;
      deltaCrlUrl?: string;
    } = {},
  ) {
    const { ocsp, crlUrl, deltaCrlUrl, ...rest } = options;
    return new NcaRevocationChecker({
      authorities: [
        { certificate: this.ca.toString('pem'), ocspUrl: ocsp ? 'http://ocsp.test/' : undefined, crlUrl, deltaCrlUrl },
      ],
      fetch: () => Promise.reject(new Error('offline')),
      ...rest,
    });
  }

  /** A subscriber certificate in the NCA profile (key table and subject-type EKU). */
  async leaf(options: LeafOptions): Promise<SyntheticLeaf> {
    const { purpose, subject } = options;
    const name: JsonName = [
      { [OID.commonName]: ['ТЕСТОВ ТЕСТ'] },
      { [OID.surname]: ['ТЕСТОВ'] },
      { [OID.serialNumber]: [`IIN${options.iin ?? '900101300017'}`] },
      { '2.5.4.6': ['KZ'] },
      ...(subject === 'legal'
        ? [{ [OID.organization]: ['АО "ТЕСТ"'] }, { [OID.organizationalUnit]: [`BIN${options.bin ?? '123456789021'}`] }]
        : []),
      { [OID.givenName]: ['ТЕСТОВИЧ'] },
    ];
    const usage =
      purpose === 'AUTH'
        ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment
        : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
    const eku = [
      purpose === 'AUTH' ? OID.clientAuth : OID.emailProtection,
      subject === 'individual' ? OID.subjectIndividual : OID.subjectLegal,
      ...(options.role ? [options.role] : []),
    ];
    const policy = {
      AUTH: { individual: OID.policyIndividualAuth, legal: OID.policyLegalAuth },
      SIGN: { individual: OID.policyIndividualSign, legal: OID.policyLegalSign },
    }[purpose][subject];
    const cert = await X509CertificateGenerator.create({
      serialNumber: options.serialNumber,
      subject: name,
      issuer: this.ca.subject,
      publicKey: this.leafKeys.publicKey,
      signingKey: this.caKeys.privateKey,
      notBefore: options.notBefore ?? SYNTHETIC_FROM,
      notAfter: options.notAfter ?? SYNTHETIC_TO,
      signingAlgorithm: SIGNING,
      extensions: [
        new KeyUsagesExtension(usage, true),
        new ExtendedKeyUsageExtension(eku),
        new CertificatePolicyExtension([policy]),
        await AuthorityKeyIdentifierExtension.create(this.caKeys.publicKey),
        ...(options.extensions ?? []),
      ],
    });
    return { cert, certPem: cert.toString('pem'), keyPem: await toPem(this.leafKeys.privateKey) };
  }

  /** A CRL of this CA; `baseNumber` makes it a delta CRL. */
  async crl(options: {
    number: number;
    thisUpdate: Date;
    nextUpdate: Date;
    entries?: { serialNumber: string; reason?: X509CrlReason }[];
    baseNumber?: number;
  }): Promise<Uint8Array<ArrayBuffer>> {
    const integer = (oid: string, value: number, critical: boolean) =>
      new Extension(oid, critical, new asn1js.Integer({ value }).toBER());
    const crl = await X509CrlGenerator.create({
      issuer: this.ca.subject,
      thisUpdate: options.thisUpdate,
      nextUpdate: options.nextUpdate,
      signingKey: this.caKeys.privateKey,
      signingAlgorithm: SIGNING,
      entries: (options.entries ?? []).map((e) => ({ ...e, revocationDate: options.thisUpdate })),
      extensions: [
        integer(OID.crlNumber, options.number, false),
        ...(options.baseNumber !== undefined ? [integer(OID.deltaCrlIndicator, options.baseNumber, true)] : []),
      ],
    });
    return new Uint8Array(crl.rawData);
  }

  /** A signed OCSPResponse about `cert`, by the delegated responder unless `signer` says otherwise. */
  async ocspResponse(options: {
    cert: X509Certificate;
    nonce: Uint8Array | null;
    thisUpdate: Date;
    nextUpdate?: Date;
    status?: 'good' | 'revoked' | 'unknown';
    reason?: number;
    signer?: 'responder' | 'ca' | 'stranger';
  }): Promise<Uint8Array<ArrayBuffer>> {
    const signer = options.signer ?? 'responder';
    const signerCert =
      signer === 'ca' ? this.ca : signer === 'responder' ? this.responder : await this.strangerResponder();
    const signerKey = signer === 'ca' ? this.caKeys.privateKey : this.leafKeys.privateKey;
    const status = {
      good: () => new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } }),
      unknown: () => new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } }),
      revoked: () =>
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 1 },
          value: [
            new asn1js.GeneralizedTime({ valueDate: options.thisUpdate }),
            new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 0 },
              value: [new asn1js.Enumerated({ value: options.reason ?? 0 })],
            }),
          ],
        }),
    }[options.status ?? 'good']();

    const pkiSigner = pkijs.Certificate.fromBER(signerCert.rawData);
    const basic = new pkijs.BasicOCSPResponse();
    basic.tbsResponseData.responderID = pkiSigner.subject;
    basic.tbsResponseData.producedAt = options.thisUpdate;
    basic.tbsResponseData.responses.push(
      new pkijs.SingleResponse({
        certID: await pkijs.CertID.create(pkijs.Certificate.fromBER(options.cert.rawData), {
          hashAlgorithm: 'SHA-256',
          issuerCertificate: pkijs.Certificate.fromBER(this.ca.rawData),
        }),
        certStatus: status,
        thisUpdate: options.thisUpdate,
        // pkijs writes the field whenever the key is present, even as undefined.
        ...(options.nextUpdate ? { nextUpdate: options.nextUpdate } : {}),
      }),
    );
    if (options.nonce) {
      basic.tbsResponseData.responseExtensions = [
        new pkijs.Extension({
          extnID: OID.ocspNonce,
          extnValue: new asn1js.OctetString({ valueHex: options.nonce }).toBER(),
        }),
      ];
    }
    basic.certs = [pkiSigner];
    await basic.sign(signerKey as CryptoKey, 'SHA-256');
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OID.ocspBasic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
      }),
    });
    return new Uint8Array(response.toSchema().toBER());
  }

  /** An OCSP-signing certificate for the responder key, issued (self-signed) outside our CA. */
  private strangerResponder(): Promise<X509Certificate> {
    return X509CertificateGenerator.create({
      subject: 'CN=OCSP RESPONDER TEST, C=KZ',
      issuer: 'CN=ELSEWHERE CA TEST, C=KZ',
      publicKey: this.leafKeys.publicKey,
      signingKey: this.leafKeys.privateKey,
      notBefore: SYNTHETIC_FROM,
      notAfter: SYNTHETIC_TO,
      signingAlgorithm: SIGNING,
      extensions: [new ExtendedKeyUsageExtension([OID.ocspSigning])],
    });
  }
}

/** The nonce an OCSPRequest carries, so a fake responder can echo (or not echo) it. */
export function requestNonce(body: Uint8Array): Uint8Array {
  const request = pkijs.OCSPRequest.fromBER(new Uint8Array(body));
  const extension = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (!extension) throw new Error('request has no nonce');
  const inner = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
  return new Uint8Array(inner.valueBlock.valueHexView);
}

async function toPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}
