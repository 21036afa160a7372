/**
 * The Pushgateway model as the library exports it (`import { gateway } from "promtext"`): a
 * gateway state (Debian's 1.5.1 by default; see versions.ts for upstream HEAD), the answer to a
 * request, the exposition of GET /metrics, and a state read from a saved /metrics or
 * /api/v1/metrics. Pure functions over immutable states; time comes from the caller. The other
 * modules of this folder are the model's parts, not API.
 */
export {
  applyRequest,
  createGateway,
  exposeMetrics,
  TEXT_PUSH_CONTENT_TYPE,
  type ApplyOptions,
  type GatewayOptions,
  type GatewayProblem,
  type GatewayRequest,
  type GatewayResult,
  type GatewayState,
} from "./gateway.js";
export { loadGatewayState, StateFileError, type LoadedState } from "./state-file.js";
export { GATEWAY_VERSIONS, type GatewayVersion } from "./versions.js";
