import { Construct } from 'constructs';

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
