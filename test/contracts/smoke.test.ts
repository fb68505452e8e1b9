import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployHearth, HRTH } from "../support/deployHearth.ts";

describe("deployment", () => {
  it("wires the protocol together", async () => {
    const { token, staking, rewards, market, court } = await deployHearth();
    assert.equal((await token.read.minter()).toLowerCase(), rewards.address.toLowerCase());
    const [, , courtAddress] = await market.read.protocolContracts();
    assert.equal(courtAddress.toLowerCase(), court.address.toLowerCase());
    assert.equal(await staking.read.minStake(), 100n * HRTH);
    assert.equal(await market.read.challengeWindow(), 20n);
  });
});
