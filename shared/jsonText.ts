import { jsonLimitProblem, type JsonLimits } from './jsonLimits.ts';

/**
 * JSON text from outside (a file, a request body) parsed so that a failure never quotes it.
 * V8's own message does ("Unexpected token 'k', "k3y-…" is not valid JSON"), and a message
 * crosses the contract, lands in logs and on screen: the opening bytes of whatever file was
 * named (the data folder's api-key included) would go with it. The problem is described by kind
 * and position instead (docs/hostile-input-main.md).
 */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses `text`, then checks it against `limits` when given; `problem` names no content. */
export function parseJsonText(text: string, limits?: JsonLimits): JsonTextResult {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, problem: `is not valid JSON: ${describeJsonSyntaxError(text)}` };
  }
  const problem = limits ? jsonLimitProblem(value, limits) : undefined;
  return problem ? { ok: false, problem: `is too large or deep: ${problem}` } : { ok: true, value };
}

/** What is wrong with the JSON text and where (line and column, 1-based), without quoting it. */
export function describeJsonSyntaxError(text: string): string {
  const error = findJsonSyntaxError(text);
  if (!error) return 'the parser refused it';
  const { line, column } = lineAndColumn(text, error.offset);
  return `${error.reason} at line ${line}, column ${column}`;
}

export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that cannot be JSON. */
  offset: number;
  reason: string;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose';

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const literals = ['true', 'false', 'null'] as const;

/**
 * The first error in JSON text (RFC 8259), found iteratively (no recursion: depth is whatever
 * the text says), or undefined when the text is JSON. Only run after JSON.parse has refused.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const containers: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const at = (offset: number, reason: string): JsonSyntaxError => ({ offset, reason });
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
    const done = containers.length === 0 && expect === 'commaOrClose';
    if (i >= text.length) return done ? undefined : at(i, 'the text ends before the JSON is complete');
    if (done) return at(i, 'unexpected text after the JSON value');
    const c = text.charAt(i);
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        if (expect === 'valueOrClose' && c === ']') {
          containers.pop();
          i += 1;
          expect = 'commaOrClose';
        } else if (c === '{' || c === '[') {
          containers.push(c);
          i += 1;
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = 'commaOrClose';
        } else {
          numberPattern.lastIndex = i;
          const number = numberPattern.exec(text);
          const literal = literals.find((word) => text.startsWith(word, i));
          if (number) i += number[0].length;
          else if (literal) i += literal.length;
          else return at(i, 'unexpected character where a value should start');
          expect = 'commaOrClose';
        }
        break;
      }
      case 'key':
      case 'keyOrClose': {
        if (expect === 'keyOrClose' && c === '}') {
          containers.pop();
          i += 1;
          expect = 'commaOrClose';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = 'colon';
        } else return at(i, 'expected a property name in double quotes');
        break;
      }
      case 'colon':
        if (c !== ':') return at(i, "expected ':' after a property name");
        i += 1;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const open = containers.at(-1);
        if (c === ',') {
          i += 1;
          expect = open === '{' ? 'key' : 'value';
        } else if ((open === '{' && c === '}') || (open === '[' && c === ']')) {
          containers.pop();
          i += 1;
        } else return at(i, open === '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
      }
    }
  }
}

/** The offset just past the closing quote of the string opening at `start`, or its error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, reason: 'a control character inside a string' };
    if (code === 0x5c) {
      const escape = text.charAt(i + 1);
      if ('"\\/bfnrt'.includes(escape) && escape !== '') i += 2;
      else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else return { offset: i, reason: 'an invalid escape inside a string' };
      continue;
    }
    i += 1;
  }
  return { offset: start, reason: 'a string that is never closed' };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
