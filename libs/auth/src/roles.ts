export enum Role {
  APPLICANT = 'APPLICANT',
  KINDERGARTEN_STAFF = 'KINDERGARTEN_STAFF',
  DISTRICT_OPERATOR = 'DISTRICT_OPERATOR',
  ADMIN = 'ADMIN',
}

/** Who is calling, as the access token says. Scopes narrow staff and operators to their units. */
export interface Principal {
  userId: string;
  iin: string;
  roles: Role[];
  /** Kindergarten ids for KINDERGARTEN_STAFF, region ids for DISTRICT_OPERATOR. */
  scopes?: { kindergartenIds?: string[]; regionIds?: string[] };
  /** Token id, for revocation and audit. */
  tokenId: string;
}

/** The regions whose every application and notice a person oversees besides their own: all for admins, their scope for operators. */
export function overseenRegions(principal: Principal): string[] | 'all' {
  if (principal.roles.includes(Role.ADMIN)) return 'all';
  return principal.roles.includes(Role.DISTRICT_OPERATOR) ? (principal.scopes?.regionIds ?? []) : [];
}

/** Of `regionIds` (a portal's), those the person oversees. */
export function overseenAmong(principal: Principal, regionIds: readonly string[]): string[] {
  const overseen = overseenRegions(principal);
  return overseen === 'all' ? [...regionIds] : regionIds.filter((r) => overseen.includes(r));
}
