/* global KEZEK_PLAYGROUND, React, ReactDOM, GraphiQL, document, window, fetch, WebSocket, setTimeout, clearTimeout, atob */
/**
 * The playground page (served as /playground/init.js): GraphiQL with operators' tools.
 * - "Sign in with NCALayer": authChallenge → NCALayer signs it with the AUTH key → signIn; the
 *   access token goes into the active tab's headers and into every request of a tab still
 *   holding one of this page's earlier tokens, and is refreshed (refreshSession) at 80% of its life.
 * - "Sign and submit": the SigningRequest a prepare… mutation returned is signed with the SIGN key
 *   and sent back with submitSigned.
 * - "Job board" (ADMIN): Bull Board at /ops/queues, signed in with the same token.
 * - Saved operator examples, loaded from the gateway (/playground/examples.json), open as tabs.
 * KEZEK_PLAYGROUND (prepended by the gateway) holds the NCALayer URL and the GraphQL this page
 * sends (operations.ts). NCALayer is the one on the operator's machine; nothing
 * else outside the gateway is reached, and the page's CSP enforces that.
 */
(function () {
  'use strict';
  const h = React.createElement;
  const { useEditorContext } = GraphiQL.React;
  const host = document.getElementById('graphiql');
  const { ncaLayerUrl, operations } = KEZEK_PLAYGROUND;
  const PORTAL_HEADER = 'x-kezek-portal';
  /** Refresh when this share of the token's life is gone: the clock of the page and the graph may differ, the lifetime does not. */
  const REFRESH_AT = 0.8;

  const DEFAULT_HEADERS = JSON.stringify({ [PORTAL_HEADER]: 'astana' }, null, 2);
  const DEFAULT_QUERY = `# Kezek GraphQL. Headers: x-kezek-portal (astana, almaty, aktobe, akmola-region, karaganda-region).
# Operators: "Sign in with NCALayer" (top right) puts "authorization": "Bearer <accessToken>" into the headers;
# the saved examples are in the side bar (the list icon).
{
  kindergartens(regionId: "astana", withFreeSeats: true) {
    name
    address
    groups { groupYear language freeSeats }
  }
}
`;

  /** One GraphQL call to the gateway; a refusal becomes an Error with its code and English message. */
  async function graphql(query, variables, headers) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) {
      const [e] = body.errors;
      const messages = (e.extensions && e.extensions.messages) || {};
      throw new Error(`${(e.extensions && e.extensions.code) || 'ERROR'}: ${messages.en || e.message}`);
    }
    return body.data;
  }

  /**
   * NCALayer's commonUtils.signXml: one socket per signature. NCALayer greets with its version
   * first; the reply to the request is the first message that is not the greeting.
   */
  function signXml(xml, keyType) {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(ncaLayerUrl);
      } catch (e) {
        return reject(new Error(`NCALayer: ${e.message}`));
      }
      let answered = false;
      socket.onopen = () =>
        socket.send(
          JSON.stringify({
            module: 'kz.gov.pki.knca.commonUtils',
            method: 'signXml',
            args: ['PKCS12', keyType, xml, '', ''],
          }),
        );
      // A refused connection fires error then close; a NCALayer that hangs up without a reply, close only.
      socket.onclose = () => {
        if (!answered) reject(new Error(`NCALayer does not answer at ${ncaLayerUrl}: is it running?`));
      };
      socket.onmessage = (event) => {
        const reply = JSON.parse(event.data);
        if (reply.result && reply.result.version && reply.code === undefined) return;
        answered = true;
        socket.close();
        if (reply.code === '200' && typeof reply.responseObject === 'string') resolve(reply.responseObject);
        else reject(new Error(`NCALayer: ${reply.message || reply.code || 'no signature'}`));
      };
    });
  }

  // atob decodes unpadded base64 too; base64url differs only in two characters.
  const tokenClaims = (token) => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

  /** The signed-in operator, outside React so that the fetcher and the timer see the same one. */
  const session = {
    current: null,
    /** Every access token this page put into headers: a tab holding one gets the current one. */
    issued: new Set(),
    timer: null,
    listeners: new Set(),
    set(next, portal) {
      clearTimeout(this.timer);
      this.current = next && { ...next, portal, claims: tokenClaims(next.accessToken) };
      if (this.current) {
        this.issued.add(next.accessToken);
        const { iat, exp } = this.current.claims;
        this.current.refreshInMs = Math.max(1000, (exp - iat) * 1000 * REFRESH_AT);
        this.timer = setTimeout(() => void this.refresh(), this.current.refreshInMs);
      }
      this.listeners.forEach((l) => l());
    },
    async refresh() {
      if (!this.current) return;
      const { refreshToken, portal } = this.current;
      try {
        const data = await graphql(operations.refreshSession, { refreshToken }, { [PORTAL_HEADER]: portal });
        this.set(data.refreshSession, portal);
      } catch (e) {
        this.set(null);
        status.set(`Signed out: ${e.message}. Sign in again.`);
      }
    },
  };

  /** A line of feedback under the buttons (errors of NCALayer or of the graph). */
  const status = {
    text: '',
    error: false,
    listeners: new Set(),
    set(text, error = true) {
      this.text = text;
      this.error = error;
      this.listeners.forEach((l) => l());
    },
  };

  const useStore = (store) => {
    const [, render] = React.useState(0);
    React.useEffect(() => {
      const listener = () => render((n) => n + 1);
      store.listeners.add(listener);
      return () => store.listeners.delete(listener);
    }, [store]);
  };

  const parseHeaders = (text) => {
    try {
      const parsed = JSON.parse(text || '{}');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
    } catch {
      return null;
    }
  };
  const authorizationKey = (headers) => Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  const bearer = (token) => `Bearer ${token}`;
  /** Whether the header is absent or one this page put there (an operator's own token is left alone). */
  const ours = (value) => !value || session.issued.has(String(value).replace(/^Bearer\s+/i, ''));

  /** Headers with the current token, unless the operator typed another one. */
  function withCurrentToken(headers) {
    if (!session.current) return headers;
    const key = authorizationKey(headers) || 'authorization';
    if (!ours(headers[key])) return headers;
    return { ...headers, [key]: bearer(session.current.accessToken) };
  }

  const baseFetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const fetcher = (params, options) =>
    baseFetcher(params, { ...options, headers: withCurrentToken((options && options.headers) || {}) });

  const button = (props, label) =>
    h('button', { type: 'button', className: 'graphiql-button kezek-button', ...props }, label);

  /** Top right of GraphiQL (its logo's place): sign-in, who is signed in, sign and submit. */
  function OperatorTools() {
    useStore(session);
    useStore(status);
    const editors = useEditorContext({ nonNull: true });
    const { headerEditor, responseEditor, activeTabIndex } = editors;
    const [busy, setBusy] = React.useState(false);
    const current = session.current;

    // The active tab's headers show the current token (after sign-in, a refresh, or a tab switch).
    React.useEffect(() => {
      if (!current || !headerEditor) return;
      const headers = parseHeaders(headerEditor.getValue());
      if (!headers) {
        status.set('The headers are not JSON: the token is not put into them.');
        return;
      }
      const next = withCurrentToken(headers);
      if (next !== headers) headerEditor.setValue(JSON.stringify(next, null, 2));
    }, [current && current.accessToken, headerEditor, activeTabIndex]);

    const activeHeaders = () => parseHeaders(headerEditor && headerEditor.getValue()) || {};
    const run = (what) => async () => {
      setBusy(true);
      status.set('');
      try {
        await what();
      } catch (e) {
        status.set(e.message);
      } finally {
        setBusy(false);
      }
    };

    const signIn = run(async () => {
      const portal = activeHeaders()[PORTAL_HEADER] || 'astana';
      const headers = { [PORTAL_HEADER]: portal };
      status.set('Sign the challenge in NCALayer (the authentication key)…', false);
      const { authChallenge } = await graphql(operations.authChallenge, {}, headers);
      const signedXml = await signXml(authChallenge.xml, 'AUTHENTICATION');
      const data = await graphql(operations.signIn, { signedXml }, headers);
      session.set(data.signIn, portal);
      status.set('');
    });

    // Bull Board's own page cannot send a header: the gateway keeps an ADMIN's token in a cookie for /ops.
    const openJobBoard = run(async () => {
      const response = await fetch('/ops/session', {
        method: 'POST',
        headers: { authorization: bearer(session.current.accessToken) },
      });
      if (!response.ok) throw new Error(`The job board refused: HTTP ${response.status}`);
      window.open('/ops/queues', '_blank', 'noopener');
    });

    const signOut = run(async () => {
      const headers = withCurrentToken(activeHeaders());
      session.set(null);
      await graphql(operations.signOut, {}, headers);
      const left = activeHeaders();
      const key = authorizationKey(left);
      if (key && ours(left[key])) {
        delete left[key];
        headerEditor.setValue(JSON.stringify(left, null, 2));
      }
    });

    /** The SigningRequest in the response pane, as a prepare… mutation returned it. */
    const signingRequest = () => {
      const response = parseHeaders(responseEditor && responseEditor.getValue());
      const found = response && response.data && Object.values(response.data)[0];
      return found && typeof found.id === 'string' && typeof found.xml === 'string' ? found : null;
    };
    const signAndSubmit = run(async () => {
      const request = signingRequest();
      if (!request) throw new Error('Run a prepare… mutation first: its result (id and xml) is what gets signed.');
      status.set('Sign the document in NCALayer (the signing key)…', false);
      const signedXml = await signXml(request.xml, 'SIGNATURE');
      const data = await graphql(
        operations.submitSigned,
        { requestId: request.id, signedXml },
        withCurrentToken(activeHeaders()),
      );
      responseEditor.setValue(JSON.stringify({ data }, null, 2));
      status.set('');
    });

    const who = current && current.user;
    return h(
      'div',
      { className: 'kezek-operator' },
      h(
        'div',
        { className: 'kezek-operator-row' },
        current
          ? [
              h(
                'span',
                {
                  key: 'who',
                  className: 'kezek-signed-in',
                  title: `token refreshes every ${Math.round(current.refreshInMs / 1000)} s`,
                },
                `${who.fullName} · ${who.roles.filter((r) => r !== 'APPLICANT').join(', ') || 'APPLICANT'}`,
              ),
              h(
                'span',
                { key: 'submit' },
                button({ onClick: signAndSubmit, disabled: busy, 'data-kezek': 'sign-and-submit' }, 'Sign and submit'),
              ),
              who.roles.includes('ADMIN')
                ? h(
                    'span',
                    { key: 'board' },
                    button({ onClick: openJobBoard, disabled: busy, 'data-kezek': 'job-board' }, 'Job board'),
                  )
                : null,
              h(
                'span',
                { key: 'out' },
                button({ onClick: signOut, disabled: busy, 'data-kezek': 'sign-out' }, 'Sign out'),
              ),
            ]
          : button({ onClick: signIn, disabled: busy, 'data-kezek': 'sign-in' }, 'Sign in with NCALayer'),
      ),
      status.text
        ? h('div', { className: `kezek-status${status.error ? ' kezek-error' : ''}`, role: 'status' }, status.text)
        : null,
    );
  }

  /** The side bar's list of the gateway's saved examples: each opens in a new tab. */
  function examplesPlugin(examples) {
    function Examples() {
      const editors = useEditorContext({ nonNull: true });
      const open = (example) => {
        editors.addTab();
        // addTab puts the default query into the editors; the example replaces it once they show the new tab.
        setTimeout(() => {
          editors.queryEditor.setValue(example.query);
          editors.variableEditor.setValue(JSON.stringify(example.variables, null, 2));
          editors.headerEditor.setValue(JSON.stringify(withCurrentToken(example.headers), null, 2));
          // GraphiQL learns the operation from the text 100 ms later: run now, and it would send the last tab's.
          const [first] = GraphiQL.GraphQL.parse(example.query).definitions.filter(
            (d) => d.kind === 'OperationDefinition',
          );
          editors.setOperationName(first.name.value);
        });
      };
      return h(
        'div',
        { className: 'kezek-examples' },
        h('div', { className: 'graphiql-doc-explorer-title' }, 'Operator examples'),
        examples.map((example) =>
          h(
            'div',
            { key: example.title, className: 'kezek-example' },
            button({ onClick: () => open(example), 'data-kezek-example': example.title }, example.title),
            h('p', null, example.description),
          ),
        ),
      );
    }
    return {
      title: 'Operator examples',
      icon: () => h('span', { 'aria-hidden': true, className: 'kezek-examples-icon' }, '☰'),
      content: Examples,
    };
  }

  async function start() {
    const examples = await fetch('/playground/examples.json').then(
      (r) => r.json(),
      () => [],
    );
    ReactDOM.createRoot(host).render(
      h(
        GraphiQL,
        {
          fetcher,
          defaultHeaders: DEFAULT_HEADERS,
          defaultQuery: DEFAULT_QUERY,
          defaultEditorToolsVisibility: 'headers',
          // Tokens stay out of localStorage: a signed-in session lives as long as the page.
          shouldPersistHeaders: false,
          plugins: [examplesPlugin(examples)],
        },
        h(GraphiQL.Logo, null, h(OperatorTools)),
      ),
    );
  }

  // For the browser test and for operators' own scripts in the console.
  window.kezekPlayground = { session, refresh: () => session.refresh() };
  void start();
})();
