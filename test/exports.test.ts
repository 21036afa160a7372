import { describe, expect, it } from "vitest";
import { gateway } from "../src/index.js";

describe("the library's exports", () => {
  it("gateway holds the documented API only (README, Library)", () => {
    expect(Object.keys(gateway).sort()).toEqual(["GATEWAY_VERSIONS", "StateFileError", "TEXT_PUSH_CONTENT_TYPE", "applyRequest", "createGateway", "exposeMetrics", "loadGatewayState"]);
  });
});
