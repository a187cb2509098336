import { Construct, IConstruct } from 'constructs';

export interface OutputFileProps {
  /** File name inside the folder of the enclosing Argo CD Application (or cluster group). */
  readonly fileName: string;
  /** Produces the file content at synth time. */
  readonly content: () => string;
}

/**
 * A file rendered next to the manifests that is not a Kubernetes object, e.g. the readable initdata
 * TOML or the posture report. Argo CD directory apps read only .yaml, .yml and .json files, so
 * these files must use another extension.
 */
export class OutputFile extends Construct {
  /** True for OutputFile constructs, also across copies of this library. */
  public static isOutputFile(x: unknown): x is OutputFile {
    return x !== null && typeof x === 'object' && OUTPUT_FILE in x;
  }

  public readonly fileName: string;
  private readonly produce: () => string;

  constructor(scope: Construct, id: string, props: OutputFileProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(props.fileName) || /\.(ya?ml|json)$/i.test(props.fileName)) {
      throw new Error(`OutputFile 'fileName' must be a plain file name that Argo CD does not apply (not .yaml, .yml or .json), got "${props.fileName}"`);
    }
    Object.defineProperty(this, OUTPUT_FILE, { value: true });
    this.fileName = props.fileName;
    this.produce = props.content;
  }

  /** The file content. */
  public render(): string {
    return this.produce();
  }
}

const OUTPUT_FILE = Symbol.for('coco-cdk8s.OutputFile');

/**
 * The files the {@link OutputFile}s under `scope` render (the readable initdata, ...), with their paths
 * relative to an output folder: `<ArgoAppChart app name>/<file>` inside an Argo CD Application, else the
 * file name. For a plain cdk8s app, which writes only manifests: write these next to them.
 */
export function outputFiles(scope: IConstruct): { readonly path: string; readonly content: string }[] {
  return scope.node.findAll().filter(OutputFile.isOutputFile).map(f => {
    const app = f.node.scopes.slice().reverse().find(s => (s as { appName?: unknown }).appName !== undefined) as { appName?: string } | undefined;
    return { path: app?.appName ? `${app.appName}/${f.fileName}` : f.fileName, content: f.render() };
  }).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
