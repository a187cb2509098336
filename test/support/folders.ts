/** Folders in tests: every file below a folder with its content, to compare renders or prove a folder untouched. */
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../../lib/output/write';

/** Every file under `dir` (relative, `/`-separated) with its content (base64 keeps any bytes as they are). */
export function folderContents(dir: string, encoding: 'utf8' | 'base64' = 'utf8'): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map(f => [f, fs.readFileSync(path.join(dir, f), encoding)]));
}
