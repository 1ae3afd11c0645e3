import { DomainError } from '@kezek/errors';
import { validateInput } from '@kezek/validation';
import { advanceClockInput } from './clock.schema';

describe('advanceClock input', () => {
  const parse = (input: unknown) => validateInput(advanceClockInput, input);
  const fields = (input: unknown) => {
    try {
      parse(input);
    } catch (e) {
      return { code: (e as DomainError).code, fields: (e as DomainError).details?.fields };
    }
    throw new Error('accepted');
  };

  it('takes a duration or an instant', () => {
    expect(parse({ by: 'P3D' })).toEqual({ byMs: 3 * 86_400_000 });
    expect(parse({ by: '3600', to: null })).toEqual({ byMs: 3_600_000 });
    const to = new Date('2026-09-01T04:00:00Z');
    expect(parse({ to })).toEqual({ to });
  });

  it('refuses both, neither and a bad duration as VALIDATION_FAILED naming the field', () => {
    expect(fields({})).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'by', problem: 'give either by or to' }],
    });
    expect(fields({ by: 'P1D', to: new Date() })).toMatchObject({ fields: [{ field: 'by' }] });
    expect(fields({ by: 'three days' })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'by', problem: expect.stringMatching(/ISO-8601 duration/) }],
    });
    expect(fields({ by: 'P1M' })).toMatchObject({ fields: [{ problem: expect.stringMatching(/years and months/) }] });
    expect(fields({ by: 'P1D'.padEnd(100, '0') })).toMatchObject({ fields: [{ field: 'by' }] });
  });
});
