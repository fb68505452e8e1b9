import { describe, expect, test } from "vitest";
import { disputeCourtAbi, hearthTokenAbi, jobMarketAbi, providerStakingAbi, rewardsDistributorAbi } from "@hearth/sdk/generated/abis";
import { eventLabel } from "./eventLabel.ts";

describe("eventLabel", () => {
  test("puts every event of the five contracts in words", () => {
    const events = [hearthTokenAbi, providerStakingAbi, jobMarketAbi, disputeCourtAbi, rewardsDistributorAbi].flatMap((abi) =>
      abi.filter((item) => item.type === "event").map((item) => item.name),
    );
    expect(events.length).toBeGreaterThan(30);
    expect(events.filter((name) => eventLabel(name) === name)).toEqual([]);
  });

  test("keeps an unknown event's name", () => {
    expect(eventLabel("SomethingNew")).toBe("SomethingNew");
    expect(eventLabel("JobClaimed")).toBe("Claimed the job");
  });
});
