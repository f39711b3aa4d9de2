import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../../../electron/desktop/appProtocol.ts';

const root = resolve('/opt/loupe/renderer');

describe('app protocol paths', () => {
  it('maps app URLs to files under the root', () => {
    expect(resolveAppPath(root, 'loupe://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'loupe://app/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
  });

  it.each([
    'loupe://app/../../etc/passwd',
    'loupe://app/%2e%2e/%2e%2e/etc/passwd',
    'loupe://app/assets/..%2f..%2f..%2fetc%2fpasswd',
    'loupe://app/%2Fetc%2Fpasswd',
    'loupe://app//etc/passwd',
  ])('never leaves the root for %s', (url) => {
    const file = resolveAppPath(root, url);
    expect(file === undefined || file.startsWith(root + sep)).toBe(true);
    expect(file).not.toBe('/etc/passwd');
  });

  it.each([
    'loupe://app/a%5c..%5c..%5csecret',
    'loupe://app/a%00b',
    'loupe://other/index.html',
    'file:///etc/passwd',
    'not a url',
    'loupe://app/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeUndefined();
  });
});
