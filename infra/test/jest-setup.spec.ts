import { join } from 'node:path';
import e2eSetup from './e2e-global-setup';
import { e2eStores } from './global-setup';

interface Project {
  displayName: string;
  globalSetup?: string;
}

const config = require(join(__dirname, '..', '..', 'jest.config.js')) as { projects: Project[] };
const project = (name: string) => config.projects.find((p) => p.displayName === name)!;

/**
 * Jest runs a global setup module once per run, with the project of the first test it meets
 * (runGlobalHook in @jest/core): that first test depends on the run's order, which a cold cache
 * sets by file size. A module shared by two projects therefore cannot tell which one it serves.
 */
describe('the jest projects’ global setups', () => {
  it('gives the e2e project a setup module of its own, never the integration project’s', () => {
    expect(project('e2e').globalSetup).toBeDefined();
    expect(project('e2e').globalSetup).not.toBe(project('integration').globalSetup);
  });

  it('makes the demo-data template in the e2e project’s module, whatever test comes first', () => {
    expect(project('e2e').globalSetup).toBe('<rootDir>/infra/test/e2e-global-setup.ts');
    expect(e2eSetup).toBe(e2eStores);
  });
});
