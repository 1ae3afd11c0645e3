import { createHash } from 'node:crypto';
import { ConfigError } from '@kezek/config';
import { openTemporaryDevPki, TemporaryDevPki } from '@kezek/dev-pki';
import { EdsTrustConfig, loadEdsTrust } from './eds-trust';

describe('trust configuration (EDS_*)', () => {
  let temporary: TemporaryDevPki;
  let config: EdsTrustConfig;

  beforeAll(async () => {
    temporary = await openTemporaryDevPki();
    const files = temporary.pki.authorityFiles;
    config = {
      EDS_TRUST: 'test',
      EDS_ANCHORS: [files.root],
      EDS_INTERMEDIATES: [files.issuing],
      EDS_ANCHOR_SHA256: [],
      EDS_OCSP_URL: 'http://127.0.0.1:4191/ocsp',
      EDS_CRL_URLS: [],
      EDS_ENFORCE_IIN_CHECKSUM: true,
    };
  });
  afterAll(() => temporary?.remove());

  const rootPin = () => createHash('sha256').update(Buffer.from(temporary.pki.authority.root.rawData)).digest('hex');

  const refusal = (over: Partial<EdsTrustConfig>) => {
    try {
      loadEdsTrust({ ...config, ...over });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('builds the store from the dev CA files', () => {
    const { trust } = loadEdsTrust(config);
    expect(trust.kind).toBe('test');
    expect(trust.enforceIinChecksum).toBe(true);
    expect(trust.anchors).toHaveLength(1);
  });

  it('checks pins, one per anchor', () => {
    const pin = rootPin();
    expect(() => loadEdsTrust({ ...config, EDS_ANCHOR_SHA256: [pin] })).not.toThrow();
    expect(refusal({ EDS_ANCHOR_SHA256: ['00'.repeat(32)] })).toMatch(
      /EDS_ANCHORS: .*does not match its pinned SHA-256/,
    );
    expect(refusal({ EDS_ANCHOR_SHA256: [pin, pin] })).toMatch(
      /EDS_ANCHOR_SHA256: needs one SHA-256 per EDS_ANCHORS entry/,
    );
  });

  it('fails before boot on what would make verification unsafe or impossible', () => {
    expect(refusal({ EDS_TRUST: 'production' })).toMatch(/EDS_ANCHOR_SHA256: is required with EDS_TRUST=production/);
    expect(refusal({ EDS_TRUST: 'production', EDS_ANCHOR_SHA256: [rootPin()] })).toMatch(
      /TEST certificate .* in a production store/,
    );
    expect(refusal({ EDS_OCSP_URL: undefined })).toMatch(/EDS_OCSP_URL: EDS_OCSP_URL or EDS_CRL_URLS is required/);
    expect(refusal({ EDS_ANCHORS: ['/nonexistent/root.pem'] })).toMatch(
      /EDS_ANCHORS: cannot read \/nonexistent\/root.pem \(ENOENT\)/,
    );
    expect(
      refusal({
        EDS_CRL_URLS: ['http://127.0.0.1:4191/crl'],
        EDS_INTERMEDIATES: [...config.EDS_INTERMEDIATES, ...config.EDS_ANCHORS],
      }),
    ).toMatch(/EDS_CRL_URLS: a CRL belongs to one issuing CA/);
  });
});
