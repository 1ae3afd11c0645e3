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

  it('reads the document before its enveloped signature, under any prefix, as the whole document reads', () => {
    const content = '<action>queue.issue-referral</action><parameters><groupId>g-1</groupId></parameters>';
    const expected = { action: 'queue.issue-referral', parameters: { groupId: 'g-1' } };
    const unprefixed = `<kezekSigning version="1">${content}<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature></kezekSigning>`;
    expect(unverifiedActionOf(signed(content))).toEqual(expected);
    expect(unverifiedActionOf(unprefixed)).toEqual(expected);
    // The signature is identity's to read, whatever follows it.
    expect(unverifiedActionOf(`${signed(content)}<trailing>`)).toEqual(expected);
  });

  it("reads the whole document where the signature is not the root's child", () => {
    const nested =
      '<kezekSigning version="1"><action>queue.withdraw</action><wrapper><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">' +
      '<ds:SignedInfo/></ds:Signature></wrapper></kezekSigning>';
    expect(unverifiedActionOf(nested)).toEqual({ action: 'queue.withdraw', parameters: {} });
  });
});
