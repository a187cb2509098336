/**
 * What a Trustee learns from the bare-metal groups that attest to it: their TEEs' expected measurements
 * (`platformMeasurements`) and what its verifiers need (`teeCollateral`). A group describes its own hosts
 * (`sandbox.tdx` / `sandbox.snp`), but the values go to the Trustee its workloads attest to: its own, another
 * group's (`sandbox.kbs.trustee`) or its hub's. Several groups may attest to one Trustee: their settings are
 * merged, and settings that cannot be merged are refused, each naming the field. Pure: the configuration
 * checks (lib/config/semantics.ts) report the problems, the plan carries the result.
 */
import { INTEL_DCAP_NAMESPACE, pccsUrl } from '../baremetal/intel-dcap/dcap-defaults';
import type { BareMetalTee } from '../baremetal/tee-hosts';
import type { PatternConfig } from '../config/schema';
import { Problem, quote } from '../errors';
import { BareMetalPlatform, providerOf } from '../platforms/providers';
import { measurementValues, TEES } from '../platforms/tees';
import type { PlatformMeasurements } from '../trustee/platform-measurements';
import { SnpVcekCacheEntry, TeeCollateralSettings, teeCollateralProblems } from '../trustee/tee-collateral';
import { trusteeProfile, TrusteeVersion } from '../trustee/versions';
import { trusteeGroupOf } from './attestation-targets';

/** What the Trustee of one group is given by the bare-metal groups attesting to it. */
export interface AttestedPlatforms {
  /** One entry per TEE, merged over the groups. */
  readonly platformMeasurements: readonly PlatformMeasurements[];
  readonly teeCollateral: TeeCollateralSettings;
  /** The bare-metal groups that attest to it, by TEE, in pattern order. */
  readonly groups: Readonly<Partial<Record<BareMetalTee, readonly string[]>>>;
}

/** A bare-metal group's platform, when it runs a sandbox on bare metal. */
export function bareMetalOf(config: PatternConfig, name: string): BareMetalPlatform | undefined {
  const g = config.clusterGroups[name];
  return g?.sandbox.enabled ? providerOf(g.cloud, g.sandbox).bareMetal() : undefined;
}

