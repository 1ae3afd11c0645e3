import { ConfigError } from '@kezek/config';
import { DEFAULT_PORTALS, PortalRegistry } from './portals';

describe('portal registry', () => {
  it('serves the default portals unless PORTALS overrides them, matching the header loosely', () => {
    expect(PortalRegistry.fromEnv(undefined).portals).toBe(DEFAULT_PORTALS);
    const custom = PortalRegistry.fromEnv(
      JSON.stringify([{ id: 'shymkent', name: { kk: 'Шымкент', ru: 'Шымкент' }, regionIds: ['shymkent'] }]),
    );
    expect(custom.find(' Shymkent ')?.regionIds).toEqual(['shymkent']);
    expect(custom.find('astana')).toBeUndefined();
    expect(custom.find(['shymkent', 'astana'])).toBeUndefined();
  });

  it('refuses a bad PORTALS as configuration, naming the variable', () => {
    for (const value of ['{not json', JSON.stringify([{ id: 'Bad Id', name: { kk: 'x', ru: 'x' }, regionIds: [] }])]) {
      const attempt = () => PortalRegistry.fromEnv(value);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/PORTALS: /);
    }
  });
});
