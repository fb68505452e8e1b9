import { describe, expect, test } from "vitest";
import { jobActions } from "./jobActions.ts";

const requester = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const someone = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const job = (status: Parameters<typeof jobActions>[0]["job"]["status"]) => ({ status, requester, deadline: 1_000n });

describe("jobActions", () => {
  test("the requester cancels an open job, before or after its deadline; others may only expire it after", () => {
    expect(jobActions({ job: job("open"), now: 900n, windowEnd: 0n, account: requester.toLowerCase() })).toEqual(["cancel"]);
    expect(jobActions({ job: job("open"), now: 1_000n, windowEnd: 0n, account: requester })).toEqual(["cancel"]);
    expect(jobActions({ job: job("open"), now: 999n, windowEnd: 0n, account: someone })).toEqual([]);
    expect(jobActions({ job: job("open"), now: 1_000n, windowEnd: 0n, account: someone })).toEqual(["expire"]);
    expect(jobActions({ job: job("open"), now: 1_000n, windowEnd: 0n, account: undefined })).toEqual(["expire"]);
  });

  test("anyone expires an assigned job once its deadline has come, the requester too", () => {
    expect(jobActions({ job: job("assigned"), now: 999n, windowEnd: 0n, account: requester })).toEqual([]);
    expect(jobActions({ job: job("assigned"), now: 1_000n, windowEnd: 0n, account: requester })).toEqual(["expire"]);
  });

  test("a submitted result is challenged within its window and finalized after it", () => {
    expect(jobActions({ job: job("submitted"), now: 1_019n, windowEnd: 1_020n, account: someone })).toEqual(["challenge"]);
    expect(jobActions({ job: job("submitted"), now: 1_020n, windowEnd: 1_020n, account: someone })).toEqual(["finalize"]);
  });

  test("nothing to do in dispute or in a final state", () => {
    for (const status of ["disputed", "finalized", "cancelled", "expired", "rejected"] as const) {
      expect(jobActions({ job: job(status), now: 5_000n, windowEnd: 1_020n, account: requester })).toEqual([]);
    }
  });
});
