import { addMissingPlatformEntries, platformOf } from './lock-platforms';

describe('lock platform entries', () => {
  it('reads os and cpu from a platform package name', () => {
    expect(platformOf('@swc/core-win32-arm64-msvc')).toEqual({ os: 'win32', cpu: 'arm64' });
    expect(platformOf('@unrs/resolver-binding-linux-arm-gnueabihf')).toEqual({ os: 'linux', cpu: 'arm' });
    expect(platformOf('left-pad')).toBeNull();
  });

  it('adds only the optional platform builds the lock lacks', () => {
    const packages = {
      '': {},
      'node_modules/@swc/core': {
        version: '1.16.22',
        optionalDependencies: { '@swc/core-linux-x64-gnu': '1.16.22', '@swc/core-darwin-arm64': '1.16.22' },
      },
      'node_modules/@swc/core-linux-x64-gnu': { version: '1.16.22', optional: true, os: ['linux'], cpu: ['x64'] },
      'node_modules/a/node_modules/b': { optionalDependencies: { '@x/y-darwin-x64': '2.0.0', fsevents: '^2.3.0' } },
    };
    expect(addMissingPlatformEntries(packages)).toEqual(['@swc/core-darwin-arm64@1.16.22', '@x/y-darwin-x64@2.0.0']);
    expect(packages).toMatchObject({
      'node_modules/@swc/core-darwin-arm64': { version: '1.16.22', optional: true, os: ['darwin'], cpu: ['arm64'] },
    });
    expect(addMissingPlatformEntries(packages)).toEqual([]);
  });
});
