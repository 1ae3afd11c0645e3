// How Kezek's TypeScript becomes JavaScript, in one place: jest's transform (jest.config.js) and
// every process started with `node -r ./infra/register.js` (infra/register.js).
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};
