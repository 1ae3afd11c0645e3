import { DOMParser } from '@xmldom/xmldom';

/** The root element of every document identity prepares for signing (contract, "Signed actions"). */
export const SIGNING_DOCUMENT_ROOT = 'kezekSigning';

export interface UnverifiedAction {
  action: string;
  parameters: Record<string, string>;
}

/**
 * The action and parameters a signed document names, read WITHOUT verifying it: only for a
 * refusal that needs no signature (no free seat left), so that a release-day crowd is not verified
 * one by one only to be refused. A forged document can earn its own request a refusal and nothing
 * else; anything the request performs is read from identity's verified answer. Null when the
 * document cannot be read: verification then refuses it with its own code.
 */
export function unverifiedActionOf(signedXml: string): UnverifiedAction | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(signedXml)) return null;
  // The enveloped signature, the root's last child, is identity's to read: what comes before it
  // is the document (a tenth of the bytes; the certificate and the rest were most of the parse).
  const signature = ENVELOPED_SIGNATURE.exec(signedXml);
  return (
    (signature && documentOf(`${signedXml.slice(0, signature.index)}</${SIGNING_DOCUMENT_ROOT}>`)) ??
    documentOf(signedXml)
  );
}

/** The start tag of an XML-DSig Signature element, under any prefix. */
const ENVELOPED_SIGNATURE = /<(?:[A-Za-z_][\w.-]*:)?Signature[\s>]/;

function documentOf(xml: string): UnverifiedAction | null {
  let root: Element | null;
  try {
    root = new DOMParser({
      errorHandler: {
        warning: () => undefined,
        error: () => {
          throw new Error('malformed');
        },
        fatalError: () => {
          throw new Error('malformed');
        },
      },
    }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    return null;
  }
  if (!root || root.nodeName !== SIGNING_DOCUMENT_ROOT) return null;
  const children = (parent: Element, name?: string) =>
    Array.from(parent.childNodes).filter(
      (n): n is Element => n.nodeType === 1 && (name === undefined || n.nodeName === name),
    );
  const [action, ...moreActions] = children(root, 'action');
  const [parameters, ...moreParameters] = children(root, 'parameters');
  if (!action || moreActions.length > 0 || moreParameters.length > 0) return null;
  return {
    action: action.textContent ?? '',
    parameters: Object.fromEntries(
      (parameters ? children(parameters) : []).map((p) => [p.nodeName, p.textContent ?? '']),
    ),
  };
}
