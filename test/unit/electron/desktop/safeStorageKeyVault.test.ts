import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SafeStorageKeyVault,
  type SafeStorageApi,
} from '../../../../electron/desktop/safeStorageKeyVault.ts';
import { makeTempDir } from '../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);
const key = 'loupe-test-key-7f3a9c21';

/** Electron's safeStorage, stubbed: "encryption" reverses the bytes so the file never holds the key. */
function fakeSafeStorage(backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>): SafeStorageApi {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(text).reverse(),
    decryptString: (bytes) => Buffer.from(bytes).reverse().toString(),
    getSelectedStorageBackend: () => backend,
  };
}

describe('SafeStorageKeyVault', () => {
  it('stores the key encrypted', () => {
    const file = join(temp.dir, 'enc', 'api-key.enc');
    const vault = new SafeStorageKeyVault(file, fakeSafeStorage('gnome_libsecret'), () => false);
    vault.set(key);
    expect(readFileSync(file).toString()).not.toContain(key);
    expect(vault.get()).toBe(key);
    expect(vault.status()).toEqual({ isSet: true, last4: '9c21', source: 'safeStorage' });
  });

  it.runIf(process.platform === 'linux')(
    'refuses the basic_text backend unless plain storage is accepted',
    () => {
      const file = join(temp.dir, 'plain', 'api-key.enc');
      let accepted = false;
      const vault = new SafeStorageKeyVault(file, fakeSafeStorage('basic_text'), () => accepted);
      expect(() => vault.set(key)).toThrow(/Accept plain storage/);
      accepted = true;
      vault.set(key);
      expect(vault.get()).toBe(key);
    },
  );
});
