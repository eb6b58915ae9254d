// One way to start Debian's Chromium for every browser test and benchmark: the CLI's (headless, SwiftShader
// WebGL, no network chatter), plus whatever flags a test adds. Never downloads a browser.
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { existsSync } from 'node:fs';
import { CHROMIUM as CHROMIUM_PATH, CHROMIUM_ARGS } from '../packages/cli/src/photo3d/browser.ts';

export async function launchChromium(extra: { args?: string[] } & LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium`);
  }
  const { args = [], ...rest } = extra;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...args], ...rest });
}
