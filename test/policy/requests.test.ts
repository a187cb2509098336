import { AGENT_REQUESTS } from '../../lib/policy';

// Request names in kata-containers src/kata-opa/allow-all.rego (trustee-osc.md §4.2).
const UPSTREAM_ALLOW_ALL = [
  'AddARPNeighborsRequest', 'AddSwapRequest', 'CloseStdinRequest', 'CopyFileRequest', 'CreateContainerRequest',
  'CreateSandboxRequest', 'DestroySandboxRequest', 'ExecProcessRequest', 'GetMetricsRequest', 'GetOOMEventRequest',
  'GuestDetailsRequest', 'ListInterfacesRequest', 'ListRoutesRequest', 'MemHotplugByProbeRequest',
  'OnlineCPUMemRequest', 'PauseContainerRequest', 'PullImageRequest', 'ReadStreamRequest', 'RemoveContainerRequest',
  'RemoveStaleVirtiofsShareMountsRequest', 'ReseedRandomDevRequest', 'ResumeContainerRequest',
  'SetGuestDateTimeRequest', 'SetPolicyRequest', 'SignalProcessRequest', 'StartContainerRequest',
  'StartTracingRequest', 'StatsContainerRequest', 'StopTracingRequest', 'TtyWinResizeRequest',
  'UpdateContainerRequest', 'UpdateEphemeralMountsRequest', 'UpdateInterfaceRequest', 'UpdateRoutesRequest',
  'WaitProcessRequest', 'WriteStreamRequest',
];

describe('AGENT_REQUESTS', () => {
  test('lists the 39 request rule names once each, sorted', () => {
    // GIVEN the exported list
    const names: readonly string[] = AGENT_REQUESTS;
    // THEN it has 39 unique names in code-point order
    expect(names).toHaveLength(39);
    expect(new Set(names).size).toBe(39);
    expect([...names].sort()).toEqual(names);
  });

  test('covers every upstream allow-all name and the newer diagnostic and memory-agent requests', () => {
    // GIVEN the upstream names plus the three newer ones
    const expected = [...UPSTREAM_ALLOW_ALL, 'GetDiagnosticDataRequest', 'MemAgentCompactConfig', 'MemAgentMemcgConfig'];
    // THEN the list is exactly that set
    expect([...AGENT_REQUESTS].sort()).toEqual(expected.sort());
  });
});
