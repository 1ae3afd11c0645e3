import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser } from 'puppeteer-core';
import { connectNcaLayer, MODULE } from '@kezek/ncalayer-emulator';

// Debian's chromium (`apt-get install chromium`; .ci/run installs it), never a downloaded one.
export const CHROMIUM = '/usr/bin/chromium';

/** Headless chromium with a throw-away profile and nothing of its own on the network (the browser test, `npm run screenshots`). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kezek-chromium-'));
  try {
    const browser = await puppeteer.launch({
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
    return {
      browser,
      close: async () => {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/** What a person does in NCALayer's dialog, choosing their key: the emulator's selectKey stands in for it. */
export async function chooseEmulatorKey(ncaLayerUrl: string, iin: string): Promise<void> {
  const ncaLayer = await connectNcaLayer(ncaLayerUrl);
  try {
    const reply = await ncaLayer.call({ module: MODULE.emulator, method: 'selectKey', args: { iin } });
    if (reply.code !== '200') throw new Error(`NCALayer emulator refused selectKey: ${reply.message}`);
  } finally {
    ncaLayer.close();
  }
}
