/**
 * Builds a ready engine for a shell: all rules, plus code support once the code parsers are
 * initialised (async, once per process).
 */
import { allRules } from '../../../rules/index';
import { Engine } from './engine';
import type { Project } from './project';

export async function createEngine(): Promise<{ makeEngine: (project: Project) => Engine }> {
  return {
    makeEngine: (project: Project) => new Engine(project, allRules),
  };
}
