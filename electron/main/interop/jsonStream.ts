import { findJsonSyntaxError } from '../../../shared/jsonText.ts';

/**
 * A JSON document read as a stream of its top-level parts (docs/interop.md, "Memory"): the
 * elements of the root array, or of each array that is a member of the root object, one at a
 * time; other members of the root object (`info`, a `status`, a scalar) whole. So a 200 MB COCO
 * file is never one string nor one object tree: what stays is what the visitor keeps.
 *
 * Only the skeleton is scanned here (brackets, commas, colons, keys, and where each element
 * begins and ends, strings and escapes minded); each element's bytes are parsed by `JSON.parse`
 * and a refused one is placed by `findJsonSyntaxError` (shared/jsonText.ts). The streaming
 * parsers tried first (@streamparser/json, stream-json) parse every byte in JavaScript and read
 * a COCO file at 2–5 MB/s here, 20–50 times slower than `JSON.parse`, which this keeps.
 */

export interface JsonStreamVisitor {
  /** The root is an array or an object (called once, before anything else). */
  root(kind: 'array' | 'object'): void;
  /** A member of the root object that is an array starts (its elements follow). */
  arrayStart?(key: string): void;
  /** An element of the root array (`array` undefined) or of the root object's array `array`. */
  element(array: string | undefined, index: number, value: unknown): void;
  /** A member of the root object that is not an array, once it is complete. */
  member?(key: string, value: unknown): void;
}

/** Where and why a JSON text is not JSON, by byte offset (never quoting it). */
export class JsonStreamError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'JsonStreamError';
  }
}

/** Deeper than this is no prediction file (and JSON.parse's result is walked by zod). */
const maxDepth = 64;
const ends = 'the file ends before the JSON is complete';

type Expect =
  'root' | 'valueOrClose' | 'value' | 'commaOrClose' | 'keyOrClose' | 'key' | 'colon' | 'memberValue' | 'end';

/** The value being gathered: an element, a member's value or a key. */
interface Gathering {
  kind: 'container' | 'string' | 'scalar';
  /** Absolute offset of its first byte. */
  start: number;
  /** Its bytes from earlier chunks. */
  pieces: Buffer[];
  /** Inside a container: nesting, and whether inside a string (after a backslash). */
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** What it is for. */
  role: 'element' | 'member' | 'key';
}

/** A push parser: `write` each chunk, then `end`. Throws JsonStreamError (or what the visitor throws). */
export class JsonStream {
  readonly #visitor: JsonStreamVisitor;
  #rootKind: 'array' | 'object' | undefined;
  #expect: Expect = 'root';
  /** 1 inside the root, 2 inside an array member of the root object. */
  #level = 0;
  #key = '';
  #index = 0;
  #gathering: Gathering | undefined;
  /** Bytes written before the current chunk. */
  #written = 0;

  constructor(visitor: JsonStreamVisitor) {
    this.#visitor = visitor;
  }

