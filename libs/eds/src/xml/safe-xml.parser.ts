import { DOMParser } from '@xmldom/xmldom';
import { refuse } from '../eds-error';

/** Default cap on a signed document: a challenge or an action is a few kilobytes. */
export const DEFAULT_MAX_BYTES = 64 * 1024;

// A JS string carries UTF-16; only a lone surrogate has no UTF-8 form. String#isWellFormed (ES2024,
// in Node 20, not yet in our TypeScript lib) finds one in a native scan.
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Step 1: size, UTF-8, then a parse that refuses DOCTYPE and entity declarations before the parser
 * sees them (billion laughs, external entities) and refuses anything the parser only warns about.
 */
export function parseXmlSafely(xml: string, maxBytes = DEFAULT_MAX_BYTES): Document {
  if (typeof xml !== 'string' || xml.length === 0) refuse('SIGNATURE_INVALID', 'document is empty');
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) refuse('SIGNATURE_INVALID', 'document is too large', { bytes, maxBytes });
  if (!isWellFormed(xml)) refuse('SIGNATURE_INVALID', 'document is not valid UTF-8 (lone surrogate)');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) refuse('SIGNATURE_INVALID', 'DOCTYPE and entity declarations are not allowed');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(xml)?.[1];
  if (declared && declared.toLowerCase() !== 'utf-8') {
    refuse('SIGNATURE_INVALID', 'document must be UTF-8', { encoding: declared });
  }

  const problems: string[] = [];
  const collect = (message: string) => problems.push(String(message).split('\n')[0]);
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      errorHandler: { warning: collect, error: collect, fatalError: collect },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    // xmldom throws, rather than reports, on some malformed input (text or CDATA beside the root).
    collect(e instanceof Error ? e.message : String(e));
  }
  if (problems.length > 0 || !doc?.documentElement) {
    refuse('SIGNATURE_INVALID', 'document is not well-formed XML', { parser: problems[0] ?? 'no root element' });
  }
  if (doc.doctype) refuse('SIGNATURE_INVALID', 'DOCTYPE and entity declarations are not allowed');
  return doc;
}
