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

// The request message names kata-containers 4.1 `src/agent/src/rpc.rs` checks with is_allowed, that
// allow-all.rego lacks (so a policy copied from it fails them).
const NOT_IN_ALLOW_ALL = ['AddSwapPathRequest', 'GetDiagnosticDataRequest', 'GetIPTablesRequest', 'MemAgentCompactConfig', 'MemAgentMemcgConfig', 'ResizeVolumeRequest', 'SetIPTablesRequest', 'VolumeStatsRequest'];
// In allow-all.rego, but never asked by any agent since 3.13 (legacy, left out).
const NEVER_ASKED = ['PullImageRequest', 'StartTracingRequest', 'StopTracingRequest'];

describe('AGENT_REQUESTS', () => {
  test('lists the 41 request names the newest agent asks about, once each, sorted', () => {
    const names: readonly string[] = AGENT_REQUESTS;
    expect(names).toHaveLength(41);
    expect(new Set(names).size).toBe(41);
    expect([...names].sort()).toEqual(names);
  });

  test('is upstream allow-all without its legacy names, plus what the agent asks and allow-all forgets', () => {
    const expected = [...UPSTREAM_ALLOW_ALL.filter(n => !NEVER_ASKED.includes(n)), ...NOT_IN_ALLOW_ALL];
    expect([...AGENT_REQUESTS].sort()).toEqual(expected.sort());
  });
});
