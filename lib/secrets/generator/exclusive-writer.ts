/**
 * Writes new files only, and undoes everything it wrote when asked: the generator's "never overwrite,
 * nothing written on error" rule.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Creates folders and files that must not exist yet (`O_CREAT | O_EXCL`, so a file that appears between the
 * check and the write is never overwritten, and a symlink in its place is never followed), with exact modes
 * (`fchmod` after `open`, so the umask cannot loosen or tighten them). {@link rollback} removes what it created.
 */
export class ExclusiveWriter {
  private readonly createdFiles: string[] = [];
  private readonly createdDirs: string[] = [];

  /** Creates `dir` and any missing parents with `mode`; existing folders are left as they are. */
  public makeDirs(dir: string, mode: number): void {
    const missing: string[] = [];
    let current = dir;
    while (!fs.existsSync(current)) {
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) {
        break;
      }
      current = parent;
    }
    for (const folder of missing) {
      fs.mkdirSync(folder, { mode });
      this.createdDirs.push(folder);
      fs.chmodSync(folder, mode);
    }
  }

  /** Writes `content` to the new file `file` with `mode`, flushed to disk. Fails if `file` exists. */
  public writeNew(file: string, content: string | Uint8Array, mode: number): void {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, mode);
    this.createdFiles.push(file);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Every file created so far, in order. */
  public get files(): readonly string[] {
    return [...this.createdFiles];
  }

  /** Removes the files, then the (then empty) folders this writer created, newest first. Best effort. */
  public rollback(): void {
    for (const file of [...this.createdFiles].reverse()) {
      fs.rmSync(file, { force: true });
    }
    for (const dir of [...this.createdDirs].reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Not empty (something else wrote there) or already gone: leave it.
      }
    }
    this.createdFiles.length = 0;
    this.createdDirs.length = 0;
  }
}
