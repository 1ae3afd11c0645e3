import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { startTestStack, TestStack } from './test-stack';

// Debian's chromium (`apt-get install chromium`; .ci/run installs it), never a downloaded one.
const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
if (!existsSync(CHROMIUM) && !inCi)
  process.stderr.write(`playground.e2e-spec: ${CHROMIUM} is absent, skipping the browser test\n`);

interface CodeMirrorHost extends Element {
  CodeMirror: { getValue(): string };
}

/**
 * The playground as a person uses it: GraphiQL in a real headless chromium, against the whole
 * graph. It must load the schema and run queries with nothing but the gateway's own origin,
 * since government networks are closed.
 */
(existsSync(CHROMIUM) || inCi ? describe : describe.skip)('the playground in a headless browser', () => {
  let running: TestStack;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let profile: string;
  const requests: HTTPRequest[] = [];
  const pageErrors: string[] = [];

  /** The text of a GraphiQL CodeMirror editor, whichever of its lines are rendered. */
  const editorText = (selector: string) =>
    page.$eval(`${selector} .CodeMirror`, (e) => (e as CodeMirrorHost).CodeMirror.getValue());

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is absent: CI must install Debian's chromium (apt-get install chromium)`);
    running = await startTestStack({ workers: false, onLine: () => undefined });
    origin = new URL(running.url).origin;
    profile = mkdtempSync(join(tmpdir(), 'kezek-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
      ],
    });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${origin}/playground`, { waitUntil: 'networkidle0' });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
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
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () =>
        /"regions"/.test(
          (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror.getValue(),
        ),
      { timeout: 10_000 },
    );
    const result = JSON.parse(await editorText('.result-window')) as { data: { regions: Array<{ id: string }> } };
    expect(result.data.regions.map((r) => r.id)).toContain('astana');
  });

  // Over everything the page did for the two tests above.
  it('sends the portal header and nothing beyond the gateway', () => {
    const graphql = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/graphql');
    expect(graphql.length).toBeGreaterThanOrEqual(2); // the introspection and the query
    expect(graphql.map((r) => r.headers()['x-kezek-portal'])).toEqual(graphql.map(() => 'astana'));
    // data: URLs (the stylesheet's inline icons and fonts) never leave the page.
    const elsewhere = requests
      .map((r) => r.url())
      .filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
