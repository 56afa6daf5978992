import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, which scripts/ensure-system-packages.sh installs. */
export const CHROMIUM_PATH = process.env.RTENV_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots of each view land here (gitignored), for a person to look at after a run. */
export const ARTIFACTS_DIRECTORY = fileURLToPath(new URL('../../test-artifacts/dashboard/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIRECTORY, { recursive: true });
  const file = path.join(ARTIFACTS_DIRECTORY, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
