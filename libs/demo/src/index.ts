import { createHash } from 'node:crypto';
import { Role } from '@kezek/auth';
import { makeIin } from '@kezek/iin';

/** A stable UUID for a demo record, so the services' demo data refer to each other. */
export function demoUuid(key: string): string {
  const h = createHash('sha1').update(`kezek-demo:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Ids of the demo registry (owned by vacancies), so other services' demo rows can point at it. */
export const demoKindergartenId = (regionId: string, n: number) => demoUuid(`kindergarten:${regionId}:${n}`);

export interface DemoPerson {
  key: string;
  id: string;
  iin: string;
  surname: string;
  givenName: string;
  patronymic: string;
  email: string | null;
  phone: string | null;
  roles: Role[];
  scopes?: { regionIds?: string[]; kindergartenIds?: string[] };
}

const person = (
  key: string,
  birth: string,
  sex: 'M' | 'F',
  serial: number,
  names: [string, string, string],
  roles: Role[],
  extra: Partial<DemoPerson> = {},
): DemoPerson => ({
  key,
  id: demoUuid(`user:${key}`),
  iin: makeIin(birth, sex, serial),
  surname: names[0],
  givenName: names[1],
  patronymic: names[2],
  email: `${key}@demo.kezek.kz`,
  phone: null,
  roles,
  ...extra,
});

/** Demo people: parents in each city, an operator per city, an admin, kindergarten staff. Synthetic IINs with valid checksums. */
export const DEMO_PEOPLE: DemoPerson[] = [
  person('aigerim', '1992-04-17', 'F', 1201, ['СЕРІКОВА', 'АЙГЕРІМ', 'БОЛАТҚЫЗЫ'], [Role.APPLICANT], {
    phone: '+77011234567',
  }),
  person('daniyar', '1989-11-02', 'M', 3407, ['ЖАНҰЗАҚОВ', 'ДАНИЯР', 'ЕРЛАНҰЛЫ'], [Role.APPLICANT]),
  // The children's father (the civil registry lists him beside aigerim): he may attach their applications (R9).
  person('dauren', '1990-08-14', 'M', 3502, ['СЕРІКОВ', 'ДӘУРЕН', 'АСҚАРҰЛЫ'], [Role.APPLICANT]),
  person('olga', '1994-07-25', 'F', 5510, ['ПЕТРОВА', 'ОЛЬГА', 'ИВАНОВНА'], [Role.APPLICANT], { email: null }),
  person('saule', '1991-03-08', 'F', 5612, ['ИСМАИЛОВА', 'САУЛЕ', 'ҚАЙРАТҚЫЗЫ'], [Role.APPLICANT], {
    phone: '+77059876543',
  }),
  person(
    'operator-astana',
    '1985-01-30',
    'F',
    7002,
    ['ӘБІЛҚАСЫМОВА', 'ГҮЛНАР', 'СӘКЕНҚЫЗЫ'],
    [Role.DISTRICT_OPERATOR],
    { scopes: { regionIds: ['astana'] } },
  ),
  person('operator-almaty', '1983-09-12', 'M', 7104, ['ТОҚТАРОВ', 'НҰРЛАН', 'АСҚАРҰЛЫ'], [Role.DISTRICT_OPERATOR], {
    scopes: { regionIds: ['almaty'] },
  }),
  person('admin', '1980-05-05', 'M', 9001, ['ӘДІЛОВ', 'АСЕТ', 'МАРАТҰЛЫ'], [Role.ADMIN]),
  // Kindergarten staff (R18, R19): of the first Astana demo kindergarten (the demo referral's), and of the next one.
  person('staff-astana', '1988-02-19', 'F', 8010, ['НҰРЛАНОВА', 'ДИНАРА', 'БЕРІКҚЫЗЫ'], [Role.KINDERGARTEN_STAFF], {
    scopes: { kindergartenIds: [demoKindergartenId('astana', 10)] },
  }),
  person('staff-astana-17', '1990-10-03', 'F', 8017, ['ОМАРОВА', 'ЖАНАР', 'ТАЛҒАТҚЫЗЫ'], [Role.KINDERGARTEN_STAFF], {
    scopes: { kindergartenIds: [demoKindergartenId('astana', 17)] },
  }),
];

export function demoPerson(key: string): DemoPerson {
  const p = DEMO_PEOPLE.find((x) => x.key === key);
  if (!p) throw new Error(`no demo person ${key}`);
  return p;
}

/** Demo children and their applications (owned by the queue service, referenced by others). */
export interface DemoChild {
  key: string;
  applicationId: string;
  applicant: string;
  /** The child's other parents by the dev civil registry (demo people's keys): they may attach the application (R9). */
  otherParents: string[];
  iin: string;
  fullName: string;
  birthDate: string;
  regionId: string;
  privilege: 'NONE' | 'FIRST_PRIORITY' | 'OUT_OF_TURN';
  filedAt: string;
  language: 'KK' | 'RU';
}

/** The document a demo child's privilege was claimed with (filing needs one). */
export function demoPrivilegeDocument(c: DemoChild) {
  return c.privilege === 'NONE'
    ? {}
    : {
        privilegeDocumentKind: c.privilege === 'OUT_OF_TURN' ? 'Справка с места службы' : 'Справка об инвалидности',
        privilegeDocumentNumber: `DEMO-${c.key.toUpperCase()}`,
        privilegeDocumentIssuedOn: c.filedAt.slice(0, 10),
        privilegeDocumentIssuer: c.privilege === 'OUT_OF_TURN' ? 'Министерство обороны РК' : 'Департамент МТСЗН',
      };
}

const child = (
  key: string,
  applicant: string,
  birthDate: string,
  sex: 'M' | 'F',
  serial: number,
  fullName: string,
  regionId: string,
  privilege: DemoChild['privilege'],
  filedAt: string,
  language: DemoChild['language'] = 'KK',
  otherParents: string[] = [],
): DemoChild => ({
  key,
  applicationId: demoUuid(`application:${key}`),
  applicant,
  otherParents,
  iin: makeIin(birthDate, sex, serial),
  fullName,
  birthDate,
  regionId,
  privilege,
  filedAt,
  language,
});

export const DEMO_CHILDREN: DemoChild[] = [
  child(
    'alikhan',
    'aigerim',
    '2023-02-11',
    'M',
    2101,
    'СЕРІКОВ ӘЛИХАН ДӘУРЕНҰЛЫ',
    'astana',
    'NONE',
    '2023-03-01T05:12:00Z',
    'KK',
    ['dauren'],
  ),
  child(
    'amina',
    'aigerim',
    '2024-06-20',
    'F',
    2102,
    'СЕРІКОВА ӘМИНА ДӘУРЕНҚЫЗЫ',
    'astana',
    'FIRST_PRIORITY',
    '2024-07-03T09:40:00Z',
    'KK',
    ['dauren'],
  ),
  child(
    'timur',
    'daniyar',
    '2023-05-30',
    'M',
    2203,
    'ЖАНҰЗАҚОВ ТЕМІР ДАНИЯРҰЛЫ',
    'almaty',
    'NONE',
    '2023-06-15T04:05:00Z',
  ),
  child(
    'sofia',
    'saule',
    '2022-12-01',
    'F',
    2304,
    'ПЕТРОВА СОФИЯ АНДРЕЕВНА',
    'aktobe',
    'OUT_OF_TURN',
    '2023-01-10T06:30:00Z',
    'RU',
  ),
];

export const demoGroupId = (kindergartenId: string, age: number, language: string) =>
  demoUuid(`group:${kindergartenId}:${age}:${language}`);

/** The demo referral's group: the first Astana kindergarten (state, Kazakh groups aged 2..5). */
export function demoReferralGroupId(groupYear: number, now: Date): string {
  const age = Math.min(5, Math.max(2, now.getUTCFullYear() - groupYear));
  return demoGroupId(demoKindergartenId('astana', 10), age, 'KK');
}

/**
 * The demo referral (infra/dev/demo-journey.ts issues it through the gateway): the first demo
 * child's applicant chooses the demo referral group of the child's group year (its birth year, R4).
 */
export function demoReferral(now: Date): { child: DemoChild; groupId: string } {
  const child = DEMO_CHILDREN[0];
  return { child, groupId: demoReferralGroupId(Number(child.birthDate.slice(0, 4)), now) };
}
