import { Construct } from 'constructs';
import { KbsConfig, KbsConfigProps } from '../../imports/confidentialcontainers.org';

/**
 * The KbsConfig, plus spec fields of older operator generations that the current schema (which the
 * generated import follows, and whose serializer drops unknown fields) no longer has: `tdxConfigSpec`,
 * removed in openshift/trustee-operator v1.2.0. The rendered object is validated against the schema of
 * its generation (tools/schema-validator.ts).
 */
export class GenerationKbsConfig extends KbsConfig {
  private readonly generationSpec: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: KbsConfigProps, generationSpec: Readonly<Record<string, unknown>> = {}) {
    super(scope, id, props);
    this.generationSpec = generationSpec;
  }

  public toJson(): any {
    const json = super.toJson();
    return Object.keys(this.generationSpec).length === 0 ? json : { ...json, spec: { ...json.spec, ...this.generationSpec } };
  }
}
