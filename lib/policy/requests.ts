/**
 * The ttRPC requests the Kata agent checks against its policy. For each request the agent
 * evaluates `data.agent_policy.<Name>`; a name without a rule evaluates to nothing, which the
 * agent treats as a denial, so a rendered policy carries a default for every name listed here.
 */

/**
 * Every request rule name the agent asks its policy about, sorted by code point so the rendered policy
 * text is stable: the protobuf message names of the requests `src/agent/src/rpc.rs` checks with
 * `is_allowed` in kata-containers 4.1 (41 names; 3.17 and 3.21 ask 37 of them, 3.13 36). A name
 * without a rule is an error in the agent (the request fails), so a rendered policy carries a default
 * for every one; extra names are harmless on older agents. Not in upstream `allow-all.rego`, which
 * therefore breaks them: `AddSwapPathRequest`, `GetIPTablesRequest`, `ResizeVolumeRequest`,
 * `SetIPTablesRequest`, `VolumeStatsRequest` (the kubelet's volume statistics). There is no
 * `ReadContainerTerminationMessage`: the termination log is read with `GetDiagnosticDataRequest`.
 */
export const AGENT_REQUESTS = [
  'AddARPNeighborsRequest',
  'AddSwapPathRequest',
  'AddSwapRequest',
  'CloseStdinRequest',
  'CopyFileRequest',
  'CreateContainerRequest',
  'CreateSandboxRequest',
  'DestroySandboxRequest',
  'ExecProcessRequest',
  'GetDiagnosticDataRequest',
  'GetIPTablesRequest',
  'GetMetricsRequest',
  'GetOOMEventRequest',
  'GuestDetailsRequest',
  'ListInterfacesRequest',
  'ListRoutesRequest',
  'MemAgentCompactConfig',
  'MemAgentMemcgConfig',
  'MemHotplugByProbeRequest',
  'OnlineCPUMemRequest',
  'PauseContainerRequest',
  'ReadStreamRequest',
  'RemoveContainerRequest',
  'RemoveStaleVirtiofsShareMountsRequest',
  'ReseedRandomDevRequest',
  'ResizeVolumeRequest',
  'ResumeContainerRequest',
  'SetGuestDateTimeRequest',
  'SetIPTablesRequest',
  'SetPolicyRequest',
  'SignalProcessRequest',
  'StartContainerRequest',
  'StatsContainerRequest',
  'TtyWinResizeRequest',
  'UpdateContainerRequest',
  'UpdateEphemeralMountsRequest',
  'UpdateInterfaceRequest',
  'UpdateRoutesRequest',
  'VolumeStatsRequest',
  'WaitProcessRequest',
  'WriteStreamRequest',
] as const;

/** The name of one agent request rule, e.g. `ExecProcessRequest`. */
export type AgentRequest = (typeof AGENT_REQUESTS)[number];
