import { unverifiedActionOf } from './signing-document';

const signed = (content: string) =>
  `<kezekSigning version="1">${content}<nonce>n</nonce><time>2026-12-02T10:00:00+05:00</time>` +
  `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></kezekSigning>`;

describe('reading a signed document before it is verified', () => {
  it('reads the action and its parameters, escapes decoded', () => {
    const xml = signed(
      '<action>queue.issue-referral</action><subject>УО.2026.000001.1</subject>' +
        '<parameters><applicationId>a-1</applicationId><groupId>g&amp;1</groupId></parameters>',
    );
    expect(unverifiedActionOf(xml)).toEqual({
      action: 'queue.issue-referral',
      parameters: { applicationId: 'a-1', groupId: 'g&1' },
    });
  });

  it('reads an action without parameters as empty', () => {
    expect(unverifiedActionOf(signed('<action>queue.withdraw</action>'))?.parameters).toEqual({});
  });

  it('gives nothing for what it cannot read unambiguously', () => {
    expect(unverifiedActionOf('<other><action>x</action></other>')).toBeNull();
    expect(unverifiedActionOf('<kezekSigning><action>x')).toBeNull();
    expect(unverifiedActionOf(signed('<action>x</action><action>y</action>'))).toBeNull();
    expect(unverifiedActionOf(signed('<action>x</action><parameters/><parameters/>'))).toBeNull();
    expect(
      unverifiedActionOf('<!DOCTYPE a [<!ENTITY e "x">]><kezekSigning><action>&e;</action></kezekSigning>'),
    ).toBeNull();
    expect(unverifiedActionOf('not xml at all')).toBeNull();
  });
});
