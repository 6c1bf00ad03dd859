/**
 * The controller's HTTP API, bound to 127.0.0.1 only. Every request needs the bearer token
 * kept (mode 0600) in the `token` file beside the store, compared in constant time; without
 * it every path answers 401 and nothing runs. `POST /v1/rpc` is a generic JSON call of a
 * ModelBackend method, `GET /v1/status` describes the controller, `POST /v1/shutdown` stops it.
 */
export { startApiServer, type ApiServer, type ApiServerOptions, type ControllerStatus } from './server.js';
export { dispatchRpc, fromRpcError, rpcMethods, toRpcError, type RpcError, type RpcMethod, type RpcRequest } from './rpc.js';
export { ensureToken, readToken, tokenMatches } from '../../../controller/token.js';
