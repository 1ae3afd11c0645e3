import { demoKindergartenId, demoReferral } from '@kezek/demo';
import { demoKindergartens } from './demo-registry';

describe('the demo registry', () => {
  it.each(['2026-12-02T00:00:00Z', '2027-06-01T00:00:00Z', '2028-12-31T18:00:00Z'])(
    "has a free seat for the demo referral in a state Astana kindergarten's group of the child's year (%s)",
    (at) => {
      const now = new Date(at);
      const { child, groupId } = demoReferral(now);
      const kindergarten = demoKindergartens(now).find((k) => k.groups.some((g) => g.id === groupId))!;
      expect(kindergarten).toMatchObject({ id: demoKindergartenId('astana', 10), regionId: 'astana', isState: true });
      expect(kindergarten.groups.find((g) => g.id === groupId)).toMatchObject({
        groupYear: Number(child.birthDate.slice(0, 4)),
        language: child.language,
        freeSeats: expect.any(Number),
      });
      expect(kindergarten.groups.find((g) => g.id === groupId)!.freeSeats).toBeGreaterThanOrEqual(1);
    },
  );
});
