import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SessionSigner, originAllowed } from '../../src/server/http/session-tokens.js';
import type { EmbeddedSession } from '../../src/server/http/session-tokens.js';

const SECRET = 'test-session-secret-0123456789-abcdefghij';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const INPUT = {
  workspaceId: 'ws_A',
  viewer: { product: 'caac', role: 'admin', name: 'Ada' },
  allowedOrigins: ['https://portal.example.com', 'http://localhost:5173'],
};

/** What the token format is: `cks_<payload>.<HMAC-SHA256 of "cks_<payload>">`, signed here independently. */
async function signRaw(payloadJson: string, secret = SECRET): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signed = `cks_${Buffer.from(payloadJson).toString('base64url')}`;
  const signature = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed)));
  return `${signed}.${signature.toString('base64url')}`;
}

function splitToken(token: string): { payload: Record<string, unknown>; signature: string } {
  const [signed = '', signature = ''] = token.split('.');
  assert.ok(signed.startsWith('cks_') && signature);
  return { payload: JSON.parse(Buffer.from(signed.slice(4), 'base64url').toString('utf8')), signature };
}

function withPayload(payload: unknown, signature: string): string {
  return `cks_${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('SessionSigner', () => {
  it('mints a token that verifies back to the same session', async () => {
    const signer = await SessionSigner.create(SECRET);
    const { token, session } = await signer.mint(INPUT, NOW);
    assert.match(token, /^cks_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(session, {
      workspaceId: 'ws_A',
      viewer: { product: 'caac', role: 'admin', name: 'Ada' },
      allowedOrigins: ['https://portal.example.com', 'http://localhost:5173'],
      issuedAt: NOW,
      expiresAt: NOW + 15 * 60 * 1000,
      id: session.id,
    });
    assert.ok(session.id.length >= 16);
    assert.deepEqual(await signer.verify(token, NOW + 1000), session);
    assert.deepEqual(splitToken(token).payload, session);
    // A second verifier with the same secret (another server process) accepts it too.
    assert.deepEqual(await (await SessionSigner.create(SECRET)).verify(token, NOW), session);
  });

  it('gives every session its own id', async () => {
    const signer = await SessionSigner.create(SECRET);
    const a = await signer.mint(INPUT, NOW);
    const b = await signer.mint(INPUT, NOW);
    assert.notEqual(a.session.id, b.session.id);
    assert.notEqual(a.token, b.token);
  });

  it('returns null once the token has expired', async () => {
    const signer = await SessionSigner.create(SECRET);
    const { token, session } = await signer.mint({ ...INPUT, ttlSeconds: 60 }, NOW);
    assert.equal(session.expiresAt, NOW + 60_000);
    assert.ok(await signer.verify(token, session.expiresAt - 1));
    assert.equal(await signer.verify(token, session.expiresAt), null);
    assert.equal(await signer.verify(token, session.expiresAt + 3_600_000), null);
    assert.equal(await signer.verify(token, Number.NaN), null);
  });

  it('defaults the lifetime to 15 minutes and caps it at one hour', async () => {
    const signer = await SessionSigner.create(SECRET);
    const lifetime = async (ttlSeconds?: number) => {
      const { token, session } = await signer.mint({ ...INPUT, ttlSeconds }, NOW);
      assert.equal(splitToken(token).payload.expiresAt, session.expiresAt);
      return session.expiresAt - session.issuedAt;
    };
    assert.equal(await lifetime(), 15 * 60_000);
    assert.equal(await lifetime(300), 300_000);
    assert.equal(await lifetime(3600), 3_600_000);
    assert.equal(await lifetime(86_400), 3_600_000);
    assert.equal(await lifetime(Number.POSITIVE_INFINITY), 3_600_000);
    for (const bad of [0, -5, Number.NaN]) {
      await assert.rejects(signer.mint({ ...INPUT, ttlSeconds: bad }, NOW), /ttlSeconds must be a positive number/);
    }
  });

  it('returns null when any character of the payload or signature is changed', async () => {
    const signer = await SessionSigner.create(SECRET);
    const { token } = await signer.mint(INPUT, NOW);
    for (let i = 'cks_'.length; i < token.length; i++) {
      if (token[i] === '.') continue;
      const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      assert.equal(await signer.verify(tampered, NOW), null, `accepted a change at ${i}`);
    }
    // Same signature bytes, non-canonical spelling (an unused low bit of the last character set).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1];
    assert.deepEqual(Buffer.from(respelled.split('.')[1]!, 'base64url'), Buffer.from(token.split('.')[1]!, 'base64url'));
    assert.equal(await signer.verify(respelled, NOW), null);
  });

  it('returns null for a token signed with another secret', async () => {
    const other = await SessionSigner.create('another-secret-of-at-least-32-characters!');
    const { token } = await other.mint(INPUT, NOW);
    assert.ok(await other.verify(token, NOW));
    assert.equal(await (await SessionSigner.create(SECRET)).verify(token, NOW), null);
  });

  it('does not let a token for workspace A be edited into one for workspace B', async () => {
    const signer = await SessionSigner.create(SECRET);
    const a = await signer.mint(INPUT, NOW);
    const b = await signer.mint({ ...INPUT, workspaceId: 'ws_B' }, NOW);
    const { payload, signature } = splitToken(a.token);
    assert.equal(await signer.verify(withPayload({ ...payload, workspaceId: 'ws_B' }, signature), NOW), null);
    assert.equal(await signer.verify(withPayload({ ...payload, expiresAt: NOW + 86_400_000 }, signature), NOW), null);
    assert.equal(await signer.verify(withPayload({ ...payload, allowedOrigins: ['https://evil.example'] }, signature), NOW), null);
    // Nor can A's payload borrow B's signature.
    assert.equal(await signer.verify(`${a.token.split('.')[0]}.${splitToken(b.token).signature}`, NOW), null);
    assert.equal((await signer.verify(a.token, NOW))?.workspaceId, 'ws_A');
  });

  it('returns null for a correctly signed but malformed payload', async () => {
    const signer = await SessionSigner.create(SECRET);
    const { session } = await signer.mint(INPUT, NOW);
    assert.deepEqual(await signer.verify(await signRaw(JSON.stringify(session)), NOW), session, 'the test signs like the signer does');
    const payloads = [
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...session, workspaceId: '' }),
      JSON.stringify({ ...session, workspaceId: 42 }),
      JSON.stringify({ ...session, viewer: { product: 'caac' } }),
      JSON.stringify({ ...session, allowedOrigins: [] }),
      JSON.stringify({ ...session, allowedOrigins: ['https://*.example.com'] }),
      JSON.stringify({ ...session, expiresAt: String(session.expiresAt) }),
      JSON.stringify({ ...session, id: undefined }),
    ];
    for (const payload of payloads) {
      assert.equal(await signer.verify(await signRaw(payload), NOW), null, payload);
    }
  });

  it('returns null (never throws) for tokens in the wrong format', async () => {
    const signer = await SessionSigner.create(SECRET);
    const { token } = await signer.mint(INPUT, NOW);
    const [signed, signature] = token.split('.');
    const bad = ['', 'cks_', 'Bearer ' + token, token.slice(4), `xyz_${token.slice(4)}`, `${token}.x`, `${signed}.`, `${signed}.${signature}=`, signed!, `cks_${'A'.repeat(9000)}.${signature}`];
    for (const value of bad) assert.equal(await signer.verify(value, NOW), null, value.slice(0, 40));
    assert.equal(await signer.verify(undefined as unknown as string, NOW), null);
  });

  it('rejects a secret shorter than 32 characters without echoing it', async () => {
    const short = 'only-31-characters-long-secret!';
    assert.equal(short.length, 31);
    await assert.rejects(SessionSigner.create(short), (error: Error) => {
      assert.match(error.message, /at least 32 characters \(got 31\)/);
      assert.ok(!error.message.includes(short) && !error.message.includes('\n'));
      return true;
    });
    assert.ok(await SessionSigner.create(short + 'x'));
  });

  it('accepts only exact origins, naming the bad one', async () => {
    const signer = await SessionSigner.create(SECRET);
    const rejected: [string, RegExp][] = [
      ['https://portal.example.com/', /did you mean 'https:\/\/portal\.example\.com'\?/],
      ['https://portal.example.com/app', /did you mean 'https:\/\/portal\.example\.com'\?/],
      ['https://portal.example.com:443', /did you mean 'https:\/\/portal\.example\.com'\?/],
      ['HTTPS://Portal.Example.com', /did you mean 'https:\/\/portal\.example\.com'\?/],
      ['https://user@portal.example.com', /did you mean/],
      ['https://*.example.com', /no wildcard/],
      ['*', /no wildcard/],
      ['portal.example.com', /not an exact origin/],
      ['ftp://portal.example.com', /not an exact origin/],
      ['null', /not an exact origin/],
      ['', /not an exact origin/],
    ];
    for (const [origin, message] of rejected) {
      await assert.rejects(signer.mint({ ...INPUT, allowedOrigins: ['https://ok.example.com', origin] }, NOW), (error: Error) => {
        assert.ok(error.message.includes(`allowed origin '${origin}' is not an exact origin`), error.message);
        assert.match(error.message, message);
        return true;
      });
    }
    await assert.rejects(signer.mint({ ...INPUT, allowedOrigins: [] }, NOW), /needs at least one origin/);
    const { session } = await signer.mint({ ...INPUT, allowedOrigins: ['https://portal.example.com:8443', 'http://[::1]:3000', 'http://localhost'] }, NOW);
    assert.deepEqual(session.allowedOrigins, ['https://portal.example.com:8443', 'http://[::1]:3000', 'http://localhost']);
  });

  it('rejects a session without a workspace or viewer', async () => {
    const signer = await SessionSigner.create(SECRET);
    await assert.rejects(signer.mint({ ...INPUT, workspaceId: '' }, NOW), /Cannot mint an embedded session: workspaceId/);
    await assert.rejects(signer.mint({ ...INPUT, viewer: { product: 'caac', role: '' } }, NOW), /Cannot mint an embedded session: viewer\.role/);
  });
});

describe('originAllowed', () => {
  it('allows exact matches only', () => {
    const session: EmbeddedSession = { ...INPUT, issuedAt: NOW, expiresAt: NOW + 1, id: 'x' };
    assert.equal(originAllowed(session, 'https://portal.example.com'), true);
    assert.equal(originAllowed(session, 'http://localhost:5173'), true);
    for (const origin of [null, '', 'null', 'https://portal.example.com/', 'http://portal.example.com', 'https://evil.portal.example.com', 'https://portal.example.com.evil.com', 'HTTPS://PORTAL.EXAMPLE.COM', 'http://localhost:5174', 'http://localhost']) {
      assert.equal(originAllowed(session, origin), false, String(origin));
    }
  });
});
