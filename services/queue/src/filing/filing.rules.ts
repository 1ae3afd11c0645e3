import { fullYearsOn } from '@kezek/calendar';
import { DomainError } from '@kezek/errors';
import { birthDateFromIin, isValidIin } from '@kezek/iin';
import { PortalPolicy } from '@kezek/policy';
import { Privilege } from '../application/models/privilege.enum';
import { FilingInput } from './filing.schema';

/** The signed action of filing, as identity's XML names it. */
export const FILE_APPLICATION = 'queue.file-application';

const invalid = (field: string, problem: string) =>
  new DomainError('VALIDATION_FAILED', `${field} ${problem}`, { fields: [{ field, problem }] });

/**
 * R4 and the filing checks that need no stored data, in the order a parent fixes them: the IIN,
 * the birth date it encodes (its seventh digit gives the century and sex), the age limit on the
 * filing day in Almaty, the privilege's document. Each refusal has its own code.
 */
export function assertFileable(input: FilingInput, today: string, policy: PortalPolicy): void {
  if (!isValidIin(input.childIin)) throw new DomainError('CHILD_IIN_INVALID', 'child IIN check digit');
  if (birthDateFromIin(input.childIin) !== input.childBirthDate)
    throw new DomainError('CHILD_IIN_MISMATCH', 'child IIN does not encode the birth date');
  if (input.childBirthDate > today) throw invalid('child.birthDate', 'is in the future');
  if (fullYearsOn(input.childBirthDate, today) >= policy.queueMaxAgeYears)
    throw new DomainError('CHILD_TOO_OLD', 'child over the queue age', undefined, policy);
  if (input.privilege === Privilege.NONE) return;
  const { privilegeDocumentKind, privilegeDocumentNumber, privilegeDocumentIssuedOn, privilegeDocumentIssuer } = input;
  if (!privilegeDocumentKind || !privilegeDocumentNumber || !privilegeDocumentIssuedOn || !privilegeDocumentIssuer)
    throw new DomainError('PRIVILEGE_DOCUMENT_REQUIRED', 'privilege without its document');
  if (privilegeDocumentIssuedOn > today) throw invalid('privilegeDocument.issuedOn', 'is in the future');
}

/** R4: the group a child is queued for is its birth year. */
export const groupYearOf = (birthDate: string) => Number(birthDate.slice(0, 4));
