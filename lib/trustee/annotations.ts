/** Annotations the pattern puts on Trustee objects so tools and reviewers know what they were rendered for. */

/** The Red Hat build of Trustee a KbsConfig was rendered for (selects the CRD schema in validation). */
export const TRUSTEE_VERSION_ANNOTATION = 'coco-cdk8s.io/trustee-version';

/** The Trustee preset (`secure` or `permissive`); `permissive` marks the reference pattern's insecure setup. */
export const TRUSTEE_PRESET_ANNOTATION = 'coco-cdk8s.io/trustee-preset';
