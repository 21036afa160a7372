/**
 * The Pushgateway model (Debian's 1.5.1 by default; see versions.ts for upstream HEAD):
 * grouping keys, the store, the consistency check, the exposition, and the HTTP front door
 * (`applyRequest`). Pure functions over immutable states; time comes from the caller.
 */
export {
  applyRequest,
  createGateway,
  exposeMetrics,
  groupRequest,
  scrapeMetrics,
  TEXT_PUSH_CONTENT_TYPE,
  type AnswerVariant,
  type ApplyOptions,
  type GatewayOptions,
  type GatewayProblem,
  type GatewayRequest,
  type GatewayResult,
  type GatewayState,
} from "./gateway.js";
export {
  BASE64_SUFFIX,
  decodeBase64,
  groupingKeyId,
  groupingKeyPath,
  GroupingKeyError,
  parseGroupingKey,
  sortedLabels,
  splitLabels,
  type GroupingLabels,
} from "./grouping-key.js";
export { route, cleanPath, unescapePath, type Handler, type Routed } from "./router.js";
export { gunzip, isDelimitedProtobuf, parseMediaType, readPushBody, type PushBody } from "./body.js";
export { readTextBody, toDtoFamilies, type TextBody, type TextBodyError } from "./text-body.js";
export { readProtobufBody, writeProtobufBody } from "./protobuf-body.js";
export { gather, mergeGroups, multiError, type Gathered, type MapOrder } from "./consistency.js";
export {
  applyWrite,
  deleteGroup,
  lastPushSuccessful,
  PUSH_FAILURE_TIME,
  PUSH_TIME,
  recordFailure,
  sanitizeLabels,
  timestampsPresent,
  type Group,
  type Groups,
  type StoredFamily,
  type WriteRequest,
} from "./store.js";
export { apiMetrics, encodeText, errorPage, TEXT_CONTENT_TYPE } from "./exposition.js";
export { INTERNAL_FAMILIES_1_5_1, presentInternalFamilies, type InternalActivity, type InternalFamily } from "./internal-families.js";
export { behaviour, GATEWAY_VERSIONS, VERSION_DIFFERENCES, type GatewayVersion, type VersionBehaviour } from "./versions.js";
export { loadGatewayState, StateFileError, type LoadedState } from "./state-file.js";
export { CLASS_NAMES, classify, normalizeApi, normalizeBody, normalizeMetrics, sortErrorList } from "./replay-format.js";
export { simulate, stepRequest, validateScript, ScriptError, type ScriptStep, type SimulateOptions, type SimulatedStep, type Simulation } from "./simulate.js";
export { metricText, type DtoFamily, type DtoMetric, type DtoType } from "./dto.js";
export { bytesToGoString, goStringToBytes, goQuote } from "./go-text.js";
