import {
  azureVmProblems,
  azureVmSizeProblem,
  CONFIDENTIAL_VM_SERIES,
  confidentialVmSeries,
  confidentialVmSizeProblem,
  DEFAULT_AZURE_INSTANCE_SIZE,
  DEFAULT_AZURE_INSTANCE_SIZES,
  parseAzureVmSize,
} from '../../../lib/sandbox/peer-pods';

describe('parseAzureVmSize', () => {
  test('splits a name into family, vCPUs, features, accelerator and version', () => {
    expect(parseAzureVmSize('Standard_NCC40ads_H100_v5')).toEqual({
      family: 'NCC', vcpus: 40, constrainedVcpus: undefined, features: 'ads', childCapable: false, accelerator: 'H100', version: 5,
    });
    expect(parseAzureVmSize('Standard_M8-2ms_v2')).toMatchObject({ family: 'M', vcpus: 8, constrainedVcpus: 2, features: 'ms', version: 2 });
    expect(parseAzureVmSize('Standard_DC4as_cc_v5')).toMatchObject({ family: 'DC', features: 'as', childCapable: true, version: 5 });
    expect(parseAzureVmSize('Standard_B1s')).toMatchObject({ family: 'B', vcpus: 1, features: 's', version: undefined });
    expect(parseAzureVmSize('Standard_ND128isr_NDR_GB200_v6')).toMatchObject({ accelerator: 'NDR_GB200', version: 6 });
  });

  test.each(['', 'DC2as_v5', 'standard_DC2as_v5', 'Standard_dc2as_v5', 'Standard_DC0as_v5', 'Standard_DC2as_v5 ', 'Standard_DCas_v5'])(
    'refuses %j', value => {
      expect(parseAzureVmSize(value)).toBeUndefined();
    });
});

describe('azureVmSizeProblem', () => {
  test('accepts any well-formed size', () => {
    expect(azureVmSizeProblem('Standard_D8s_v5')).toBeUndefined();
  });

  test('fails on a malformed name, quoting it', () => {
    expect(azureVmSizeProblem('D8s_v5')).toBe(
      'must be an Azure VM size name (Standard_<family><vCPUs><features>[_<accelerator>][_v<version>], e.g. "Standard_DC2as_v5"), got "D8s_v5"');
  });
});

describe('confidentialVmSizeProblem', () => {
  test.each([
    ['Standard_DC2as_v5', 'AMD SEV-SNP'],
    ['Standard_DC96ads_v5', 'AMD SEV-SNP'],
    ['Standard_EC4eds_v5', 'Intel TDX'],
    ['Standard_DC4es_v6', 'Intel TDX'],
    ['Standard_EC64es_v6', 'Intel TDX'],
    ['Standard_DC8as_v6', 'AMD SEV-SNP'],
    ['Standard_EC16ads_v6', 'AMD SEV-SNP'],
    ['Standard_NCC40ads_H100_v5', 'AMD SEV-SNP with NVIDIA H100'],
  ])('accepts the confidential VM size %s (%s)', (size, tee) => {
    expect(confidentialVmSizeProblem(size)).toBeUndefined();
    expect(confidentialVmSeries(size)?.tee).toBe(tee);
  });

  test('every listed series has a size the rule accepts', () => {
    for (const s of CONFIDENTIAL_VM_SERIES) {
      const size = `Standard_${s.family}4${s.features}${s.accelerator ? `_${s.accelerator}` : ''}_v${s.version}`;
      expect(confidentialVmSizeProblem(size)).toBeUndefined();
    }
  });

  test('fails on a non-confidential size, listing the confidential series', () => {
    const problem = confidentialVmSizeProblem('Standard_D8s_v5');
    expect(problem).toMatch(/^must be a confidential VM size of the DC, EC or NCC families \(series DCasv5, DCadsv5, ECasv5, .*NCCadsH100v5\), got "Standard_D8s_v5"$/);
  });

  test.each(['Standard_DC4s_v3', 'Standard_DC2ds_v3', 'Standard_DC8s_v2'])('fails on the SGX enclave size %s, saying why', size => {
    expect(confidentialVmSizeProblem(size)).toMatch(new RegExp(`got "${size}", an Intel SGX enclave size, which is not a confidential VM$`));
  });

  test.each(['Standard_DC4as_cc_v5', 'Standard_EC8ads_cc_v5'])('fails on the confidential child capable host size %s, saying why', size => {
    expect(confidentialVmSizeProblem(size)).toMatch(/a confidential child capable host size, which is not itself a confidential VM$/);
  });

  test.each(['Standard_NC40ads_H100_v5', 'Standard_DC2as_V5', 'Standard_DC2as_v4', 'Standard_DC2as', 'Standard_DC8-2as_v5', 'Standard_DC2a_v5'])(
    'fails on %s, which looks close but is no confidential series', size => {
      expect(confidentialVmSizeProblem(size)).toMatch(/^must be a confidential VM size/);
    });

  test.each(['standard_dc2as_v5', 'DC2as_v5', '', 'Standard_DC2as_v5,Standard_DC4as_v5'])('fails on the malformed name %j', size => {
    expect(confidentialVmSizeProblem(size)).toBe(
      `must be an Azure confidential VM size name (Standard_<family><vCPUs><features>[_<accelerator>][_v<version>], e.g. "Standard_DC2as_v5"), got ${JSON.stringify(size)}`);
  });

  test('fails on a value that is not text', () => {
    expect(confidentialVmSizeProblem(42 as unknown as string)).toMatch(/got 42$/);
  });
});

