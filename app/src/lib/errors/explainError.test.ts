import { describe, expect, it } from "vitest";
import { BaseError as ViemBaseError, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { providerStakingAbi } from "@hearth/sdk/generated/abis";
import { HearthInsufficientBalanceError } from "@hearth/sdk/actions/createJob";
import { explainError } from "./explainError";

describe("explainError", () => {
  it("says a rejected signature in plain words", () => {
    const error = new UserRejectedRequestError(new Error("User rejected the request."));
    expect(explainError(error)).toMatchObject({ message: "The signature request was rejected in the wallet.", code: "UserRejected" });
    expect(explainError({ code: 4001, message: "rejected" }).code).toBe("UserRejected");
  });

  it("decodes a contract's custom error and gives the app's next step, not the CLI's", () => {
    const data = encodeErrorResult({ abi: providerStakingAbi, errorName: "StakingInsufficientFreeStake", args: [5n * 10n ** 18n, 105n * 10n ** 17n] });
    const reverted = new ContractFunctionRevertedError({ abi: providerStakingAbi, data, functionName: "requestUnstake" });
    const error = new ContractFunctionExecutionError(reverted as unknown as ViemBaseError, {
      abi: providerStakingAbi,
      functionName: "requestUnstake",
      args: [10n],
    });
    const explained = explainError(error);
    expect(explained.message).toBe("Not enough free stake: 5 HRTH free, 10.5 HRTH needed.");
    expect(explained.hints).toEqual(["Stake more, or wait for jobs holding collateral to finish."]);
    expect(explained.code).toBe("StakingInsufficientFreeStake");
  });

  it("keeps SDK messages and drops hints that name CLI flags", () => {
    const error = new HearthInsufficientBalanceError("The payment is 2 but the account holds only 1.", {
      metaMessages: ["Lower --pay, pay with the other token, or fund the account.", "Fund the account from a faucet."],
    });
    expect(explainError(error)).toMatchObject({ message: "The payment is 2 but the account holds only 1.", hints: ["Fund the account from a faucet."] });
  });

  it("falls back to the first line of any other error", () => {
    expect(explainError(new Error("boom\nstack"))).toEqual({ message: "boom", hints: [] });
  });
});
