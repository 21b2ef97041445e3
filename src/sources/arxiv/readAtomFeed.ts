import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SourceFormatError } from '../SourceError.ts';

const LIST_TAGS = new Set(['entry', 'author', 'category', 'link']);

/**
 * A parser whose entity limits fit this document. With DOCTYPEs refused, only built-in and HTML
 * named references remain, and none yields more text than it takes, so the input length bounds
 * expansions honestly; fixed limits would reject a large, legitimate 2,000-entry response.
 */
function createParser(inputLength: number): XMLParser {
  const limit = Math.max(1, inputLength);
  return new XMLParser({
    // The two arXiv formats declare namespaces differently (on the root vs. on each element);
    // dropping prefixes reads both the same, and Atom and arXiv share no local names Paperboy uses.
    removeNSPrefix: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // Ids like 1601.00001 must stay strings.
    parseTagValue: false,
    parseAttributeValue: false,
    // Numeric references (&#39;) are only decoded in this mode.
    htmlEntities: true,
    processEntities: { enabled: true, maxEntityCount: 1, maxTotalExpansions: limit, maxExpandedLength: limit },
    isArray: (tagName, _jPath, _isLeaf, isAttribute) => !isAttribute && LIST_TAGS.has(tagName),
  });
}

/**
 * Checks that `xml` is a well-formed Atom feed and returns its `<entry>` elements as parsed
 * objects (namespace prefixes removed). A feed without entries gives `[]`.
 * Throws `SourceFormatError` for malformed XML, a DOCTYPE, or a document that is not a feed.
 */
export function readAtomFeed(xml: string): unknown[] {
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new SourceFormatError('empty response, expected an Atom feed');
  // arXiv never sends a DOCTYPE; refusing it outright shuts the door on entity-expansion bombs.
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new SourceFormatError('unexpected DOCTYPE in feed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new SourceFormatError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);

  let doc: unknown;
  try {
    doc = createParser(text.length).parse(text);
  } catch (error) {
    throw new SourceFormatError('malformed XML', { cause: error });
  }
  if (typeof doc !== 'object' || doc === null || !('feed' in doc)) {
    throw new SourceFormatError('not an Atom feed');
  }
  const feed: unknown = doc.feed;
  // `<feed ...></feed>` parses to an empty string: a feed with nothing in it.
  if (feed === '') return [];
  if (typeof feed !== 'object' || feed === null) throw new SourceFormatError('not an Atom feed');
  if (!('entry' in feed)) return [];
  return Array.isArray(feed.entry) ? feed.entry : [];
}
