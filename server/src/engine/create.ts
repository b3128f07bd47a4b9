/**
 * Builds a ready engine for a shell: all rules, plus tree-sitter code support once the parsers are
 * initialised (async, once per process). If the WASM grammars cannot be loaded, config analysis
 * still works and the reason is reported.
 */
import { allRules } from '../../../rules/index';
import { TreeSitterCodeSupport } from './code-context';
import { codeParserInitError, initCodeParsers } from './code/parser';
import { Engine } from './engine';
import type { Project } from './project';

export interface EngineFactoryResult {
  makeEngine: (project: Project, stopAt?: (path: string) => string | undefined) => Engine;
  /** Set when code parsing is unavailable. */
  codeError?: string;
}

export async function createEngine(): Promise<EngineFactoryResult> {
  let codeError: string | undefined;
  try {
    await initCodeParsers();
    const e = codeParserInitError();
    if (e) codeError = e.message;
  } catch (e) {
    codeError = (e as Error).message;
  }
  return {
    codeError,
    makeEngine: (project: Project, stopAt?: (path: string) => string | undefined) => {
      const engine = new Engine(project, allRules);
      if (!codeError) engine.codeSupport = new TreeSitterCodeSupport(engine, stopAt);
      return engine;
    },
  };
}
