import { on } from 'node:events';
import WebSocket from 'ws';
import { KeyType } from '@kezek/dev-pki';
import { OID } from '@kezek/eds';
import { MODULE, NCALAYER_KEY_TYPE } from './ncalayer-protocol';

export interface SignWithEmulatorOptions {
  type: KeyType;
  /** Selects this person first (kezek.emulator/selectKey), for every later request too. */
  iin?: string;
  bin?: string;
  /** Which NCALayer API to call, as a portal would; default commonUtils.signXml. */
  api?: 'commonUtils' | 'basics';
}

export interface NcaLayerReply {
  code?: string;
  message?: string;
  responseObject?: unknown;
  status?: boolean;
  body?: { result?: unknown[] };
}

function signRequest(xml: string, options: SignWithEmulatorOptions) {
  if (options.api === 'basics') {
    return {
      module: MODULE.basics,
      method: 'sign',
      args: {
        format: 'xml',
        data: xml,
        signingParams: { decode: false, encapsulate: true, digested: false },
        signerParams: { extKeyUsageOids: [options.type === 'AUTH' ? OID.clientAuth : OID.emailProtection] },
        locale: 'ru',
      },
    };
  }
  return {
    module: MODULE.commonUtils,
    method: 'signXml',
    args: ['PKCS12', NCALAYER_KEY_TYPE[options.type], xml, '', ''],
  };
}

function resultOf(reply: NcaLayerReply): string {
  if (reply.code === '200' && typeof reply.responseObject === 'string') return reply.responseObject;
  const [signed] = reply.status ? (reply.body?.result ?? []) : [];
  if (typeof signed === 'string') return signed;
  throw new Error(`NCALayer emulator refused: ${reply.code ?? 'no code'}: ${reply.message ?? 'no result'}`);
}

export interface NcaLayerConnection {
  /** The first message NCALayer sends, `{ result: { version } }`. */
  greeting: unknown;
  /** Sends one request and returns its reply (NCALayer answers in order). */
  call(request: object): Promise<NcaLayerReply>;
  close(): void;
}

/** A WebSocket session with NCALayer (or the emulator), greeting already received. */
export async function connectNcaLayer(url: string): Promise<NcaLayerConnection> {
  const socket = new WebSocket(url);
  const closed = new AbortController();
  socket.once('close', () => closed.abort());
  // Subscribed before the greeting can arrive, so no message is missed.
  const messages = on(socket, 'message', { signal: closed.signal });
  const receive = async (): Promise<NcaLayerReply> => {
    const { value } = await messages.next();
    return JSON.parse(String(value[0]));
  };
  const greeting = await receive();
  return {
    greeting,
    call: async (request) => {
      socket.send(JSON.stringify(request));
      return receive();
    },
    close: () => socket.close(),
  };
}

/** Signs `xml` through a running emulator the way a portal does (tests and scripts). */
export async function signWithEmulator(url: string, xml: string, options: SignWithEmulatorOptions): Promise<string> {
  const connection = await connectNcaLayer(url);
  try {
    if (options.iin) {
      const selected = await connection.call({
        module: MODULE.emulator,
        method: 'selectKey',
        args: { iin: options.iin, bin: options.bin },
      });
      if (selected.code !== '200') throw new Error(`NCALayer emulator refused selectKey: ${selected.message}`);
    }
    return resultOf(await connection.call(signRequest(xml, options)));
  } finally {
    connection.close();
  }
}
