/**
 * The GraphQL the playground page itself sends (page.js): sign-in, refresh, sign-out and the
 * second step of a signed action. Kept here so that examples.spec.ts validates them against the
 * supergraph with the saved examples.
 */
const SESSION = 'accessToken refreshToken expiresAt user { fullName roles }';

export const PLAYGROUND_OPERATIONS = {
  authChallenge: 'query PlaygroundAuthChallenge { authChallenge { xml } }',
  signIn: `mutation PlaygroundSignIn($signedXml: String!) { signIn(signedXml: $signedXml) { ${SESSION} } }`,
  refreshSession: `mutation PlaygroundRefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { ${SESSION} }
}`,
  signOut: 'mutation PlaygroundSignOut { signOut }',
  // Both members have a status (of different enums), so the referral's is aliased.
  submitSigned: `mutation PlaygroundSubmitSigned($requestId: ID!, $signedXml: String!) {
  submitSigned(requestId: $requestId, signedXml: $signedXml) {
    __typename
    ... on Application { id number status queueNumber }
    ... on Referral { id number referralStatus: status expiresAt }
  }
}`,
};
