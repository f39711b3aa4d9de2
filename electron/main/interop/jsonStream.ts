import { TokenParser, TokenParserError, Tokenizer, TokenizerError, TokenType } from '@streamparser/json';
import type { ParsedTokenInfo } from '@streamparser/json';

/**
 * A JSON document read as a stream of its top-level parts (docs/interop.md, "Memory"): the
 * elements of the root array, or of each array that is a member of the root object, one at a
 * time, each let go by the parser once handed over. Other members of the root object (`info`,
 * a `status`, a scalar) come whole. So a 200 MB COCO file is never one string nor one object
 * tree: what stays is what the visitor keeps. Tokenising and assembling is @streamparser/json's;
 * this file only says which values to hand over and where a failure is.
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

/** Deeper than this is no prediction file; the parser would follow any depth. */
const maxDepth = 64;

/** A push parser: `write` each chunk, then `end`. Throws JsonStreamError (or what the visitor throws). */
export class JsonStream {
  readonly #tokenizer = new Tokenizer();
  readonly #visitor: JsonStreamVisitor;
  #parser: TokenParser | undefined;
  #rootKind: 'array' | 'object' | undefined;
  /** Bytes written before the current chunk. */
  #written = 0;
  /** Offset of the token being handed to the token parser (its errors name no position). */
  #tokenOffset = 0;
  #depth = 0;
  /** Root object bookkeeping: the member being read, and whether a key comes next. */
  #key: string | undefined;
  #expectKey = false;
  #object: Record<string, unknown> | undefined;
  #failure: Error | undefined;

  constructor(visitor: JsonStreamVisitor) {
    this.#visitor = visitor;
    this.#tokenizer.onToken = (token) => this.#onToken(token);
    this.#tokenizer.onError = (error) => this.#fail(error);
    this.#tokenizer.onEnd = () => {
      if (this.#parser && !this.#parser.isEnded) this.#parser.end();
    };
  }

  write(bytes: Uint8Array): void {
    this.#tokenizer.write(bytes);
    this.#rethrow();
    this.#written += bytes.length;
  }

  end(): void {
    if (!this.#tokenizer.isEnded) this.#tokenizer.end();
    this.#rethrow();
    if (!this.#parser?.isEnded)
      throw new JsonStreamError('the file ends before the JSON is complete', this.#written);
  }

  #rethrow(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Errors of the parser become a reason and an offset; the visitor's own pass through as they are. */
  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    if (error instanceof VisitorError)
      this.#failure = error.cause instanceof Error ? error.cause : new Error(String(error.cause));
    else if (error instanceof TokenizerError) {
      // Its message carries the absolute byte position (and quotes the character: not passed on).
      const position = /absolute position "(\d+)"/.exec(error.message);
      this.#failure = position
        ? new JsonStreamError('unexpected character', Number(position[1]))
        : new JsonStreamError('the file ends before the JSON is complete', this.#written);
    } else if (error instanceof TokenParserError)
      this.#failure = new JsonStreamError('unexpected token', this.#tokenOffset);
    else if (error instanceof Error && /ended in mid-parsing/.test(error.message))
      this.#failure = new JsonStreamError('the file ends before the JSON is complete', this.#written);
    else this.#failure = error instanceof Error ? error : new Error(String(error));
  }

  /** Runs a visitor callback so that what it throws is told apart from the parser's errors. */
  #visit(call: () => void): void {
    try {
      call();
    } catch (error) {
      throw new VisitorError(error);
    }
  }

  #onToken(info: ParsedTokenInfo): void {
    this.#tokenOffset = info.offset;
    const { token } = info;
    if (!this.#parser) this.#start(token, info.offset);
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      this.#depth += 1;
      if (this.#depth > maxDepth)
        throw new JsonStreamError(`nested deeper than ${maxDepth} levels`, info.offset);
    }
    if (this.#rootKind === 'object') this.#trackRootObject(info);
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.#depth -= 1;
    this.#parser!.write(info);
    this.#rethrow();
  }

  /** The first token says what the root is, and so which values to hand over. */
  #start(token: TokenType, offset: number): void {
    if (token === TokenType.LEFT_BRACKET) this.#rootKind = 'array';
    else if (token === TokenType.LEFT_BRACE) this.#rootKind = 'object';
    else throw new JsonStreamError('the JSON is not an array or an object', offset);
    const parser = new TokenParser({ paths: [this.#rootKind === 'array' ? '$.*' : '$.*.*'] });
    parser.onValue = ({ value, key, parent }) => {
      if (this.#rootKind === 'array')
        this.#visit(() => this.#visitor.element(undefined, key as number, value));
      else if (Array.isArray(parent))
        this.#visit(() => this.#visitor.element(this.#key, key as number, value));
      else if (this.#object) this.#object[key as string] = value;
    };
    parser.onError = (error) => this.#fail(error);
    parser.onEnd = () => {
      if (!this.#tokenizer.isEnded) this.#tokenizer.end();
    };
    this.#parser = parser;
    const kind = this.#rootKind;
    this.#visit(() => this.#visitor.root(kind));
  }

  /**
   * The root object's members by their tokens (the token parser checks the grammar): a key, then
   * an array (streamed), an object (assembled from its members, handed over when it closes) or a
   * scalar.
   */
  #trackRootObject({ token, value }: ParsedTokenInfo): void {
    const depth = this.#depth;
    if (token === TokenType.LEFT_BRACE && depth === 1) {
      this.#expectKey = true;
      return;
    }
    if (token === TokenType.COMMA && depth === 1) {
      this.#expectKey = true;
      return;
    }
    if (token === TokenType.LEFT_BRACKET && depth === 2 && this.#key !== undefined) {
      const key = this.#key;
      this.#visit(() => this.#visitor.arrayStart?.(key));
      return;
    }
    if (token === TokenType.LEFT_BRACE && depth === 2) {
      this.#object = {};
      return;
    }
    if (token === TokenType.RIGHT_BRACE && depth === 2 && this.#object && this.#key !== undefined) {
      const object = this.#object;
      const key = this.#key;
      this.#object = undefined;
      this.#visit(() => this.#visitor.member?.(key, object));
      return;
    }
    if (depth !== 1) return;
    if (token === TokenType.STRING && this.#expectKey) {
      this.#key = value as string;
      this.#expectKey = false;
    } else if (
      this.#key !== undefined &&
      (token === TokenType.STRING ||
        token === TokenType.NUMBER ||
        token === TokenType.TRUE ||
        token === TokenType.FALSE ||
        token === TokenType.NULL)
    ) {
      const key = this.#key;
      this.#visit(() => this.#visitor.member?.(key, value));
    }
  }
}

/** A visitor's own error, carried through the parser's callbacks unchanged. */
class VisitorError extends Error {
  constructor(cause: unknown) {
    super('visitor failed', { cause });
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
