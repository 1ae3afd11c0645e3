import { DomainError } from './domain-error';

describe('DomainError', () => {
  it('is a refusal without stack frames, and leaves the stack depth of other errors as it was', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new DomainError('NO_FREE_SEATS', 'group full');
    expect(refusal.stack).toBe('DomainError: group full');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('fault').stack).toMatch(/\n\s+at /);
  });
});
