import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TokenVault, generateTokenKey, parseTokenKeys } from '../../src/server/crypto/token-vault.js';

const TOKEN = 'EAAGm0PX4ZCpsBAKZC5vY2hhbm5lbC1raXQtdGVzdC10b2tlbg';

/** Replaces part `index` of a sealed value. */
function withPart(sealed: string, index: number, part: string): string {
  const parts = sealed.split('.');
  parts[index] = part;
  return parts.join('.');
}

/** Flips one bit of a base64url part's decoded bytes and re-encodes it canonically. */
function flipByte(part: string, at: number): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[at < 0 ? bytes.length + at : at]! ^= 0x01;
  return bytes.toString('base64url');
}

function part(sealed: string, index: number): string {
  const value = sealed.split('.')[index];
  assert.ok(value !== undefined);
  return value;
}

describe('TokenVault', () => {
  it('round-trips a token through seal and open', async () => {
    const vault = await TokenVault.create([generateTokenKey()]);
    const sealed = await vault.seal(TOKEN);
    assert.equal(await vault.open(sealed), TOKEN);
    assert.equal(await vault.open(await vault.seal('')), '');
    assert.equal(await vault.open(await vault.seal('héllo ✓')), 'héllo ✓');
  });

  it('writes v1.<keyId>.<12-byte iv>.<ciphertext+tag> and never contains the plaintext', async () => {
    const vault = await TokenVault.create([generateTokenKey('k7')]);
    const sealed = await vault.seal(TOKEN);
    assert.match(sealed, /^v1\.k7\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.equal(Buffer.from(part(sealed, 2), 'base64url').length, 12);
    assert.equal(Buffer.from(part(sealed, 3), 'base64url').length, Buffer.byteLength(TOKEN) + 16);
    for (const spelling of [TOKEN, Buffer.from(TOKEN).toString('base64url'), Buffer.from(TOKEN).toString('base64')]) {
      assert.ok(!sealed.includes(spelling.slice(0, 12)), 'sealed value carries the plaintext');
    }
  });

  it('uses a fresh IV every time it seals', async () => {
    const vault = await TokenVault.create([generateTokenKey()]);
    const a = await vault.seal(TOKEN);
    const b = await vault.seal(TOKEN);
    assert.notEqual(part(a, 2), part(b, 2));
    assert.notEqual(part(a, 3), part(b, 3));
  });

  it('rejects a sealed value relabelled with another key id, even one holding the same key material', async () => {
    const { key } = generateTokenKey();
    const vault = await TokenVault.create([{ id: 'a', key }, { id: 'b', key }]);
    const sealed = await vault.seal(TOKEN);
    await assert.rejects(vault.open(withPart(sealed, 1, 'b')), /failed authentication under key 'b'/);
  });

  it('rejects a tampered iv or ciphertext, and any respelling of them', async () => {
    const vault = await TokenVault.create([generateTokenKey()]);
    const sealed = await vault.seal(TOKEN);
    const iv = part(sealed, 2);
    const data = part(sealed, 3);
    const tampered = [
      withPart(sealed, 2, flipByte(iv, 0)),
      withPart(sealed, 2, flipByte(iv, -1)),
      withPart(sealed, 3, flipByte(data, 0)),
      withPart(sealed, 3, flipByte(data, -1)), // the tag
    ];
    for (const value of tampered) {
      await assert.rejects(vault.open(value), (error: Error) => {
        assert.match(error.message, /failed authentication/);
        assert.ok(!error.message.includes(value) && !error.message.includes(TOKEN));
        return true;
      });
    }
    // Same bytes, non-canonical spelling (an unused low bit of the last character set): not accepted either.
    const short = await vault.seal('x'); // 17 bytes: the last character carries 2 unused bits
    const shortData = part(short, 3);
    assert.equal(shortData.length % 4, 3);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = withPart(short, 3, shortData.slice(0, -1) + alphabet[alphabet.indexOf(shortData.at(-1)!) ^ 1]);
    assert.deepEqual(Buffer.from(part(respelled, 3), 'base64url'), Buffer.from(shortData, 'base64url'));
    await assert.rejects(vault.open(respelled), /not in the v1/);
  });

  it('rejects malformed values without echoing them', async () => {
    const vault = await TokenVault.create([generateTokenKey()]);
    const sealed = await vault.seal(TOKEN);
    const malformed = [
      '',
      TOKEN,
      sealed.replace(/^v1/, 'v2'),
      `${sealed}.extra`,
      sealed.split('.').slice(0, 3).join('.'),
      withPart(sealed, 1, 'k 1'),
      withPart(sealed, 2, part(sealed, 2).slice(0, 8)), // a 6-byte iv
      withPart(sealed, 3, 'AAAA'), // shorter than the tag
      withPart(sealed, 3, part(sealed, 3) + '='),
    ];
    for (const value of malformed) {
      await assert.rejects(vault.open(value), (error: Error) => {
        assert.match(error.message, /not in the v1\.<keyId>\.<iv>\.<ciphertext> format/);
        if (value) assert.ok(!error.message.includes(value));
        return true;
      });
    }
  });

  it('rotates keys: opens values sealed with an older key and flags them for resealing', async () => {
    const oldKey = generateTokenKey('old');
    const newKey = generateTokenKey('new');
    const sealedOld = await (await TokenVault.create([oldKey])).seal(TOKEN);

    const rotated = await TokenVault.create([newKey, oldKey]);
    assert.equal(await rotated.open(sealedOld), TOKEN);
    assert.equal(rotated.needsReseal(sealedOld), true);
    const resealed = await rotated.seal(await rotated.open(sealedOld));
    assert.match(resealed, /^v1\.new\./);
    assert.equal(rotated.needsReseal(resealed), false);

    const newOnly = await TokenVault.create([newKey]);
    await assert.rejects(newOnly.open(sealedOld), (error: Error) => {
      assert.match(error.message, /sealed with key 'old', which is not configured/);
      assert.ok(!error.message.includes(sealedOld) && !error.message.includes(TOKEN));
      return true;
    });
  });

  it('does not open values sealed with other key material under the same id', async () => {
    const sealed = await (await TokenVault.create([generateTokenKey('k1')])).seal(TOKEN);
    const other = await TokenVault.create([generateTokenKey('k1')]);
    await assert.rejects(other.open(sealed), /failed authentication under key 'k1'/);
  });

  it('rejects bad keys with one clear line that never contains the key', async () => {
    const b64 = (n: number) => Buffer.alloc(n, 0xab).toString('base64');
    const good = generateTokenKey('k1');
    const cases: { keys: { id: string; key: string }[]; message: RegExp; secret?: string }[] = [
      { keys: [], message: /at least one key.*openssl rand -base64 32/ },
      { keys: [{ id: 'short', key: b64(16) }], message: /'short' must be base64 of exactly 32 bytes \(got 16 bytes\)\. Make one with: openssl rand -base64 32/, secret: b64(16) },
      { keys: [{ id: 'long', key: b64(33) }], message: /'long' .*got 33 bytes/, secret: b64(33) },
      { keys: [{ id: 'junk', key: 'not base64!!' + b64(32) }], message: /'junk' .*not valid base64/, secret: b64(32) },
      { keys: [{ id: good.key, key: good.key }], message: /#1 has an invalid id/, secret: good.key },
      { keys: [{ id: '', key: good.key }], message: /#1 has an invalid id/ },
      { keys: [good, { id: 'k1', key: generateTokenKey().key }], message: /'k1' is used twice/ },
    ];
    for (const { keys, message, secret } of cases) {
      await assert.rejects(TokenVault.create(keys), (error: Error) => {
        assert.match(error.message, message);
        assert.ok(!error.message.includes('\n'));
        if (secret) assert.ok(!error.message.includes(secret) && !error.message.includes(secret.slice(0, 16)));
        return true;
      });
    }
  });

  it('accepts base64url keys, padded or not', async () => {
    const bytes = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) bytes[i] = 250 - i; // produces + and / in base64
    const keyB64 = bytes.toString('base64');
    const keyUrl = bytes.toString('base64url');
    assert.ok(/[+/]/.test(keyB64));
    const sealed = await (await TokenVault.create([{ id: 'k1', key: keyB64 }])).seal(TOKEN);
    assert.equal(await (await TokenVault.create([{ id: 'k1', key: keyUrl }])).open(sealed), TOKEN);
  });
});

describe('parseTokenKeys', () => {
  it('reads kid:key pairs, current key first', () => {
    const a = generateTokenKey('a');
    const b = generateTokenKey('b');
    assert.deepEqual(parseTokenKeys(` a:${a.key} , b:${b.key},`), [a, b]);
  });

  it('explains how to make a key when the variable is missing or empty', () => {
    for (const text of [undefined, '', '  ', ',']) {
      assert.throws(() => parseTokenKeys(text), {
        message:
          'CHANNEL_KIT_TOKEN_KEYS is not set: the server encrypts Meta tokens at rest and needs a key. Make one with: openssl rand -base64 32, then set CHANNEL_KIT_TOKEN_KEYS=k1:<key>',
      });
    }
  });

  it('rejects an entry without a key id, without echoing it', () => {
    const { key } = generateTokenKey();
    for (const text of [key, `:${key}`]) {
      assert.throws(() => parseTokenKeys(text), (error: Error) => {
        assert.match(error.message, /entry #1 is not <keyId>:<base64 key>/);
        assert.ok(!error.message.includes(key));
        return true;
      });
    }
  });
});

describe('generateTokenKey', () => {
  it('makes distinct 32-byte base64 keys', () => {
    const a = generateTokenKey();
    const b = generateTokenKey('k2');
    assert.equal(a.id, 'k1');
    assert.equal(b.id, 'k2');
    assert.equal(Buffer.from(a.key, 'base64').length, 32);
    assert.notEqual(a.key, b.key);
  });
});
