import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { toAlmatyIso } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { SIGNING_DOCUMENT_ROOT as ROOT } from '@kezek/identity-api';

/** What a document to sign names (contract, "Signed actions"); sign-in names the portal instead of a subject. */
export interface SigningDocument {
  action: string;
  nonce: string;
  time: Date;
  portal?: string;
  /** The application or referral number. */
  subject?: string;
  signerIin?: string;
  parameters?: Record<string, string>;
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Text escaped as Canonical XML 1.0 writes it, so the document is its own canonical form. */
function text(value: string): string {
  if (NOT_XML_CHAR.test(value)) throw new DomainError('VALIDATION_FAILED', 'text contains characters XML cannot carry');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

const element = (name: string, content: string) => `<${name}>${content}</${name}>`;

/**
 * The XML a person signs, in canonical form (no declaration, no self-closing tags, C14N
 * escaping): what the verifier returns as signed content is then this very string, byte for byte.
 * Times are Asia/Almaty (R1).
 */
export function buildSigningXml(doc: SigningDocument): string {
  const parts = [element('action', text(doc.action))];
  if (doc.portal !== undefined) parts.push(element('portal', text(doc.portal)));
  if (doc.subject !== undefined) parts.push(element('subject', text(doc.subject)));
  if (doc.signerIin !== undefined) parts.push(element('signerIin', text(doc.signerIin)));
  if (doc.parameters !== undefined) {
    parts.push(
      element(
        'parameters',
        Object.entries(doc.parameters)
          .map(([name, value]) => element(name, text(value)))
          .join(''),
      ),
    );
  }
  parts.push(element('nonce', text(doc.nonce)), element('time', toAlmatyIso(doc.time)));
  return `<${ROOT} version="1">${parts.join('')}</${ROOT}>`;
}

/** What identity keeps of a document it issued (a sign-in challenge, a signing request). */
export interface IssuedDocument {
  nonce: string;
  xml: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A document to sign issued at `now`: a fresh nonce (192 random bits), its XML, valid for `ttlMs`. */
export function issueSigningDocument(
  content: Omit<SigningDocument, 'nonce' | 'time'>,
  now: Date,
  ttlMs: number,
): IssuedDocument {
  const nonce = randomBytes(24).toString('base64url');
  return {
    nonce,
    xml: buildSigningXml({ ...content, nonce, time: now }),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  };
}

/** The nonce of a signed document; read only from the content the signature verifier returned. */
export function nonceOf(signedContent: string): string | null {
  const root = new DOMParser({ errorHandler: { warning: () => undefined } }).parseFromString(
    signedContent,
    'text/xml',
  ).documentElement;
  if (!root || root.nodeName !== ROOT) return null;
  const nonces = Array.from(root.childNodes).filter((n) => n.nodeName === 'nonce');
  return nonces.length === 1 ? (nonces[0].textContent ?? null) : null;
}
