import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { ForeignFileError } from './foreignPredictions.ts';

/**
 * XML in and out through fast-xml-parser: no XML is built from strings by hand. Attributes are
 * `@_name` keys, text beside attributes is `#text`. Values stay strings (the readers convert
 * them), so a label such as `007` is not turned into the number 7.
 */

const attributePrefix = '@_';

/** Elements that repeat in VOC and CVAT files: always lists, even when a file holds one. */
const repeated = new Set([
  'object',
  'image',
  'box',
  'attribute',
  'label',
  'track',
  'polygon',
  'points',
  'tag',
]);

/**
 * Parses XML text. Malformed XML is named by kind, line and column, never by quoting the file
 * (docs/hostile-input-main.md); entity declarations are refused, so no file can make the
 * parser expand entities into a bomb.
 */
export function parseXml(text: string): Record<string, unknown> {
  if (/<!ENTITY/i.test(text))
    throw new ForeignFileError('declares XML entities, which Loupe does not expand');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ForeignFileError(
      `is not well-formed XML (${valid.err.code}) at line ${valid.err.line}, column ${valid.err.col}`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: attributePrefix,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => repeated.has(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}

export function attribute(element: unknown, name: string): string | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const value = (element as Record<string, unknown>)[attributePrefix + name];
  return typeof value === 'string' ? value : undefined;
}

/** A child element's text (`<width>640</width>`), whether or not it has attributes. */
export function childText(element: unknown, name: string): string | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const value = (element as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const text = (value as Record<string, unknown>)['#text'];
    return typeof text === 'string' || typeof text === 'number' ? String(text) : undefined;
  }
  return undefined;
}

export function childList(element: unknown, name: string): unknown[] {
  if (typeof element !== 'object' || element === null) return [];
  const value = (element as Record<string, unknown>)[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A document from plain objects (`@_` keys are attributes), with the XML declaration. */
export function buildXml(root: Record<string, unknown>): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: attributePrefix,
    format: true,
    indentBy: '  ',
    suppressEmptyNode: false,
  });
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, ...root });
}

/** The attribute name as the builder's input wants it. */
export const attr = (name: string) => attributePrefix + name;
