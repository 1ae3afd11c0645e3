import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'puppeteer-core';
import { demoPerson } from '@kezek/demo';
import { JobList } from '@kezek/jobs';
import { chooseEmulatorKey, launchChromium } from '../test/chromium';
import { e2eStores } from '../test/global-setup';
import globalTeardown from '../test/global-teardown';
import { startSigningStack } from '../test/signing-stack';

/**
 * `npm run screenshots`: the README's pictures, taken in headless chromium against a whole stack
 * started here (as the e2e suites start it, workers and the demo referral included), so that
 * anyone can take them again: the playground with an ADMIN signed in through the NCALayer
 * emulator, and Bull Board opened from the playground's "Job board". Writes docs/*.png.
 */
const DOCS = join(__dirname, '..', '..', 'docs');
const say = (m: string) => process.stdout.write(`${m}\n`);

interface CodeMirrorHost extends Element {
  CodeMirror: { getValue(): string; setValue(v: string): void };
}

const setEditor = (page: Page, selector: string, text: string) =>
  page.$eval(`${selector} .CodeMirror`, (e, t) => (e as CodeMirrorHost).CodeMirror.setValue(t), text);

async function main() {
  await e2eStores();
  const admin = demoPerson('admin');
  say('starting the stack…');
  const running = await startSigningStack([admin], {
    workers: true,
    withDemoReferral: true,
    onLine: () => undefined,
  });
  const chromium = await launchChromium();
  try {
    const origin = new URL(running.url).origin;
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
    await page.goto(`${origin}/playground`, { waitUntil: 'networkidle0' });

    say('signing in as the demo ADMIN through the NCALayer emulator…');
    await chooseEmulatorKey(running.ncaLayerUrl, admin.iin);
    await page.click('button[data-kezek="sign-in"]');
    await page.waitForSelector('.kezek-signed-in', { timeout: 30_000 });
    await page.click('button[aria-label="Show Operator examples"]');
    await page.click('button[data-kezek-example^="Almaty, group year 2022"]');
    await page.waitForFunction(() =>
      (document.querySelector('.graphiql-query-editor .CodeMirror') as CodeMirrorHost).CodeMirror.getValue().includes(
        'AlmatyWaiting',
      ),
    );
    // The demo data queue Almaty's children in group year 2023: a row to show.
    await setEditor(
      page,
      '.graphiql-editor-tool .graphiql-editor:nth-of-type(1)',
      JSON.stringify({ regionId: 'almaty', groupYear: 2023 }, null, 2),
    );
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () =>
        (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror.getValue().includes(
          '"rows"',
        ),
      { timeout: 30_000 },
    );
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, 'playground.png') });
    say(`  ${join(DOCS, 'playground.png')}`);

    say('opening the job board…');
    const opened = chromium.browser.waitForTarget((t) => t.url().endsWith('/ops/queues'), { timeout: 30_000 });
    await page.click('button[data-kezek="job-board"]');
    const board = (await (await opened).page())!;
    await board.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
    // The board lists every job list of every service once its API answered.
    await board.waitForFunction(
      (names: string[]) => names.every((n) => document.body.innerText.includes(n)),
      { timeout: 30_000 },
      Object.values(JobList),
    );
    await board.screenshot({ path: join(DOCS, 'bull-board.png'), fullPage: true });
    say(`  ${join(DOCS, 'bull-board.png')}`);
  } finally {
    await chromium.close();
    await running.stop();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`screenshots failed: ${(e as Error).stack}\n`);
    process.exit(1);
  },
);
