import { describe, expect, it } from 'vitest';
import {
  apiKeyDigest,
  generateApiKey,
  parseAuthorizationHeader,
} from '../../../../../electron/localApi/server/apiKeys.ts';

describe('local API keys', () => {
  it('look like Clarifai app keys and differ every time', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(generateApiKey()).not.toBe(key);
    expect(apiKeyDigest(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyDigest(key)).not.toContain(key);
  });

  it.each([
    ['Key abc123', { key: 'abc123' }],
    ['key abc123', { key: 'abc123' }],
    ['  Key   abc123 ', { key: 'abc123' }],
  ])('reads %j', (header, expected) => {
    expect(parseAuthorizationHeader(header)).toEqual(expected);
  });

  it.each([undefined, '', 'Bearer abc', 'Key', 'Key a b', 'abc'])(
    'refuses %j without echoing it',
    (header) => {
      const parsed = parseAuthorizationHeader(header);
      expect(parsed).toHaveProperty('problem');
      if (header && 'problem' in parsed && header.length > 4) expect(parsed.problem).not.toContain(header);
    },
  );
});
