import { demoPerson } from '@kezek/demo';
import { JobList } from '@kezek/jobs';
import { tokenFor } from '@kezek/testing';
import { startTestStack, TestStack } from './test-stack';

/**
 * Bull Board at the gateway (/ops/queues): every job list of every service, for ADMINs only,
 * served from the gateway itself with nothing loaded from the internet.
 */
describe('the job board at the gateway', () => {
  let running: TestStack;
  let base: string;
  const bearer = async (key: string) => {
    const p = demoPerson(key);
    return `Bearer ${await tokenFor({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes })}`;
  };

  beforeAll(async () => {
    running = await startTestStack({ workers: true, onLine: () => undefined });
    base = running.url.replace(/\/graphql$/, '');
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('refuses anyone but an ADMIN, in the GraphQL error shape', async () => {
    const anonymous = await fetch(`${base}/ops/queues`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const parent = await fetch(`${base}/ops/queues/api/queues`, {
      headers: { authorization: await bearer('aigerim') },
    });
    expect(parent.status).toBe(403);
    expect(await parent.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const session = await fetch(`${base}/ops/session`, {
      method: 'POST',
      headers: { authorization: await bearer('operator-astana') },
    });
    expect(session.status).toBe(403);
    expect(session.headers.get('set-cookie')).toBeNull();
  });

  it('serves an ADMIN the board from the gateway itself, and lists every job list of the services', async () => {
    const page = await fetch(`${base}/ops/queues`, { headers: { authorization: await bearer('admin') } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/https?:\/\//);

    // The page's own requests carry no header: the session cookie stands in for it.
    const session = await fetch(`${base}/ops/session`, {
      method: 'POST',
      headers: { authorization: await bearer('admin') },
    });
    expect(session.status).toBe(204);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^kezek_ops=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/ops/);
    const cookie = setCookie.split(';')[0];
    const asset = /src="([^"]+\.js)"/.exec(html)![1];
    expect((await fetch(new URL(asset, `${base}/ops/queues/`), { headers: { cookie } })).status).toBe(200);
    const api = await fetch(`${base}/ops/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((q) => q.name).sort()).toEqual(Object.values(JobList).sort());
  });
});
