import * as fs from 'fs';
import * as path from 'path';
import { checkLocations, isInside, physicalPath } from '../../../lib/secrets/generator/locations';
import { makeWorkspace, removeWorkspace, Workspace } from './workspace';

describe('physicalPath', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => removeWorkspace(ws));

  test('resolves a symlinked folder and appends components that do not exist yet', () => {
    // GIVEN
    fs.symlinkSync(ws.repo, path.join(ws.base, 'home', 'link'));
    // WHEN
    const resolved = physicalPath(path.join(ws.base, 'home', 'link', 'new', 'deeper'));
    // THEN
    expect(resolved).toBe(path.join(ws.repo, 'new', 'deeper'));
  });

  test('applies ".." after resolving the symlink before it, as the kernel does', () => {
    // GIVEN home/link -> repo/secrets, so home/link/.. is repo (lexically it would be home)
    fs.symlinkSync(path.join(ws.repo, 'secrets'), path.join(ws.base, 'home', 'link'));
    // WHEN
    const resolved = physicalPath(`${ws.base}/home/link/../private`);
    // THEN
    expect(resolved).toBe(path.join(ws.repo, 'private'));
  });

  test('follows a dangling symlink to where a write would land', () => {
    // GIVEN home/dangling -> repo/not-yet
    fs.symlinkSync(path.join(ws.repo, 'not-yet'), path.join(ws.base, 'home', 'dangling'));
    // WHEN
    const resolved = physicalPath(path.join(ws.base, 'home', 'dangling'));
    // THEN
    expect(resolved).toBe(path.join(ws.repo, 'not-yet'));
  });

  test('resolves a relative dangling symlink with ".." against its own folder', () => {
    // GIVEN home/rel -> ../repo/x
    fs.symlinkSync('../repo/x', path.join(ws.base, 'home', 'rel'));
    // WHEN / THEN
    expect(physicalPath(path.join(ws.base, 'home', 'rel', 'y'))).toBe(path.join(ws.repo, 'x', 'y'));
  });
});

describe('isInside', () => {
  test.each([
    ['/repo', '/repo', true],
    ['/repo', '/repo/a/b', true],
    ['/repo', '/repo2', false],
    ['/repo', '/repo/../etc', false],
    ['/repo', '/other/..foo', false],
    ['/repo', '/repo/..foo', true],
    ['/repo/dist', '/repo', false],
    ['/repo', '/', false],
    ['/', '/anything', true],
  ])('isInside(%p, %p) is %p', (parent, child, expected) => {
    // WHEN / THEN
    expect(isInside(parent, path.normalize(child))).toBe(expected);
  });
});

describe('checkLocations', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => removeWorkspace(ws));

  test('returns physical paths and whether the private folder must be created', () => {
    // GIVEN the repository reached through a symlink
    const repoLink = path.join(ws.base, 'repo-link');
    fs.symlinkSync(ws.repo, repoLink);
    // WHEN
    const { problems, locations } = checkLocations(repoLink, ws.privateDir, {
      kbsCertificate: path.join(repoLink, 'secrets', 'ca.crt'),
      adminPublicKey: path.join(repoLink, 'secrets', 'admin.pem'),
    });
    // THEN
    expect(problems).toEqual([]);
    expect(locations).toEqual({
      repoRoot: ws.repo,
      privateDir: ws.privateDir,
      createPrivateDir: true,
      publicFiles: { kbsCertificate: path.join(ws.repo, 'secrets', 'ca.crt'), adminPublicKey: path.join(ws.repo, 'secrets', 'admin.pem') },
    });
  });
});
