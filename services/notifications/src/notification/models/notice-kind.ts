/** What a parent is told (issue 11); R11's free-choice publication is not among them. */
export enum NoticeKind {
  /** R10: the turn came; choose a kindergarten before the window ends. */
  TURN_CAME = 'TURN_CAME',
  /**
   * R10 with `offerWindowFromDelivery`: the turn-came notice reached the parent on a later day than
   * it was sent, so the window ends later than it said (in-app only: the earlier date it stated
   * stays safe to act by).
   */
  OFFER_WINDOW_MOVED = 'OFFER_WINDOW_MOVED',
  /** R12, R13: a referral was issued; enrol before it expires. */
  REFERRAL_ISSUED = 'REFERRAL_ISSUED',
  /** R13: the referral expires tomorrow. */
  REFERRAL_EXPIRES_TOMORROW = 'REFERRAL_EXPIRES_TOMORROW',
  /** R14: the extension was accepted. */
  EXTENSION_ACCEPTED = 'EXTENSION_ACCEPTED',
  /** R15: the revocation was accepted. */
  REVOCATION_ACCEPTED = 'REVOCATION_ACCEPTED',
  /** R16, R18: the referral was cancelled and the child is on the stop-list until a date. */
  REFERRAL_CANCELLED = 'REFERRAL_CANCELLED',
  /** R16: the stop-list is over. */
  STOP_LIST_OVER = 'STOP_LIST_OVER',
  /** R17: removed from the queue. */
  REMOVED_FROM_QUEUE = 'REMOVED_FROM_QUEUE',
  /** Removed from the queue by the education department (an operator); the reason is in the history (R21). */
  REMOVED_BY_OPERATOR = 'REMOVED_BY_OPERATOR',
  /** R19: enrolled. */
  ENROLLED = 'ENROLLED',
  /** R9's e-mail: the code that confirms it, to the address given (no application, no child). */
  EMAIL_CONFIRMATION = 'EMAIL_CONFIRMATION',
}

/** The languages notices are written in. */
export type NoticeLanguage = 'KK' | 'RU' | 'EN';
export const NOTICE_LANGUAGES: readonly NoticeLanguage[] = ['KK', 'RU', 'EN'];
