/**
 * The unit agent. Units of a charm with a workload command are real processes on 127.0.0.1,
 * started detached in their own process group with their environment built from the unit's
 * config, stopped with SIGTERM then SIGKILL, restarted when what they run changes, watched
 * (a crash is workload `error` with the reason; health checks decide `active`), and re-adopted
 * by pid and kernel start time when the controller restarts. Each unit's state folder holds its
 * log and `relations.json`, the addresses, ports and published settings of its related units,
 * rewritten atomically on change with the charm's chosen signal sent after. Charms with only a
 * `restart-delay-ms` simulate restarts without processes.
 */
export { Agent, type AgentOptions } from './agent.js';
export { buildRelationData, type RelationData, type RelationView, type RemoteUnit } from './relation-data.js';
export { checkPortsFree } from './port-precheck.js';