describe('azureVmProblems', () => {
  const path = 'clusterGroups.simple.sandbox.peerPods.azure';

  test('the defaults are valid, and the default size is in the default list', () => {
    expect(DEFAULT_AZURE_INSTANCE_SIZE).toBe('Standard_DC2as_v5');
    expect(DEFAULT_AZURE_INSTANCE_SIZES).toEqual(['Standard_DC2as_v5', 'Standard_DC4as_v5', 'Standard_DC8as_v5', 'Standard_DC16as_v5']);
    expect(DEFAULT_AZURE_INSTANCE_SIZES).toContain(DEFAULT_AZURE_INSTANCE_SIZE);
    expect(azureVmProblems({}, path)).toEqual([]);
  });

  test('fails when the default size is not in the allowed list', () => {
    expect(azureVmProblems({ instanceSize: 'Standard_DC4es_v6' }, path)).toEqual([{
      path: `${path}.instanceSize`,
      message: 'must be one of instanceSizes (Standard_DC2as_v5, Standard_DC4as_v5, Standard_DC8as_v5, Standard_DC16as_v5), got "Standard_DC4es_v6"; add it to instanceSizes',
    }]);
    expect(azureVmProblems({ instanceSizes: ['Standard_DC4as_v5'] }, path)).toEqual([
      expect.objectContaining({ path: `${path}.instanceSize`, message: expect.stringContaining('got "Standard_DC2as_v5"') }),
    ]);
  });

  test('fails on a non-confidential default size once, without the list complaint', () => {
    expect(azureVmProblems({ instanceSize: 'Standard_D8s_v5' }, path)).toEqual([
      { path: `${path}.instanceSize`, message: expect.stringMatching(/^must be a confidential VM size/) },
    ]);
  });

  test('fails on each bad entry of the allowed list, by index', () => {
    expect(azureVmProblems({ instanceSizes: ['Standard_DC2as_v5', 'Standard_D8s_v5', 'bogus'] }, path)).toEqual([
      { path: `${path}.instanceSizes[1]`, message: expect.stringMatching(/^must be a confidential VM size .*got "Standard_D8s_v5"$/) },
      { path: `${path}.instanceSizes[2]`, message: expect.stringMatching(/^must be an Azure confidential VM size name .*got "bogus"$/) },
    ]);
  });

  test('fails on an empty list and on duplicates', () => {
    expect(azureVmProblems({ instanceSizes: [] }, path)).toEqual([{ path: `${path}.instanceSizes`, message: 'must be a non-empty list of VM sizes, got []' }]);
    expect(azureVmProblems({ instanceSizes: ['Standard_DC2as_v5', 'Standard_DC2as_v5'] }, path)).toEqual([
      { path: `${path}.instanceSizes`, message: 'must not list a size twice, got ["Standard_DC2as_v5"] more than once' },
    ]);
  });

  test('fails on settings that are not a map', () => {
    expect(azureVmProblems([] as unknown as object, path)).toEqual([{ path, message: 'must be a map of settings, got []' }]);
  });

  test('fails on a secure boot setting that is not a boolean', () => {
    expect(azureVmProblems({ enableSecureBoot: 'yes' as unknown as boolean }, path)).toEqual([
      { path: `${path}.enableSecureBoot`, message: 'must be true or false, got "yes"' },
    ]);
  });

  test('without confidential, accepts any well-formed size but still checks the grammar', () => {
    expect(azureVmProblems({ instanceSize: 'Standard_D8s_v5', instanceSizes: ['Standard_D8s_v5'] }, path, false)).toEqual([]);
    expect(azureVmProblems({ instanceSize: 'D8s', instanceSizes: ['D8s'] }, path, false).map(p => p.path)).toEqual([
      `${path}.instanceSize`, `${path}.instanceSizes[0]`,
    ]);
  });
});