  write(bytes: Uint8Array): void {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let i = 0;
    // A byte-order mark (editors on Windows write one) is no reason to refuse a file.
    if (this.#written === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    for (; i < chunk.length; i++) {
      if (this.#gathering) {
        const end = this.#scan(chunk, i);
        if (end === undefined) break;
        i = end;
        continue;
      }
      const byte = chunk[i]!;
      if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
      this.#skeleton(byte, i);
    }
    const open = this.#gathering;
    if (open) open.pieces.push(chunk.subarray(Math.max(0, open.start - this.#written)));
    this.#written += chunk.length;
  }

  end(): void {
    if (this.#gathering?.kind === 'scalar') {
      // A number at the very end of the text: only the root could be one, and it is not allowed.
      this.#finish(Buffer.alloc(0), 0);
    }
    if (this.#expect !== 'end') throw new JsonStreamError(ends, this.#written);
  }

  /** One byte of the skeleton (outside any gathered value). */
  #skeleton(byte: number, i: number): void {
    const at = this.#written + i;
    const c = String.fromCharCode(byte);
    switch (this.#expect) {
      case 'root':
        if (c === '[') this.#open('array', 1);
        else if (c === '{') this.#open('object', 1);
        else throw new JsonStreamError('the JSON is not an array or an object', at);
        return;
      case 'valueOrClose':
        if (c === ']') return this.#close();
        return this.#startValue(byte, at, 'element');
      case 'value':
        return this.#startValue(byte, at, 'element');
      case 'commaOrClose': {
        const inArray = this.#level === 2 || this.#rootKind === 'array';
        if (c === ',') this.#expect = inArray ? 'value' : 'key';
        else if (c === (inArray ? ']' : '}')) this.#close();
        else throw new JsonStreamError(inArray ? "expected ',' or ']'" : "expected ',' or '}'", at);
        return;
      }
      case 'keyOrClose':
      case 'key':
        if (c === '}' && this.#expect === 'keyOrClose') return this.#close();
        if (c !== '"') throw new JsonStreamError('expected a property name in double quotes', at);
        return this.#startValue(byte, at, 'key');
      case 'colon':
        if (c !== ':') throw new JsonStreamError("expected ':' after a property name", at);
        this.#expect = 'memberValue';
        return;
      case 'memberValue':
        if (c === '[') {
          this.#level = 2;
          this.#index = 0;
          this.#expect = 'valueOrClose';
          this.#visitor.arrayStart?.(this.#key);
          return;
        }
        return this.#startValue(byte, at, 'member');
      case 'end':
        throw new JsonStreamError('unexpected text after the JSON value', at);
    }
  }

  #open(kind: 'array' | 'object', level: number): void {
    this.#rootKind = kind;
    this.#level = level;
    this.#expect = kind === 'array' ? 'valueOrClose' : 'keyOrClose';
    this.#visitor.root(kind);
  }

  #close(): void {
    this.#level -= 1;
    this.#expect = this.#level === 0 ? 'end' : 'commaOrClose';
  }

  #startValue(byte: number, at: number, role: Gathering['role']): void {
    const c = String.fromCharCode(byte);
    const kind =
      c === '{' || c === '['
        ? 'container'
        : c === '"'
          ? 'string'
          : c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n'
            ? 'scalar'
            : undefined;
    if (!kind) throw new JsonStreamError('unexpected character where a value should start', at);
    this.#gathering = {
      kind,
      start: at,
      pieces: [],
      depth: kind === 'container' ? 1 : 0,
      inString: kind === 'string',
      escaped: false,
      role,
    };
    if (kind === 'container' && this.#level + 1 > maxDepth)
      throw new JsonStreamError(`nested deeper than ${maxDepth} levels`, at);
  }

  /**
   * Scans the gathered value from `from` (past its first byte, or the chunk's start): the index of its
   * last byte once it ends (it is then handed over), or undefined when it goes on past the chunk.
   */
  #scan(chunk: Buffer, from: number): number | undefined {
    const value = this.#gathering!;
    let i = from;
    if (value.kind === 'scalar') {
      for (; i < chunk.length; i++) {
        const byte = chunk[i]!;
        // A number or literal ends where a separator or whitespace begins (not part of it).
        if (byte === 0x2c || byte === 0x5d || byte === 0x7d || byte <= 0x20) {
          this.#finish(chunk, i);
          return i - 1;
        }
      }
      return undefined;
    }
    for (; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (value.inString) {
        if (value.escaped) value.escaped = false;
        else if (byte === 0x5c) value.escaped = true;
        else if (byte === 0x22) {
          value.inString = false;
          if (value.kind === 'string') {
            this.#finish(chunk, i + 1);
            return i;
          }
        }
        continue;
      }
      if (byte === 0x22) value.inString = true;
      else if (byte === 0x7b || byte === 0x5b) {
        value.depth += 1;
        if (this.#level + value.depth > maxDepth)
          throw new JsonStreamError(`nested deeper than ${maxDepth} levels`, this.#written + i);
      } else if (byte === 0x7d || byte === 0x5d) {
        value.depth -= 1;
        if (value.depth === 0) {
          this.#finish(chunk, i + 1);
          return i;
        }
      }
    }
    return undefined;
  }

  /** The gathered value ends before `end` of this chunk: parsed and handed over. */
  #finish(chunk: Buffer, end: number): void {
    const value = this.#gathering!;
    this.#gathering = undefined;
    const startInChunk = Math.max(0, value.start - this.#written);
    const last = chunk.subarray(startInChunk, end);
    const bytes = value.pieces.length === 0 ? last : Buffer.concat([...value.pieces, last]);
    const text = bytes.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      const error = findJsonSyntaxError(text);
      const offset = error ? Buffer.byteLength(text.slice(0, error.offset)) : 0;
      throw new JsonStreamError(error?.reason ?? 'unexpected character', value.start + offset);
    }
    switch (value.role) {
      case 'key':
        this.#key = parsed as string;
        this.#expect = 'colon';
        return;
      case 'member':
        this.#expect = 'commaOrClose';
        this.#visitor.member?.(this.#key, parsed);
        return;
      case 'element': {
        const array = this.#level === 2 ? this.#key : undefined;
        const index = this.#index++;
        this.#expect = 'commaOrClose';
        this.#visitor.element(array, index, parsed);
      }
    }
  }
}

/**
 * Line and column (1-based; the column in characters) of a byte offset, from the chunks of the
 * same file read again: only done for a message, after a failure.
 */
export async function positionOf(
  chunks: AsyncIterable<{ bytes: Buffer; offset: number }> | Iterable<{ bytes: Buffer; offset: number }>,
  offset: number,
): Promise<{ line: number; column: number }> {
  let line = 1;
  let column = 1;
  for await (const { bytes, offset: start } of chunks) {
    const end = Math.min(bytes.length, offset - start);
    for (let i = 0; i < end; i++) {
      const byte = bytes[i]!;
      if (byte === 0x0a) {
        line += 1;
        column = 1;
      } else if ((byte & 0xc0) !== 0x80) column += 1;
    }
    if (start + bytes.length >= offset) break;
  }
  return { line, column };
}
