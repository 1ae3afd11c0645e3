/** A refusal that no retry changes (no address, no such mailbox, not a phone number): FAILED at once. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

/** Another attempt holds the notice's lease: this job tries again later (BullMQ's backoff). */
export class LeasedElsewhere extends Error {
  override readonly name = 'LeasedElsewhere';
}
