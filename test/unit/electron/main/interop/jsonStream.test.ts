import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStream, JsonStreamError, positionOf } from '../../../../../electron/main/interop/jsonStream.ts';

/** What a visitor is handed, in order, with the text fed in chunks of `size` bytes. */
function visit(text: string, size = 1 << 20) {
  const seen: unknown[] = [];
  const stream = new JsonStream({
    root: (kind) => seen.push(['root', kind]),
    arrayStart: (key) => seen.push(['array', key]),
    element: (array, index, value) => seen.push(['element', array ?? null, index, value]),
    member: (key, value) => seen.push(['member', key, value]),
  });
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; offset += size)
    stream.write(bytes.subarray(offset, offset + size));
  stream.end();
  return seen;
}

function failure(text: string): JsonStreamError {
  try {
    visit(text, 3);
  } catch (error) {
    if (error instanceof JsonStreamError) return error;
    throw error;
  }
  throw new Error('the text was accepted');
}

describe('JsonStream', () => {
  it('hands over the elements of the root array one by one', () => {
    expect(visit('[{"a": 1}, [2, 3], "x"]')).toEqual([
      ['root', 'array'],
      ['element', null, 0, { a: 1 }],
      ['element', null, 1, [2, 3]],
      ['element', null, 2, 'x'],
    ]);
  });

  it("hands over the root object's lists element by element, its other members whole", () => {
    const text = JSON.stringify({
      info: { year: 2017, contributors: ['a', 'b'] },
      type: 'instances',
      images: [{ id: 1, file_name: 'a.jpg' }],
      empty: [],
      annotations: [{ id: 7, bbox: [1, 2, 3, 4] }, { id: 8 }],
      done: true,
    });
    const expected = [
      ['root', 'object'],
      ['member', 'info', { year: 2017, contributors: ['a', 'b'] }],
      ['member', 'type', 'instances'],
      ['array', 'images'],
      ['element', 'images', 0, { id: 1, file_name: 'a.jpg' }],
      ['array', 'empty'],
      ['array', 'annotations'],
      ['element', 'annotations', 0, { id: 7, bbox: [1, 2, 3, 4] }],
      ['element', 'annotations', 1, { id: 8 }],
      ['member', 'done', true],
    ];
    expect(visit(text)).toEqual(expected);
    // Chunk boundaries anywhere (inside a key, a number, a multi-byte character) change nothing.
    expect(visit(text, 1)).toEqual(expected);
    expect(visit('[{"name": "café ☕"}]', 1)).toEqual([
      ['root', 'array'],
      ['element', null, 0, { name: 'café ☕' }],
    ]);
  });

  it('a byte-order mark at the start is no reason to refuse the file', () => {
    expect(visit('\uFEFF[1]')).toEqual([
      ['root', 'array'],
      ['element', null, 0, 1],
    ]);
  });

  it('a "__proto__" key is an own property, not the prototype', () => {
    const seen = visit('[{"__proto__": {"polluted": true}}]');
    const value = (seen[1] as unknown[])[3] as object;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('says why and at which byte a text is not JSON, never quoting it', () => {
    expect(failure('{"a": [1, 2,]}')).toMatchObject({
      reason: 'unexpected character where a value should start',
      offset: 12,
    });
    expect(failure('[1, 2] x')).toMatchObject({ reason: 'unexpected text after the JSON value', offset: 7 });
    expect(failure('[1 2]')).toMatchObject({ reason: "expected ',' or ']'", offset: 3 });
    expect(failure('{"a" 1}')).toMatchObject({ reason: "expected ':' after a property name", offset: 5 });
    // Inside an element: placed by the element's own parse.
    expect(failure('[{"a": tru}]')).toMatchObject({
      reason: 'unexpected character where a value should start',
      offset: 7,
    });
    expect(failure('[{"a": "b\\u00e9", "c": "d\\x"}]')).toMatchObject({
      reason: 'an invalid escape inside a string',
      offset: 25,
    });
    expect(failure('{"images": [{"id": 1}, {"id"')).toMatchObject({
      reason: 'the file ends before the JSON is complete',
      offset: 28,
    });
    expect(failure('[{"id": "unterminated')).toMatchObject({
      reason: 'the file ends before the JSON is complete',
    });
    expect(failure('')).toMatchObject({ reason: 'the file ends before the JSON is complete', offset: 0 });
    expect(failure('42')).toMatchObject({ reason: 'the JSON is not an array or an object' });
    expect(failure(`${'['.repeat(65)}${']'.repeat(65)}`)).toMatchObject({
      reason: 'nested deeper than 64 levels',
      offset: 64,
    });
    expect(failure('[{"secret-key-123": }]').message).not.toContain('secret');
  });

  it("passes the visitor's own errors through as they are", () => {
    const stream = new JsonStream({
      root: () => {},
      element: () => {
        throw new RangeError('not this one');
      },
    });
    expect(() => stream.write(Buffer.from('[1]'))).toThrow(new RangeError('not this one'));
  });

  it('strings with brackets, quotes and backslashes do not end an element early', () => {
    const value = { name: 'a ] } [ { "quoted" \\ \\"', list: ['x\\', ']'] };
    expect(visit(JSON.stringify({ items: [value, 7] }), 2)).toEqual([
      ['root', 'object'],
      ['array', 'items'],
      ['element', 'items', 0, value],
      ['element', 'items', 1, 7],
    ]);
  });

  it('any JSON array or object, cut in chunks of any size, comes back as JSON.parse reads it', () => {
    const root = fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()));
    fc.assert(
      fc.property(root, fc.integer({ min: 1, max: 64 }), fc.boolean(), (value, size, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        const rebuilt: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
        for (const [name, ...rest] of visit(text, size) as [string, ...unknown[]][]) {
          const set = (key: string, entry: unknown) =>
            Object.defineProperty(rebuilt, key, { value: entry, enumerable: true, writable: true });
          if (name === 'array') set(rest[0] as string, []);
          else if (name === 'member') set(rest[0] as string, rest[1]);
          else if (name === 'element') {
            const [array, , entry] = rest as [string | null, number, unknown];
            if (array === null) (rebuilt as unknown[]).push(entry);
            else (rebuilt as Record<string, unknown[]>)[array]!.push(entry);
          }
        }
        expect(rebuilt).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('turns a byte offset into a line and a column in characters', async () => {
    const text = Buffer.from('{\n  "né": [\n    1,,\n');
    function* chunks() {
      for (let offset = 0; offset < text.length; offset += 4)
        yield { bytes: text.subarray(offset, offset + 4), offset };
    }
    // The second comma of line 3.
    expect(await positionOf(chunks(), text.indexOf(',,') + 1)).toEqual({ line: 3, column: 7 });
    expect(await positionOf(chunks(), text.indexOf(':'))).toEqual({ line: 2, column: 7 });
  });
});
