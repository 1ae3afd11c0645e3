import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CertificateHolder,
  DEFAULT_P12_PASSWORD,
  DEV_PKI_PORT,
  DevPki,
  EMPLOYEE_ROLE_OID,
  EmployeeRole,
  IssuedCertificate,
  KEY_TYPES,
  KeyType,
  PKI_PATHS,
  REVOCATION_REASONS,
  RevocationReason,
  startDevPkiServer,
} from '@kezek/dev-pki';
import { NCALAYER_PORT, startNcaLayerEmulator } from '@kezek/ncalayer-emulator';
import { ROOT } from './processes';

// `npm run pki -- <command>`: the local NCA-profile test CA (libs/dev-pki) and the NCALayer emulator.
export const PKI_DIR = join(ROOT, '.kezek', 'pki');

const USAGE = [
  'usage: npm run pki -- <command> [--dir DIR]          (state in .kezek/pki by default)',
  '  init                                   create the CA if absent',
  '  issue --iin IIN --name "SURNAME NAME [PATRONYMIC]" [--email E] [--type AUTH|SIGN] [--password P]',
  `        [--bin BIN --org NAME --role ${Object.keys(EMPLOYEE_ROLE_OID).join('|')}]`,
  `                                         AUTH and SIGN keys, .p12 (password ${DEFAULT_P12_PASSWORD}) and PEM`,
  `  revoke --serial HEX [--reason ${REVOCATION_REASONS.join('|')}]`,
  '  list                                   every issued certificate and its status',
  `  serve [--port ${DEV_PKI_PORT}]                    CRL, delta CRL, OCSP and CA certificates over HTTP`,
  `  ncalayer [--port ${NCALAYER_PORT}] [--iin IIN]    the NCALayer emulator, signing as IIN`,
].join('\n');

const say = (line: string) => process.stdout.write(`${line}\n`);

function pick<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined || allowed.includes(value as T)) return value as T | undefined;
  throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
}

function holderFrom(values: Record<string, string | undefined>): CertificateHolder {
  const { iin, name, email, bin, org, role } = values;
  const [surname, givenName, ...patronymic] = (name ?? '').trim().split(/\s+/);
  if (!iin || !givenName) throw new Error('issue needs --iin and --name "SURNAME NAME [PATRONYMIC]"');
  if ((bin === undefined) !== (org === undefined)) throw new Error('an employee needs both --bin and --org');
  return {
    iin,
    surname,
    givenName,
    patronymic: patronymic.join(' ') || null,
    email: email ?? null,
    ...(bin && org
      ? {
          organization: {
            bin,
            name: org,
            role: pick(role, Object.keys(EMPLOYEE_ROLE_OID) as EmployeeRole[], 'role') ?? 'employee',
          },
        }
      : {}),
  };
}

function describe(record: IssuedCertificate, now: Date): string {
  const status = record.revocation
    ? `revoked ${record.revocation.at} (${record.revocation.reason})`
    : new Date(record.notAfter) < now
      ? 'expired'
      : 'valid';
  return `${record.type.padEnd(4)} ${record.serial}  IIN ${record.iin}${record.bin ? ` BIN ${record.bin}` : ''}  ${record.commonName}  until ${record.notAfter}  ${status}`;
}

/** Usable for signing in: present, not revoked, not expired. */
function usableKey(pki: DevPki, iin: string, type: KeyType): IssuedCertificate | null {
  const record = pki.findKey({ iin, type })?.record;
  return record && !record.revocation && new Date(record.notAfter) > pki.clock.now() ? record : null;
}

export interface DemoSignerKeys {
  iin: string;
  name: string;
  auth: IssuedCertificate;
  sign: IssuedCertificate;
  /** The key types issued by this call (empty when both were there already). */
  issued: KeyType[];
}

/**
 * Gives every demo person (DEMO_PEOPLE of @kezek/demo) usable AUTH and SIGN keys, issuing only
 * what is missing, revoked or expired, so `npm start` can say how to sign in as each of them.
 */
export async function ensureDemoPeople(pki: DevPki, people: readonly CertificateHolder[]): Promise<DemoSignerKeys[]> {
  return Promise.all(
    people.map(async (person) => {
      const missing = KEY_TYPES.filter((type) => !usableKey(pki, person.iin, type));
      if (missing.length > 0) await pki.issue(person, { types: missing });
      const [auth, sign] = KEY_TYPES.map((type) => usableKey(pki, person.iin, type)!);
      return {
        iin: person.iin,
        name: [person.surname, person.givenName, person.patronymic].filter(Boolean).join(' '),
        auth,
        sign,
        issued: missing,
      };
    }),
  );
}

/** Keeps a server command running until Ctrl-C, then closes it. */
function untilInterrupted(close: () => Promise<void>): void {
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: Object.fromEntries(
      ['dir', 'iin', 'name', 'email', 'bin', 'org', 'role', 'type', 'password', 'serial', 'reason', 'port'].map((o) => [
        o,
        { type: 'string' as const },
      ]),
    ),
  });
  const [command] = positionals;
  const dir = values.dir ?? PKI_DIR;
  const port = values.port === undefined ? undefined : Number(values.port);
  const existed = DevPki.exists(dir);
  if (!command || !['init', 'issue', 'revoke', 'list', 'serve', 'ncalayer'].includes(command)) {
    say(USAGE);
    process.exitCode = 64;
    return;
  }
  const pki = await DevPki.open({ dir });
  const now = pki.clock.now();
  switch (command) {
    case 'init':
      say(`${existed ? 'CA already in' : 'created the CA in'} ${pki.dir}`);
      say(`  root (trust anchor): ${pki.authority.root.subject}  ${pki.authorityFiles.root}`);
      say(`  issuing:             ${pki.authority.issuing.subject}  ${pki.authorityFiles.issuing}`);
      say(`  published at ${pki.publicUrl} by: npm run pki -- serve`);
      break;
    case 'issue': {
      const type = pick(values.type, KEY_TYPES, 'type');
      const issued = await pki.issue(holderFrom(values), {
        types: type ? [type] : KEY_TYPES,
        password: values.password,
      });
      for (const record of Object.values(issued)) {
        say(describe(record, now));
        say(`  .p12 ${record.files.p12}  (password ${values.password ?? DEFAULT_P12_PASSWORD})`);
        say(`  PEM  ${record.files.certificate}  ${record.files.privateKey}`);
      }
      break;
    }
    case 'revoke': {
      if (!values.serial) throw new Error('revoke needs --serial');
      say(
        describe(pki.revoke(values.serial, pick<RevocationReason>(values.reason, REVOCATION_REASONS, 'reason')), now),
      );
      break;
    }
    case 'list':
      for (const record of pki.list()) say(describe(record, now));
      break;
    case 'serve': {
      const server = await startDevPkiServer({ pki, port });
      say(
        `dev PKI on ${server.url}: ${PKI_PATHS.crl} ${PKI_PATHS.deltaCrl} POST ${PKI_PATHS.ocsp} ${PKI_PATHS.rootCertificate} (Ctrl-C stops)`,
      );
      untilInterrupted(server.close);
      break;
    }
    case 'ncalayer': {
      const emulator = await startNcaLayerEmulator({ pki, port, iin: values.iin, log: say });
      say('Point the portal at ws:// instead of wss:// (Ctrl-C stops).');
      untilInterrupted(emulator.close);
      break;
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
