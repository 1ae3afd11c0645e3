import { HttpCivilRegistry } from '@kezek/civil-registry';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { DevCivilRegistry, startDevCivilRegistry } from './dev-civil-registry';

describe('the dev civil registry', () => {
  let dev: DevCivilRegistry;
  let registry: HttpCivilRegistry;
  const amina = DEMO_CHILDREN.find((c) => c.key === 'amina')!;

  beforeAll(async () => {
    dev = await startDevCivilRegistry({ port: 0 });
    registry = new HttpCivilRegistry({ baseUrl: dev.url, timeoutMs: 2000 });
  });
  afterAll(() => dev?.close());

  it("lists a demo child's applicant and other parents, and nobody else", async () => {
    expect(await registry.isParent(demoPerson('aigerim').iin, amina.iin)).toBe(true);
    expect(await registry.isParent(demoPerson('dauren').iin, amina.iin)).toBe(true);
    expect(await registry.isParent(demoPerson('daniyar').iin, amina.iin)).toBe(false);
    expect(await registry.isParent(demoPerson('dauren').iin, '000000000000')).toBe(false);
  });

  it('answers 400 to a question outside the contract', async () => {
    const res = await fetch(`${dev.url}/v1/parentage`, { method: 'POST', body: '{"parentIin":"1"}' });
    expect(res.status).toBe(400);
  });
});