/** The TDX collateral service URL of a group's choice (undefined: Intel's PCS, the verifier's default). */
function collateralUrl(choice: string): string | undefined {
  if (choice === 'intel') return undefined;
  if (choice === 'pccs') return pccsUrl(INTEL_DCAP_NAMESPACE);
  return choice;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The platforms attested by the Trustee of cluster group `trusteeGroup`, merged, and the problems of
 * merging them: measurements of one TEE must measure the same things with the same minimum SVNs and expiry
 * (the accepted values of each are the union: each group's hosts may differ); TDX groups must agree on the
 * collateral service; a cached VCEK is given once per chip; `pccs` (a Service inside one cluster) only for
 * the group's own Trustee; what the Trustee generation cannot do; a `trustee.referenceValues` name the
 * measurements fill in.
 */
export function attestedPlatforms(config: PatternConfig, trusteeGroup: string): { readonly platforms: AttestedPlatforms; readonly problems: Problem[] } {
  const problems: Problem[] = [];
  const trustee = config.clusterGroups[trusteeGroup].trustee;
  const profile = trusteeProfile(trustee.version as TrusteeVersion, `clusterGroups.${trusteeGroup}.trustee.version`);
  const byTee: Partial<Record<BareMetalTee, string[]>> = {};
  const measurements = new Map<BareMetalTee, { first: string; given?: BareMetalPlatform['measurements']; values: Map<string, Set<string> | number> }>();
  let tdx: { first: string; service?: string; useSecureCert?: boolean } | undefined;
  const vceks = new Map<string, { group: string; entry: SnpVcekCacheEntry }>();

  for (const name of Object.keys(config.clusterGroups).filter(n => trusteeGroupOf(config, n) === trusteeGroup)) {
    const bm = bareMetalOf(config, name);
    if (!bm) continue;
    const at = `clusterGroups.${name}.sandbox.${bm.tee}`;
    const other = (first: string) => `cluster group "${first}", which attests to the same Trustee (of "${trusteeGroup}") on ${bm.tee}`;
    (byTee[bm.tee] ??= []).push(name);

    // Measurements: the same keys, minimum SVNs and expiry; the accepted byte strings of all.
    const seen = measurements.get(bm.tee);
    if (!seen) {
      const values = new Map<string, Set<string> | number>();
      for (const { measurement, values: v } of bm.measurements ? measurementValues(TEES[bm.tee], bm.measurements.values) : []) {
        values.set(measurement.key, measurement.shape.type === 'minimum-svn' ? Number(v[0]) : new Set(v));
      }
      measurements.set(bm.tee, { first: name, given: bm.measurements, values });
    } else {
      const mine = bm.measurements ? measurementValues(TEES[bm.tee], bm.measurements.values) : [];
      const keys = mine.map(m => m.measurement.key);
      if (!sameList(keys, [...seen.values.keys()])) {
        problems.push({ path: `${at}.measurements`, message: `must give the same measurements as ${other(seen.first)}: it gives ${[...seen.values.keys()].join(', ') || 'none'}, this group ${keys.join(', ') || 'none'} (a measurement one group leaves out would be checked against the other's values)` });
      } else if (bm.measurements && seen.given && bm.measurements.expiration !== seen.given.expiration) {
        problems.push({ path: `${at}.measurements.expiration`, message: `must equal that of ${other(seen.first)} (${seen.given.expiration}): one Trustee holds one reference value per measurement, got ${quote(bm.measurements.expiration)}` });
      } else {
        for (const { measurement: m, values: v } of mine) {
          const have = seen.values.get(m.key)!;
          if (typeof have === 'number') {
            if (have !== Number(v[0])) problems.push({ path: `${at}.measurements.${m.key}`, message: `must equal that of ${other(seen.first)} (${have}): one Trustee checks one minimum, got ${v[0]}` });
          } else {
            v.forEach(x => have.add(x));
          }
        }
      }
    }

    if (bm.tdxCollateral) {
      const service = collateralUrl(bm.tdxCollateral.service);
      if (bm.tdxCollateral.service === 'pccs' && name !== trusteeGroup) {
        problems.push({ path: `${at}.collateralService`, message: `cannot be "pccs" when the workloads attest to the Trustee of cluster group "${trusteeGroup}": the PCCS Service is only reachable inside this group's clusters; use "intel" (Intel's PCS) or an https URL that Trustee reaches` });
      } else if (!tdx) {
        tdx = { first: name, service, useSecureCert: bm.tdxCollateral.useSecureCert };
      } else if (tdx.service !== service || tdx.useSecureCert !== bm.tdxCollateral.useSecureCert) {
        problems.push({ path: `${at}.collateralService`, message: `must equal that of ${other(tdx.first)} (${quote(tdx.service ?? 'intel')}, useSecureCert ${tdx.useSecureCert ?? 'default'}): one Trustee has one TDX collateral service, got ${quote(bm.tdxCollateral.service)}` });
      }
      problems.push(...teeCollateralProblems(profile, { tdx: { collateralService: service, useSecureCert: bm.tdxCollateral.useSecureCert } }, `clusterGroups.${name}.sandbox`));
    }
    (bm.snpVcekCache ?? []).forEach((entry, i) => {
      const before = vceks.get(entry.hwid);
      if (before && (before.entry.vaultPath !== entry.vaultPath || before.entry.property !== entry.property)) {
        problems.push({ path: `${at}.vcekCache[${i}]`, message: `caches chip ${entry.hwid} from another Vault entry than cluster group "${before.group}" (${before.entry.vaultPath}): give each chip's VCEK once` });
      } else if (!before) {
        vceks.set(entry.hwid, { group: name, entry });
      }
    });
    if ((bm.snpVcekCache ?? []).length > 0) {
      problems.push(...teeCollateralProblems(profile, { snp: { vcekCache: bm.snpVcekCache } }, `clusterGroups.${name}.sandbox`));
    }
  }

  const platformMeasurements: PlatformMeasurements[] = [...measurements].filter(([, m]) => m.given).map(([tee, m]) => ({
    tee,
    values: Object.fromEntries([...m.values].map(([k, v]) => [k, typeof v === 'number' ? v : [...v].sort()])),
    expiration: m.given!.expiration,
  }));
  const filled = platformMeasurements.flatMap(pm => measurementValues(TEES[pm.tee], pm.values).map(v => v.measurement.referenceValueName));
  trustee.referenceValues.forEach((rv, i) => {
    if (filled.includes(rv.name)) {
      problems.push({ path: `clusterGroups.${trusteeGroup}.trustee.referenceValues[${i}].name`, message: `must not be a measurement a bare-metal group gives (${filled.join(', ')}; sandbox.<tee>.measurements of ${Object.values(byTee).flat().join(', ')}): give the value there, got ${quote(rv.name)}` });
    }
  });
  const teeCollateral: TeeCollateralSettings = {
    ...(tdx ? { tdx: { collateralService: tdx.service, useSecureCert: tdx.useSecureCert } } : {}),
    ...(vceks.size > 0 ? { snp: { vcekCache: [...vceks.values()].map(v => v.entry) } } : {}),
  };
  return { platforms: { platformMeasurements, teeCollateral, groups: byTee }, problems };
}
