import { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import { WebSocketServer } from 'ws';
import { DevPki, KeyType } from '@kezek/dev-pki';
import { signLikeNcaLayer } from '@kezek/eds';
import {
  basicsError,
  basicsOk,
  basicsSignArgs,
  commonUtilsError,
  commonUtilsOk,
  greeting,
  HEARTBEAT,
  keyTypeOfCommonUtils,
  keyTypeOfEkus,
  MODULE,
  moduleNotFound,
  NCALAYER_PORT,
  requestSchema,
  selectKeyArgs,
  signXmlArgs,
} from './ncalayer-protocol';

/** Whose key the emulator signs with: the person who would be choosing in NCALayer's dialog. */
export interface KeySelection {
  iin?: string;
  /** Used when the request does not imply a key type. */
  type: KeyType;
  bin?: string;
}

export interface NcaLayerEmulatorOptions {
  pki: DevPki;
  /** Default 13579, NCALayer's; 0 picks a free port (tests). */
  port?: number;
  iin?: string;
  type?: KeyType;
  bin?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface NcaLayerEmulator {
  url: string;
  port: number;
  selectKey(selection: Partial<KeySelection>): void;
  close(): Promise<void>;
}

/** NCALayer's Java parser refuses what xmldom only warns about (unclosed tags), so warnings fail too. */
function assertWellFormed(xml: string): void {
  const fail = (message: string) => {
    throw new Error(`XML is not well-formed: ${String(message).split('\n')[0]}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    xml,
    'text/xml',
  );
  if (!doc.documentElement) fail('no root element');
}

/**
 * Dev-only stand-in for NCALayer: a WebSocket server on 127.0.0.1 that answers
 * `commonUtils.signXml` and `basics.sign` (format xml) like NCALayer, signing with the dev PKI's
 * keys through `signLikeNcaLayer`. Nobody clicks a key, so the key is chosen by configuration: the
 * selected IIN (option, or a `kezek.emulator/selectKey` message) and the type the request implies.
 * Selection is shared by every connection: it models the one person at the keyboard.
 */
export async function startNcaLayerEmulator(options: NcaLayerEmulatorOptions): Promise<NcaLayerEmulator> {
  if ((options.env ?? process.env).NODE_ENV === 'production') {
    throw new Error('The NCALayer emulator signs with dev keys and refuses to start with NODE_ENV=production');
  }
  const { pki } = options;
  const log = options.log ?? (() => undefined);
  let selection: KeySelection = { iin: options.iin, type: options.type ?? 'SIGN', bin: options.bin };
  // A new person brings their own organisation (or none); the fallback type stays unless given.
  const select = (next: Partial<KeySelection>) => {
    selection = {
      iin: next.iin ?? selection.iin,
      type: next.type ?? selection.type,
      bin: next.iin ? next.bin : (next.bin ?? selection.bin),
    };
    return selection;
  };

  const sign = (xml: string, impliedType: KeyType | null, iin = selection.iin, bin = selection.bin): string => {
    if (!iin) throw new Error('no key selected: start the emulator with an IIN or send kezek.emulator/selectKey');
    const type = impliedType ?? selection.type;
    const key = pki.findKey({ iin, type, bin });
    if (!key)
      throw new Error(
        `no ${type} key for IIN ${iin}${bin ? ` and BIN ${bin}` : ''} in ${pki.dir}; issue one with npm run pki -- issue`,
      );
    assertWellFormed(xml);
    log(`signed with the ${type} key ${key.record.serial} of ${key.record.commonName}`);
    return signLikeNcaLayer(xml, key.privateKeyPem, key.certificatePem);
  };

  const commonUtils = (method: string, args: unknown) => {
    if (method === 'getActiveTokens') return commonUtilsOk([]); // only the file store (PKCS12), as NCALayer says with no token plugged in
    if (method !== 'signXml') return commonUtilsError(`kezek NCALayer emulator: method ${method} is not emulated`);
    const parsed = signXmlArgs.safeParse(args);
    if (!parsed.success)
      return commonUtilsError(`java.lang.IllegalArgumentException: argument type mismatch. Method: ${method}`);
    const [, keyType, xml, tbsElementXPath = '', signatureParentElementXPath = ''] = parsed.data;
    if (tbsElementXPath || signatureParentElementXPath)
      return commonUtilsError('kezek NCALayer emulator: only whole-document signatures (empty XPaths)');
    return commonUtilsOk(sign(xml, keyTypeOfCommonUtils(keyType)));
  };

  const basics = (method: string, args: unknown) => {
    if (method !== 'sign') return basicsError('INVOCATION_ERROR', `method ${method} is not emulated`);
    const parsed = basicsSignArgs.safeParse(args);
    if (!parsed.success)
      return basicsError(
        'INVALID_SIGNING_PARAMS',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const { format, data, signerParams } = parsed.data;
    if (format !== 'xml') return basicsError('INVALID_SIGNING_PARAMS', 'kezek NCALayer emulator: only format "xml"');
    const type = keyTypeOfEkus(signerParams.extKeyUsageOids);
    // NCALayer offers only the keys of signerParams.iin/bin when a portal names them (portals send '' for none).
    const documents = typeof data === 'string' ? [data] : data;
    return basicsOk(
      documents.map((xml) => sign(xml, type, signerParams.iin || undefined, signerParams.bin || undefined)),
    );
  };

  const emulator = (method: string, args: unknown) => {
    const parsed = selectKeyArgs.safeParse(args);
    if (method !== 'selectKey' || !parsed.success)
      return commonUtilsError('expected selectKey with args { iin, type?, bin? }');
    const { iin, bin } = parsed.data;
    if (!pki.findKey({ iin, bin, type: 'AUTH' }) && !pki.findKey({ iin, bin, type: 'SIGN' })) {
      return commonUtilsError(
        `no keys for IIN ${iin}${bin ? ` and BIN ${bin}` : ''} in ${pki.dir}; issue them with npm run pki -- issue`,
      );
    }
    return commonUtilsOk(select(parsed.data));
  };

  const reply = (text: string): unknown => {
    let request;
    try {
      request = requestSchema.parse(JSON.parse(text));
    } catch {
      return commonUtilsError('kezek NCALayer emulator: expected a JSON { module, method, args } request');
    }
    const { module, method, args } = request;
    const handler = { [MODULE.commonUtils]: commonUtils, [MODULE.basics]: basics, [MODULE.emulator]: emulator }[module];
    if (!handler) return moduleNotFound();
    try {
      return handler(method, args);
    } catch (e) {
      // What the person would see in NCALayer's dialog, in the calling module's error shape.
      const message = (e as Error).message;
      log(message);
      return module === MODULE.basics ? basicsError('SIGNING_FAILURE', message) : commonUtilsError(message);
    }
  };

  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? NCALAYER_PORT });
  await new Promise<void>((ready, fail) => {
    server.once('listening', ready);
    server.once('error', fail);
  });
  server.on('connection', (socket) => {
    socket.send(JSON.stringify(greeting()));
    socket.on('message', (data) => {
      const text = data.toString();
      if (text !== HEARTBEAT) socket.send(JSON.stringify(reply(text)));
    });
  });
  const { port } = server.address() as AddressInfo;
  log(`NCALayer emulator on ws://127.0.0.1:${port}${selection.iin ? `, signing as IIN ${selection.iin}` : ''}`);
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    selectKey: (next) => {
      select(next);
    },
    close: () =>
      new Promise<void>((done, fail) => {
        for (const client of server.clients) client.terminate();
        server.close((e) => (e ? fail(e) : done()));
      }),
  };
}
