import { withdrawalInput } from './withdrawal.schema';

describe('withdrawal input (R20)', () => {
  it('needs a reason of 3 to 500 characters', () => {
    const applicationId = '11111111-1111-4111-8111-111111111111';
    expect(withdrawalInput.safeParse({ applicationId, reason: ' ab ' }).success).toBe(false);
    expect(withdrawalInput.safeParse({ applicationId, reason: 'x'.repeat(501) }).success).toBe(false);
    expect(withdrawalInput.parse({ applicationId, reason: '  We moved to Almaty ' }).reason).toBe('We moved to Almaty');
  });
});
