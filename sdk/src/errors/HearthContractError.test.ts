import { describe, expect, it } from "vitest";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  InvalidParamsRpcError,
  RpcRequestError,
  stringToHex,
  type AbiParameter,
} from "viem";
import { hearthErrorsAbi } from "../chain/hearthErrorsAbi.ts";
import { providerStakingAbi } from "../generated/abis.ts";
import { decodeHearthError, HearthContractError, HearthRpcUnreachableError, HearthTransactionError } from "./HearthContractError.ts";

const provider = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** A plausible value for each parameter type the contracts' errors use. */
function sampleArg(input: AbiParameter): unknown {
  if (input.type === "address") return provider;
  if (input.type === "bytes32") return stringToHex("challengeWindow", { size: 32 });
  if (input.type === "uint8") return 1;
  if (input.type === "string") return "hearth";
  if (input.type.startsWith("uint")) return input.type === "uint32" || input.type === "uint64" ? 1_795_958_342 : 1_795_958_342n;
  throw new Error(`no sample for ${input.type}`);
}

describe("HearthContractError", () => {
  it("explains every custom error of the five contracts in its own words, with every value in place", () => {
    const errors = hearthErrorsAbi.filter((item) => item.type === "error");
    expect(errors.length).toBeGreaterThan(60);
    for (const item of errors) {
      const error = new HearthContractError(item.name, item.inputs.map(sampleArg), undefined);
      expect(error.shortMessage, item.name).not.toMatch(/^The contract refused: /);
      expect(error.shortMessage, item.name).not.toMatch(/undefined|NaN|Invalid Date/);
      expect(error.details).toBe(`${item.name}(${item.inputs.map((input) => String(sampleArg(input))).join(", ")})`);
    }
  });

  it("says staking amounts in HRTH and times in UTC, with how long is left", () => {
    expect(new HearthContractError("StakingInsufficientFreeStake", [5n * 10n ** 18n, 105n * 10n ** 17n], undefined).shortMessage).toBe(
      "Not enough free stake: 5 HRTH free, 10.5 HRTH needed.",
    );
    expect(new HearthContractError("StakingUnbondingNotOver", [1_800_000_000n, 1_800_000_000n - 1_140n], undefined).shortMessage).toBe(
      "Unbonding ends at 2027-01-15 08:00:00 UTC, in 19 min.",
    );
    expect(new HearthContractError("StakingParameterOutOfBounds", [stringToHex("minStake", { size: 32 }), 0n, 1n, 10n], undefined).shortMessage).toBe(
      "Parameter minStake = 0 is outside its bounds [1, 10].",
    );
  });

  it("names an error it does not know by its name and arguments", () => {
    expect(new HearthContractError("SomethingNew", [1n, provider], undefined).shortMessage).toBe(`The contract refused: SomethingNew(1, ${provider}).`);
  });
});

describe("decodeHearthError", () => {
  it("decodes a revert's custom error from its raw data", () => {
    const data = encodeErrorResult({ abi: providerStakingAbi, errorName: "StakingNotRegistered", args: [provider] });
    const reverted = new ContractFunctionRevertedError({ abi: [], data, functionName: "stake" });
    const decoded = decodeHearthError(new ContractFunctionExecutionError(reverted, { abi: [], functionName: "stake" }));
    expect(decoded).toBeInstanceOf(HearthContractError);
    expect((decoded as HearthContractError).errorName).toBe("StakingNotRegistered");
  });

  it("turns Hardhat EDR's no-gas refusal into the account, its balance and the cost", () => {
    const edr = new InvalidParamsRpcError(
      new RpcRequestError({
        body: { method: "eth_sendRawTransaction" },
        url: "http://127.0.0.1:8545",
        error: {
          code: -32602,
          message: "Sender doesn't have enough funds to send tx. The max upfront cost is: 115096239169488 and the sender's balance is: 0.",
        },
      }),
    );
    const decoded = decodeHearthError(edr, { account: provider });
    expect(decoded).toBeInstanceOf(HearthTransactionError);
    expect((decoded as HearthTransactionError).reason).toBe("insufficientFunds");
    expect((decoded as HearthTransactionError).shortMessage).toBe(
      `${provider} has too little ETH to pay for gas: it holds 0 ETH and this transaction can cost up to 0.000115096239169488 ETH.`,
    );
    expect((decoded as HearthTransactionError).metaMessages).toEqual([`Send ETH on this network to ${provider}.`]);
  });

  it("says which endpoint could not be reached", () => {
    const decoded = decodeHearthError(new HttpRequestError({ url: "http://127.0.0.1:9999", details: "fetch failed", body: { method: "eth_call" } }));
    expect(decoded).toBeInstanceOf(HearthRpcUnreachableError);
    expect((decoded as HearthRpcUnreachableError).shortMessage).toBe("Cannot reach the chain at http://127.0.0.1:9999.");
    expect((decoded as HearthRpcUnreachableError).details).toBe("fetch failed");
  });

  it("leaves errors it cannot explain as they are", () => {
    const other = new Error("something else");
    expect(decodeHearthError(other)).toBe(other);
  });
});
