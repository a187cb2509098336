/** The demo workloads, one folder each (see `demo.ts` for what a demo defines), in pattern.yaml order. */
import type { z } from 'zod';
import type { Problem } from '../errors';
import type { Demo, DemoContext, DemoImage, DemoSettings } from './demo';
import { HELLO_OPENSHIFT_DEMO } from './hello-openshift/demo';
import { KBS_ACCESS_DEMO } from './kbs-access/demo';

export type { Demo, DemoContext, DemoImage, DemoPosture, DemoSchema, DemoSettings } from './demo';

const REGISTRY = {
  helloOpenshift: HELLO_OPENSHIFT_DEMO,
  kbsAccess: KBS_ACCESS_DEMO,
};

/** A demo's key under `workloads` in pattern.yaml. */
export type DemoKey = keyof typeof REGISTRY;
/** The schema of a demo's settings. */
export type DemoSchemaOf<K extends DemoKey> = (typeof REGISTRY)[K]['settings'];
/** A demo's settings, defaults applied. */
export type DemoSettingsOf<K extends DemoKey> = z.output<DemoSchemaOf<K>>;
/** The settings of every demo, by key (what `workloads` holds besides the shared switches). */
export type DemoSettingsByKey = { readonly [K in DemoKey]: DemoSettingsOf<K> };

/** The demo of each key. */
export const DEMOS: { readonly [K in DemoKey]: Demo<K, DemoSchemaOf<K>> } = REGISTRY;

/** The demo keys, in pattern.yaml order. */
export const DEMO_KEYS = Object.keys(DEMOS) as DemoKey[];

/** A demo with a group's settings for it. */
export interface ConfiguredDemo {
  readonly demo: Demo;
  readonly settings: DemoSettings;
  /** The demo's rules on these settings. */
  problems(context: DemoContext): Problem[];
  /** The images of its confidential pods with these settings. */
  images(): DemoImage[];
}

/** Every demo with its settings from a group's `workloads`, in pattern.yaml order. */
export function configuredDemos(workloads: DemoSettingsByKey): ConfiguredDemo[] {
  return DEMO_KEYS.map(key => configured(key, workloads));
}

function configured<K extends DemoKey>(key: K, workloads: DemoSettingsByKey): ConfiguredDemo {
  const demo = DEMOS[key];
  const settings = workloads[key];
  return { demo, settings, problems: context => demo.problems(settings, context), images: () => demo.images(settings) };
}

/** The demo rendered as Argo CD Application `app`, if any. */
export function demoOfApp(app: string): Demo | undefined {
  return DEMO_KEYS.map((key): Demo => DEMOS[key]).find(d => d.app === app);
}
