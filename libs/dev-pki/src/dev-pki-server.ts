import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PKI_PATHS } from './certificate-authority';
import { DEV_PKI_PORT, DevPki } from './dev-pki';

export interface DevPkiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** OCSP requests are a few hundred bytes; anything much larger is not one. */
const MAX_OCSP_REQUEST = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_OCSP_REQUEST) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

async function handle(pki: DevPki, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'POST' && path === PKI_PATHS.ocsp) {
    if (req.headers['content-type'] !== 'application/ocsp-request')
      return send(res, 415, 'text/plain', 'expected application/ocsp-request');
    const body = await readBody(req);
    if (!body) return send(res, 413, 'text/plain', 'request too large');
    return send(res, 200, 'application/ocsp-response', await pki.respondOcsp(body));
  }
  if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
  switch (path) {
    case PKI_PATHS.crl:
      return send(res, 200, 'application/pkix-crl', await pki.crl('full'));
    case PKI_PATHS.deltaCrl:
      return send(res, 200, 'application/pkix-crl', await pki.crl('delta'));
    case PKI_PATHS.rootCertificate:
      return send(res, 200, 'application/pkix-cert', Buffer.from(pki.authority.root.rawData));
    case PKI_PATHS.issuingCertificate:
      return send(res, 200, 'application/pkix-cert', Buffer.from(pki.authority.issuing.rawData));
    default:
      return send(res, 404, 'text/plain', 'not found');
  }
}

/**
 * Publishes the dev CA over HTTP on 127.0.0.1 (never another interface): full and delta CRL,
 * OCSP (POST application/ocsp-request), and the CA certificates, at the paths the issued
 * certificates name. Port 0 picks a free port (tests).
 */
export async function startDevPkiServer(options: { pki?: DevPki; port?: number } = {}): Promise<DevPkiServer> {
  const pki = options.pki ?? (await DevPki.open());
  const server = createServer((req, res) => {
    handle(pki, req, res).catch((e: Error) => send(res, 500, 'text/plain', e.message));
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEV_PKI_PORT, '127.0.0.1', ready);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
  };
}
