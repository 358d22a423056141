// `npm start` keeps its data: a channel connected through the demo's server is still listed after the
// server is stopped and started again on the same data directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { completeDialog } from '../../src/testing/graph-emulator/index.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Starts `npm start` (the Vite dev server and the server behind it) on a data directory. */
async function startDemo(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['start', '--', '--port', String(port), '--strictPort'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, CHANNEL_KIT_DEMO_DATA: dataDir, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      process.kill(-child.pid!, 'SIGTERM');
    });
  for (let i = 0; i < 300 && !output.includes(url); i++) await new Promise((r) => setTimeout(r, 100));
  if (!output.includes(url)) {
    await stop();
    throw new Error(`the demo did not start:\n${output}`);
  }
  return { url, stop };
}

const WORKSPACE = { 'x-channel-kit-demo-workspace': 'empty~persistence' };

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...WORKSPACE, 'content-type': 'application/json', 'x-channel-kit-csrf': '1', origin: url },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

describe('npm start keeps its data across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-kit-demo-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists a channel connected before the restart', { timeout: 120_000 }, async () => {
    const first = await startDemo(dataDir);
    let channelId: string;
    try {
      assert.deepEqual((await call(first.url, 'GET', '/api/channels')).channels, []);
      // Scenario 1 through the demo's server and the Graph API emulator's dialog, as the popup would do it.
      const session = await call(first.url, 'POST', '/api/authorizations', { channelType: 'instagram', mode: 'connect' });
      const { redirectUrl, code } = await completeDialog(String(session.authorizeUrl), { assetIds: ['ig_2006'] });
      const callback = await fetch(redirectUrl);
      assert.equal(callback.status, 200);
      await call(first.url, 'POST', `/api/authorizations/${session.id}/complete`, { state: session.state, code });
      const channel = await call(first.url, 'POST', '/api/channels', { sessionId: session.id, accountId: 'ig_2006' });
      channelId = String(channel.id);
    } finally {
      await first.stop();
    }
    const second = await startDemo(dataDir);
    try {
      const page = await call(second.url, 'GET', '/api/channels');
      assert.deepEqual(
        (page.channels as { id: string; accountId: string; status: string }[]).map((c) => [c.id, c.accountId, c.status]),
        [[channelId, 'ig_2006', 'connected']],
      );
    } finally {
      await second.stop();
    }
  });
});
