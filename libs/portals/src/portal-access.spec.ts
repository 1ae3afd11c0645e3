import { ConfigError } from '@kezek/config';
import { keyAccepted, originAllowed, originOfAnyPortal, portalKeyHash } from './portal-access';
import { DEFAULT_PORTALS, Portal, Portals } from './portals';

const astana: Portal = { ...DEFAULT_PORTALS[0], origins: ['https://balabaqsha.astana.kz'] };
const aktobe: Portal = { ...DEFAULT_PORTALS[2], keyHashes: [portalKeyHash('the-key-of-aktobe')] };

describe('portals as tenants', () => {
  it("let a page call from its portal's registered origins, or the gateway's own", () => {
    expect(originAllowed(astana, 'https://balabaqsha.astana.kz', 'kezek.gov.kz')).toBe(true);
    expect(originAllowed(astana, 'https://balabaqsha.astana.kz:8443', 'kezek.gov.kz')).toBe(false);
    expect(originAllowed(astana, 'http://balabaqsha.astana.kz', 'kezek.gov.kz')).toBe(false);
    expect(originAllowed(aktobe, 'https://balabaqsha.astana.kz', 'kezek.gov.kz')).toBe(false);
    expect(originAllowed(aktobe, 'https://kezek.gov.kz', 'kezek.gov.kz')).toBe(true);
    expect(originAllowed(astana, 'null', 'kezek.gov.kz')).toBe(false);
    expect(originOfAnyPortal([aktobe, astana], 'https://balabaqsha.astana.kz', undefined)).toBe(true);
    expect(originOfAnyPortal([aktobe], 'https://balabaqsha.astana.kz', undefined)).toBe(false);
  });

  it('take a portal with server keys only with one of them; one without keys with none', () => {
    expect(keyAccepted(aktobe, 'the-key-of-aktobe')).toBe(true);
    expect(keyAccepted(aktobe, 'the-key-of-aktobe ')).toBe(false);
    expect(keyAccepted(aktobe, undefined)).toBe(false);
    expect(keyAccepted(astana, undefined)).toBe(true);
  });

  it('are registered with origins and key hashes only in their exact forms', () => {
    const one = (extra: object) =>
      JSON.stringify([{ id: 'astana', name: { kk: 'Астана', ru: 'Астана' }, regionIds: ['astana'], ...extra }]);
    const portals = Portals.fromEnv(one({ origins: ['https://a.kz'], keyHashes: [portalKeyHash('k')] }));
    expect(portals.find('astana')).toMatchObject({ origins: ['https://a.kz'], keyHashes: [portalKeyHash('k')] });
    expect(Portals.fromEnv(one({})).find('astana')).toMatchObject({ origins: [], keyHashes: [] });
    expect(() => Portals.fromEnv(one({ origins: ['https://a.kz/page'] }))).toThrow(ConfigError);
    expect(() => Portals.fromEnv(one({ keyHashes: ['the-key-itself'] }))).toThrow(/keyHashes/);
  });
});
