/**
 * Operators' saved examples, served by the gateway at /playground/examples.json: the playground
 * opens each as a tab (the portal header included, so an Almaty example asks as Almaty's portal).
 * examples.spec.ts validates every document and its variables against the composed supergraph.
 */
export interface PlaygroundExample {
  /** The tab's title in the examples list. */
  title: string;
  /** Who may run it and what it answers, in one line. */
  description: string;
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

const portal = (id: string) => ({ 'x-kezek-portal': id });

export const PLAYGROUND_EXAMPLES: PlaygroundExample[] = [
  {
    title: 'Almaty, group year 2022: who waits, and how long',
    description:
      'DISTRICT_OPERATOR of Almaty or ADMIN. Read on the read replica: source and lagSeconds say how fresh the figures are; CSV for a spreadsheet.',
    query: `# How many children of group year 2022 wait in Almaty, and for how long (days from filing to an offer).
query AlmatyWaiting($regionId: ID!, $groupYear: Int) {
  queueStatistics(regionId: $regionId, groupYear: $groupYear) {
    source
    lagSeconds
    replicaUnavailable
    asOf
    rows {
      areaId
      groupYear
      privilege
      inQueue
      onStopList
      notified
      referralIssued
      enrolled
      offers
      waitingDaysMedian
      waitingDaysP90
    }
    csv
  }
}
`,
    variables: { regionId: 'almaty', groupYear: 2022 },
    headers: portal('almaty'),
  },
  {
    title: 'Open statistics of Almaty (no sign-in)',
    description: 'What an akimat publishes: per group year, counts below 5 suppressed (null), no personal data.',
    query: `query OpenAlmaty($regionId: ID!) {
  openQueueStatistics(regionId: $regionId) {
    regionId
    source
    lagSeconds
    asOf
    rows { groupYear waiting referralIssued enrolled }
  }
}
`,
    variables: { regionId: 'almaty' },
    headers: portal('almaty'),
  },
  {
    title: 'Publish free seats in a group',
    description:
      'DISTRICT_OPERATOR of the region or ADMIN. Run GroupsOfYear, put a group id into the variables, then PublishSeats; a retry with the same requestId publishes nothing again.',
    query: `query GroupsOfYear($regionId: ID!, $groupYear: Int) {
  kindergartens(regionId: $regionId, groupYear: $groupYear) {
    name
    isState
    groups { id groupYear language capacity freeSeats }
  }
}

mutation PublishSeats($groupId: ID!, $count: Int!, $requestId: ID) {
  publishSeats(groupId: $groupId, count: $count, requestId: $requestId) {
    id
    groupYear
    capacity
    freeSeats
  }
}
`,
    variables: {
      regionId: 'almaty',
      groupYear: 2022,
      groupId: 'a group id from GroupsOfYear',
      count: 2,
      requestId: 'seats-almaty-2022-01',
    },
    headers: portal('almaty'),
  },
  {
    title: 'Working-day calendar: a year and a holiday',
    description:
      'Anyone reads the calendar (R2); ADMIN sets a holiday (SetHoliday) with a reason kept in the trail, and reads the trail (CalendarTrail).',
    query: `query WorkingCalendar($year: Int!) {
  workingCalendar(year: $year) {
    year
    workingDayCount
    days { date working kind name { kk ru en } holidayKind decree confirmed note }
    sources
    notes
  }
}

query CalendarTrail($year: Int!) {
  calendarChanges(year: $year) { at actor action date reason }
}

mutation SetHoliday($date: Date!, $reason: String!) {
  setHoliday(
    date: $date
    nameKk: "Тәуелсіздік күні"
    nameRu: "День Независимости"
    nameEn: "Independence Day"
    kind: NATIONAL
    confirmed: true
    reason: $reason
  ) {
    year
    workingDayCount
  }
}
`,
    variables: { year: 2026, date: '2026-12-16', reason: 'Decree of the Government of the Republic of Kazakhstan' },
    headers: portal('astana'),
  },
  {
    title: 'Grants and their audit trail',
    description:
      'ADMIN: every grant; DISTRICT_OPERATOR: the staff grants of their kindergartens. GrantStaff makes one (audited, with a reason).',
    query: `query Grants($role: Role, $includeRevoked: Boolean) {
  roleGrants(role: $role, includeRevoked: $includeRevoked) {
    id
    iin
    role
    regionIds
    kindergartenIds
    grantedAt
    revokedAt
    changes { action actor at reason role regionIds kindergartenIds }
  }
}

mutation GrantStaff($iin: String!, $bin: String, $kindergartenIds: [String!], $reason: String!) {
  grantRole(iin: $iin, role: KINDERGARTEN_STAFF, bin: $bin, kindergartenIds: $kindergartenIds, reason: $reason) {
    id
    role
    kindergartenIds
    changes { action actor at reason }
  }
}
`,
    variables: {
      role: 'DISTRICT_OPERATOR',
      includeRevoked: true,
      iin: 'the employee’s IIN',
      bin: 'the kindergarten’s BIN',
      kindergartenIds: ['a kindergarten id'],
      reason: 'order of the education department',
    },
    headers: portal('astana'),
  },
  {
    title: 'A signed action: prepare, sign in NCALayer, submit',
    description:
      'Run a prepare… mutation, then press "Sign and submit": NCALayer signs the returned XML with the SIGN key and the page sends submitSigned.',
    query: `# Any prepare… mutation works the same way; this one files a child in Almaty's queue.
mutation FileChild($child: ChildInput!, $regionId: ID!) {
  prepareApplication(child: $child, regionId: $regionId, privilege: NONE) {
    id
    xml
    expiresAt
  }
}
`,
    variables: {
      child: { iin: 'the child’s IIN', fullName: 'SURNAME NAME PATRONYMIC', birthDate: '2022-05-01' },
      regionId: 'almaty',
    },
    headers: portal('almaty'),
  },
];
