/**
 * The ttRPC requests the Kata agent checks against its policy. For each request the agent
 * evaluates `data.agent_policy.<Name>`; a name without a rule evaluates to nothing, which the
 * agent treats as a denial, so a rendered policy carries a default for every name listed here.
 */

/**
 * Every request rule name the agent asks its policy about, sorted by code point so the rendered
 * policy text is stable. Source: kata-containers `src/kata-opa/allow-all.rego` plus the newer
 * `GetDiagnosticDataRequest`, `MemAgentCompactConfig` and `MemAgentMemcgConfig`
 * (see `reference/trustee-osc.md` §4.2). Extra defaults are harmless on older agents.
 */
export const AGENT_REQUESTS = [
  'AddARPNeighborsRequest',
  'AddSwapRequest',
  'CloseStdinRequest',
  'CopyFileRequest',
  'CreateContainerRequest',
  'CreateSandboxRequest',
  'DestroySandboxRequest',
  'ExecProcessRequest',
  'GetDiagnosticDataRequest',
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
  'PullImageRequest',
  'ReadStreamRequest',
  'RemoveContainerRequest',
  'RemoveStaleVirtiofsShareMountsRequest',
  'ReseedRandomDevRequest',
  'ResumeContainerRequest',
  'SetGuestDateTimeRequest',
  'SetPolicyRequest',
  'SignalProcessRequest',
  'StartContainerRequest',
  'StartTracingRequest',
  'StatsContainerRequest',
  'StopTracingRequest',
  'TtyWinResizeRequest',
  'UpdateContainerRequest',
  'UpdateEphemeralMountsRequest',
  'UpdateInterfaceRequest',
  'UpdateRoutesRequest',
  'WaitProcessRequest',
  'WriteStreamRequest',
] as const;

/** The name of one agent request rule, e.g. `ExecProcessRequest`. */
export type AgentRequest = (typeof AGENT_REQUESTS)[number];
