// Issue 16, defect 4: `--renderer chromium` phoned home (the component updater resolved update.googleapis.com and
// POSTed /service/update2/json) despite --disable-background-networking. Chromium's own network log must show no
// DNS query and no connection to anything but loopback, even when the page itself asks for a remote URL.
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from './run-cli.ts';

/**
 * Chromium's IPv6 reachability check: a UDP socket connect()ed to Google's public DNS address to see if a route
 * exists. connect() on UDP sends no datagram, so nothing leaves the machine.
 */
const IPV6_PROBE = '[2001:4860:4860::8888]:443';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]):\d+$/;

test('Chromium as the CLI launches it opens no connection beyond loopback and resolves no host name', async (t) => {
  const dir = await tempDir(t);
  const netlog = join(dir, 'net.json');
  const wrapper = join(dir, 'chromium');
  await writeFile(wrapper, `#!/bin/sh\nexec ${process.env.RELIEF_CHROMIUM ?? '/usr/bin/chromium'} "$@" --log-net-log=${netlog}\n`);
  await chmod(wrapper, 0o755);
  process.env.RELIEF_CHROMIUM = wrapper;
  const { launchBrowser } = await import('../src/photo3d/browser.ts');

  const server = createServer((_, res) => res.end('<!doctype html><title>local</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const remote = await page.evaluate(() => fetch('http://example.com/').then(() => 'fetched', () => 'blocked'));
    assert.equal(remote, 'blocked');
    await page.waitForTimeout(2000); // the component updater's first check came within 1.5 s
  } finally {
    await browser.close();
    server.close();
  }

  const log = JSON.parse(await readFile(netlog, 'utf8')) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: { address?: string } }[] };
  const name = new Map(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const connects = log.events
    .filter((e) => /^(TCP_CONNECT_ATTEMPT|UDP_CONNECT|SOCKET_CONNECT)$/.test(name.get(e.type) ?? '') && e.params?.address)
    .map((e) => `${name.get(e.type)} ${e.params!.address}`);
  assert.ok(connects.some((c) => /^TCP_CONNECT_ATTEMPT 127\.0\.0\.1:/.test(c)), 'the local page was loaded through the log');
  const outside = connects.filter((c) => !LOOPBACK.test(c.split(' ')[1]!) && !(c.startsWith('UDP_CONNECT') || c.startsWith('SOCKET_CONNECT') ? c.endsWith(IPV6_PROBE) : false));
  assert.deepEqual([...new Set(outside)], []);
  const dns = log.events.filter((e) => /^(HOST_RESOLVER_DNS_TASK|HOST_RESOLVER_SYSTEM_TASK|DNS_TRANSACTION)$/.test(name.get(e.type) ?? ''));
  assert.equal(dns.length, 0, 'no host name was resolved');
});
