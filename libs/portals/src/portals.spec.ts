import { ConfigError } from '@kezek/config';
import { DEFAULT_PORTALS, Portals } from './portals';

describe('portal registry', () => {
  it('serves the default portals unless PORTALS overrides them, matching the header loosely', () => {
    expect(Portals.fromEnv(undefined).all).toBe(DEFAULT_PORTALS);
    const custom = Portals.fromEnv(
      JSON.stringify([{ id: 'shymkent', name: { kk: 'Шымкент', ru: 'Шымкент' }, regionIds: ['shymkent'] }]),
    );
    expect(custom.find(' Shymkent ')?.regionIds).toEqual(['shymkent']);
    expect(custom.find('astana')).toBeUndefined();
    expect(custom.find(['shymkent', 'astana'])).toBeUndefined();
  });

  it('refuses a bad PORTALS as configuration, naming the variable', () => {
    for (const value of ['{not json', JSON.stringify([{ id: 'Bad Id', name: { kk: 'x', ru: 'x' }, regionIds: [] }])]) {
      const attempt = () => Portals.fromEnv(value);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/PORTALS: /);
    }
  });
});
