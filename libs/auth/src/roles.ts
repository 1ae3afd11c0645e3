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
