/**
 * The file source both shells (CLI and language server) give the engine: the local disk, read-only,
 * files over `maxBytes` treated as absent. The engine itself never touches the file system.
 */
import * as fs from 'node:fs';
import type { FileSource } from '../engine/project';

export function diskSource(maxBytes: number): FileSource {
  return {
    readFile: (p) => {
      try {
        const st = fs.statSync(p);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => {
      try {
        return fs.statSync(p).isFile();
      } catch {
        return false;
      }
    },
    listDir: (d) => {
      try {
        return fs.readdirSync(d);
      } catch {
        return undefined;
      }
    },
  };
}
