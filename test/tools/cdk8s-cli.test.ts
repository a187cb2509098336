/**
 * `npx cdk8s synth` asks the npm registry for a newer cdk8s-cli unless told not to. The README says
 * the switch (CDK8S_CHECK_UPGRADE=false / --no-check-upgrade) cannot be set in cdk8s.yaml: these tests
 * fail when an upgrade of the pinned cdk8s-cli makes that untrue, or when the README stops saying it first.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli');

describe('cdk8s-cli upgrade check', () => {
  test('the pinned cdk8s-cli reads the switch from the CDK8S_ environment or the command line only', () => {
    const main = fs.readFileSync(path.join(CLI, 'lib', 'cli', 'index.js'), 'utf8');
    expect(main).toContain(".option('check-upgrade', { type: 'boolean'");
    expect(main).toContain(".env('CDK8S')");
    expect(main).not.toMatch(/\.config\(|readConfigSync/); // cdk8s.yaml is not a yargs config source
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(CLI, 'package.json'), 'utf8')).version).toBe(pkg.devDependencies['cdk8s-cli']);
  });

  test('the README command table and cdk8s.yaml say to set CDK8S_CHECK_UPGRADE=false first', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^\| `CDK8S_CHECK_UPGRADE=false npx cdk8s synth` \| [^|\n]*Set `CDK8S_CHECK_UPGRADE=false` \(or pass `--no-check-upgrade`\) first/m);
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    expect(config).toContain('CDK8S_CHECK_UPGRADE=false npx cdk8s synth');
    expect(Object.keys(YAML.parse(config)).sort()).toEqual(['app', 'language', 'output']);
  });
});
