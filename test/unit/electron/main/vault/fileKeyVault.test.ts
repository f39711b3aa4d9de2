import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileKeyVault } from '../../../../../electron/main/vault/fileKeyVault.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);
const key = 'loupe-test-key-7f3a9c21';

describe('FileKeyVault', () => {
  it('stores the key in a 0600 file and shows only its last 4 characters', () => {
    const file = join(temp.dir, 'a', 'api-key');
    const vault = new FileKeyVault(file, {});
    expect(vault.status()).toEqual({ isSet: false, source: 'none' });
    vault.set(`  ${key}\n`);
    expect(vault.get()).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(key);
    expect(vault.status()).toEqual({ isSet: true, last4: '9c21', source: 'file' });
    expect(JSON.stringify(vault.status())).not.toContain(key);
    vault.clear();
    expect(vault.get()).toBeUndefined();
  });

  it('prefers LOUPE_API_KEY and refuses to overwrite it', () => {
    const vault = new FileKeyVault(join(temp.dir, 'b', 'api-key'), { LOUPE_API_KEY: key });
    expect(vault.get()).toBe(key);
    expect(vault.status().source).toBe('environment');
    expect(() => vault.set('another-key-123')).toThrow(/LOUPE_API_KEY/);
  });

  it('refuses keys that cannot be right and files others can read', () => {
    const file = join(temp.dir, 'c', 'api-key');
    const vault = new FileKeyVault(file, {});
    expect(() => vault.set('short')).toThrow(/8–512 characters/);
    expect(() => vault.set('has a space inside')).toThrow(/without spaces/);
    vault.set(key);
    chmodSync(file, 0o644);
    expect(() => vault.get()).toThrow(/can be read by other users/);
  });
});
