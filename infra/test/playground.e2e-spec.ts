import { existsSync } from 'node:fs';
import { HTTPRequest, Page } from 'puppeteer-core';
import { demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { chooseEmulatorKey, CHROMIUM, launchChromium } from './chromium';
import { signedActions } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

const inCi = process.env.CI === 'true';
if (!existsSync(CHROMIUM) && !inCi)
  process.stderr.write(`playground.e2e-spec: ${CHROMIUM} is absent, skipping the browser test\n`);

interface CodeMirrorHost extends Element {
  CodeMirror: { getValue(): string; setValue(v: string): void; operations?: Array<{ name?: { value: string } }> };
}

interface StatisticsRow {
  areaId: string;
  groupYear: number;
  privilege: string;
  inQueue: number;
  notified: number;
  offers: number;
  waitingDaysMedian: number | null;
}

/**
 * The playground as a person uses it: GraphiQL in a real headless chromium, against the whole
 * graph. It must load the schema and run queries with nothing but the gateway's own origin,
 * since government networks are closed; an operator signs in through NCALayer (here the
 * emulator, the one origin besides the gateway the page may reach) and runs the saved examples.
 */
(existsSync(CHROMIUM) || inCi ? describe : describe.skip)('the playground in a headless browser', () => {
  let running: SigningStack;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let origin: string;
  const requests: HTTPRequest[] = [];
  const sockets: string[] = [];
  const pageErrors: string[] = [];
  const operator = demoPerson('operator-almaty');
  const parent = demoPerson('daniyar');
  let parentToken: string;
  let filingDate: string;
  /** The saved examples as the gateway serves them to the page. */
  let examples: Array<{ title: string; query: string }>;

  /** The text of a GraphiQL CodeMirror editor, whichever of its lines are rendered. */
  const editorText = (selector: string) =>
    page.$eval(`${selector} .CodeMirror`, (e) => (e as CodeMirrorHost).CodeMirror.getValue());
  const setEditorText = (selector: string, text: string) =>
    page.$eval(`${selector} .CodeMirror`, (e, t) => (e as CodeMirrorHost).CodeMirror.setValue(t), text);
  // The editor tools hold the variables' editor, then the headers'.
  const VARIABLES = '.graphiql-editor-tool .graphiql-editor:nth-of-type(1)';
  const HEADERS = '.graphiql-editor-tool .graphiql-editor:nth-of-type(2)';
  const headersOfActiveTab = async () => JSON.parse(await editorText(HEADERS)) as Record<string, string>;
  /** Runs the active tab and returns its response. */
  const execute = async <T>(): Promise<{ data?: T; errors?: unknown[] }> => {
    await setEditorText('.result-window', '');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror.getValue() !== '',
      { timeout: 15_000 },
    );
    return JSON.parse(await editorText('.result-window'));
  };
  /** The person chooses their key in NCALayer's dialog. */
  const chooseKey = (iin: string) => chooseEmulatorKey(running.ncaLayerUrl, iin);
  /** Opens a saved example of the side bar's "Operator examples" in a new tab. */
  const openExample = async (operationName: string) => {
    const { title } = examples.find((e) => e.query.includes(`${operationName}(`))!;
    if (!(await page.$('.kezek-examples'))) await page.click('button[aria-label="Show Operator examples"]');
    await page.click(`button[data-kezek-example="${title}"]`);
    // GraphiQL keeps the document's operations on its editor once it parsed the text.
    await page.waitForFunction(
      (name) =>
        (document.querySelector('.graphiql-query-editor .CodeMirror') as CodeMirrorHost).CodeMirror.operations?.some(
          (o) => o.name?.value === name,
        ),
      {},
      operationName,
    );
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is absent: CI must install Debian's chromium (apt-get install chromium)`);
    running = await startSigningStack([operator, parent], {
      workers: false,
      // No worker runs offer rounds here: published seats are free choice at once, so the page's
      // publication shows in the group's free seats (seats awaiting their round: offers.e2e-spec).
      env: { ROUND_GRACE_SECONDS: '0' },
      onLine: () => undefined,
    });
    origin = new URL(running.url).origin;
    examples = await (await fetch(`${origin}/playground/examples.json`)).json();
    parentToken = await running.signIn(parent.iin);
    filingDate = (await running.now()).toISOString().slice(0, 10);
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    page.on('request', (r) => requests.push(r));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // WebSockets are not requests to puppeteer: the DevTools protocol reports them.
    const devtools = await page.createCDPSession();
    await devtools.send('Network.enable');
    devtools.on('Network.webSocketCreated', (e) => sockets.push(e.url));
    await page.goto(`${origin}/playground`, { waitUntil: 'networkidle0' });
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.stop();
  });

  it('loads the schema into the documentation explorer', async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    // The root types are listed only once the introspection answered.
    await page.waitForSelector('.graphiql-doc-explorer-root-type');
    await page.click('.graphiql-doc-explorer-content a.graphiql-doc-explorer-type-name');
    await page.waitForSelector('.graphiql-doc-explorer-field-name');
    const fields = await page.$$eval('.graphiql-doc-explorer-field-name', (es) => es.map((e) => e.textContent));
    expect(fields).toEqual(expect.arrayContaining(['regions', 'kindergartens', 'application']));
  });

  it('runs a query typed into the editor and shows its data', async () => {
    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('{ regions { id } }');
    expect((await editorText('.graphiql-query-editor')).replace(/\s+/g, ' ')).toBe('{ regions { id } }');
    const result = await execute<{ regions: Array<{ id: string }> }>();
    expect(result.data!.regions.map((r) => r.id)).toContain('astana');
  });

  // Over what the page did for the two tests above, before anyone signed in.
  it('sends the portal header and nothing beyond the gateway', () => {
    const graphql = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/graphql');
    expect(graphql.length).toBeGreaterThanOrEqual(2); // the introspection and the query
    expect(graphql.map((r) => r.headers()['x-kezek-portal'])).toEqual(graphql.map(() => 'astana'));
    expect(graphql.map((r) => r.headers().authorization)).toEqual(graphql.map(() => undefined));
  });

  it('signs an operator in through NCALayer and puts the bearer token into the headers', async () => {
    await chooseKey(operator.iin);
    await page.click('button[data-kezek="sign-in"]');
    await page.waitForSelector('.kezek-signed-in', { timeout: 15_000 });
    expect(await page.$eval('.kezek-signed-in', (e) => e.textContent)).toBe(
      `${operator.surname} ${operator.givenName} ${operator.patronymic} · DISTRICT_OPERATOR`,
    );
    // The job board is for ADMINs only: no button for a district operator.
    expect(await page.$('button[data-kezek="job-board"]')).toBeNull();
    const { authorization } = await headersOfActiveTab();
    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    // The token is the operator's, as identity issued it.
    const me = await gql<{ me: { iin: string; roles: string[] } }>(
      running.url,
      '{ me { iin roles } }',
      {},
      {
        authorization,
        'x-kezek-portal': 'astana',
      },
    );
    expect(me.data!.me).toEqual({ iin: operator.iin, roles: expect.arrayContaining(['DISTRICT_OPERATOR']) });
    // Refreshed at 80% of the access token's 15 minutes.
    expect(
      await page.evaluate(() => (window as unknown as PlaygroundWindow).kezekPlayground.session.current!.refreshInMs),
    ).toBe(720_000);
  });

  it('signs a prepared action in NCALayer and submits it from the page (prepare → signXml → submitSigned)', async () => {
    // Two children of group year 2022 filed in Almaty by a parent, the way a portal does.
    const file = signedActions(running, () => ({ authorization: `Bearer ${parentToken}`, 'x-kezek-portal': 'almaty' }));
    const prepare = `mutation($child: ChildInput!, $privilege: Privilege, $document: PrivilegeDocumentInput) {
      prepareApplication(child: $child, regionId: "almaty", privilege: $privilege, privilegeDocument: $document) { id xml } }`;
    for (const [serial, privilege] of [
      [4101, 'FIRST_PRIORITY'],
      [4102, 'NONE'],
    ] as const) {
      const filed = await file(
        'daniyar',
        parent.iin,
        prepare,
        {
          child: { iin: makeIin('2022-03-10', 'F', serial), fullName: `Кезек Бала ${serial}`, birthDate: '2022-03-10' },
          privilege,
          document:
            privilege === 'NONE'
              ? null
              : { kind: 'Справка', number: `D-${serial}`, issuedOn: filingDate, issuer: 'Орган' },
        },
        '... on Application { id status }',
      );
      expect(filed.errors).toBeUndefined();
    }

    // The third one from the page, signed by the operator's SIGN key.
    await chooseKey(operator.iin);
    await openExample('FileChild');
    const variables = {
      child: { iin: makeIin('2022-07-21', 'M', 4103), fullName: 'КЕЗЕК БАЛА ОПЕРАТОРҰЛЫ', birthDate: '2022-07-21' },
      regionId: 'almaty',
    };
    await setEditorText(VARIABLES, JSON.stringify(variables));
    const prepared = await execute<{ prepareApplication: { id: string; xml: string } }>();
    expect(prepared.errors).toBeUndefined();
    expect(prepared.data!.prepareApplication.xml).toContain(operator.iin);

    await page.click('button[data-kezek="sign-and-submit"]');
    // The answer replaces the prepared request in the response pane; a refusal shows under the buttons.
    await page.waitForFunction(
      () =>
        document.querySelector('.kezek-error') ||
        (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror.getValue().includes(
          '"submitSigned"',
        ),
      { timeout: 15_000 },
    );
    expect(await page.$$eval('.kezek-error', (es) => es.map((e) => e.textContent))).toEqual([]);
    const submitted = JSON.parse(await editorText('.result-window')) as {
      data: { submitSigned: { __typename: string; status: string; number: string } };
    };
    expect(submitted.data.submitSigned).toMatchObject({ __typename: 'Application', status: 'IN_QUEUE' });
  });

  it('answers "how many children of group year 2022 wait in Almaty, and for how long" with the saved example', async () => {
    await openExample('AlmatyWaiting');
    expect(await headersOfActiveTab()).toEqual({
      'x-kezek-portal': 'almaty',
      authorization: expect.stringMatching(/^Bearer /),
    });
    const shown = await execute<{
      queueStatistics: {
        source: string;
        lagSeconds: number | null;
        replicaUnavailable: boolean;
        rows: StatisticsRow[];
      };
    }>();
    expect(shown.errors).toBeUndefined();
    const stats = shown.data!.queueStatistics;
    // This stand has no replica: the primary answered and says so (replica.e2e-spec covers the replica).
    expect(stats).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: false });
    const none = { notified: 0, offers: 0, waitingDaysMedian: null };
    expect(stats.rows).toEqual([
      expect.objectContaining({ areaId: 'almaty', groupYear: 2022, privilege: 'FIRST_PRIORITY', inQueue: 1, ...none }),
      expect.objectContaining({ areaId: 'almaty', groupYear: 2022, privilege: 'NONE', inQueue: 2, ...none }),
    ]);
    // The same figures as the graph gives the operator's own token outside the browser.
    const direct = await gql<{ queueStatistics: { rows: StatisticsRow[] } }>(
      running.url,
      'query($r: ID!, $y: Int) { queueStatistics(regionId: $r, groupYear: $y) { rows { areaId groupYear privilege inQueue notified offers waitingDaysMedian } } }',
      { r: 'almaty', y: 2022 },
      { authorization: `Bearer ${await running.signIn(operator.iin)}`, 'x-kezek-portal': 'almaty' },
    );
    expect(stats.rows).toEqual(direct.data!.queueStatistics.rows.map((r) => expect.objectContaining(r)));
  });

  it('refreshes the session: the new token goes into the headers and answers', async () => {
    const before = (await headersOfActiveTab()).authorization;
    await page.evaluate(() => (window as unknown as PlaygroundWindow).kezekPlayground.refresh());
    await page.waitForFunction(
      (old, selector) =>
        !(document.querySelector(`${selector} .CodeMirror`) as CodeMirrorHost).CodeMirror.getValue().includes(old),
      {},
      before.slice('Bearer '.length),
      HEADERS,
    );
    const after = (await headersOfActiveTab()).authorization;
    expect(after).toMatch(/^Bearer /);
    expect(after).not.toBe(before);
    const again = await execute<{ queueStatistics: { rows: StatisticsRow[] } }>();
    expect(again.errors).toBeUndefined();
    expect(again.data!.queueStatistics.rows.map((r) => r.inQueue)).toEqual([1, 2]);
    // The page sent the refreshed token with that request.
    const last = requests.filter((r) => r.method() === 'POST' && r.url().endsWith('/graphql')).at(-1)!;
    expect(last.headers().authorization).toBe(after);
  });

  it('publishes seats with the saved example, once per requestId', async () => {
    await openExample('PublishSeats');
    /** Runs one operation of the tab's document, chosen in GraphiQL's menu of its operations. */
    const run = async <T>(operation: string) => {
      await setEditorText('.result-window', '');
      await page.click('.graphiql-execute-button');
      const item = await page.waitForSelector(`::-p-xpath(//*[@role="menuitem"][normalize-space()="${operation}"])`);
      await item!.click();
      await page.waitForFunction(
        () => (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror.getValue() !== '',
        { timeout: 15_000 },
      );
      return JSON.parse(await editorText('.result-window')) as { data?: T; errors?: unknown[] };
    };
    const found = await run<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number; freeSeats: number }> }>;
    }>('GroupsOfYear');
    expect(found.errors).toBeUndefined();
    const group = found.data!.kindergartens.flatMap((k) => k.groups).find((g) => g.groupYear === 2022)!;
    const variables = JSON.parse(await editorText(VARIABLES));
    await setEditorText(VARIABLES, JSON.stringify({ ...variables, groupId: group.id, count: 1 }));
    const published = await run<{ publishSeats: { id: string; freeSeats: number } }>('PublishSeats');
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishSeats).toMatchObject({ id: group.id, freeSeats: group.freeSeats + 1 });
    // A retry (the same requestId of the example's variables) publishes nothing again.
    const retried = await run<{ publishSeats: { freeSeats: number } }>('PublishSeats');
    expect(retried.data!.publishSeats.freeSeats).toBe(group.freeSeats + 1);
  });

  // Over everything the page did in every test above.
  it('reached nothing but the gateway and NCALayer, under a CSP that allows exactly those', async () => {
    // data: URLs (the stylesheet's inline icons and fonts) never leave the page.
    const elsewhere = requests
      .map((r) => r.url())
      .filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
    // Sign-in and the signed action, each its own NCALayer session.
    expect(sockets).toHaveLength(2);
    expect(new Set(sockets.map((u) => new URL(u).origin))).toEqual(new Set([new URL(running.ncaLayerUrl).origin]));
    const csp = (await fetch(`${origin}/playground`)).headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ${new URL(running.ncaLayerUrl).origin}`);
    expect(
      csp
        .split('; ')
        .find((d) => d.startsWith('connect-src'))!
        .split(' '),
    ).toHaveLength(3);
    expect(pageErrors).toEqual([]);
    // The page's files are its own: nothing else answers under /playground.
    for (const name of ['constructor', 'page.js', 'nothing.js'])
      expect((await fetch(`${origin}/playground/${name}`)).status).toBe(404);
  });
});

interface PlaygroundWindow {
  kezekPlayground: { session: { current: { refreshInMs: number } | null }; refresh(): Promise<void> };
}
