import { expect, test } from "vitest";
import { ApiError } from "./apiErrors.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { expectOnly, parseAddress, parseEnum, parseJobId, parseLimit, parseTime } from "./params.ts";

function fails(run: () => unknown, parameter: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).parameter).toBe(parameter);
    expect((error as ApiError).shortMessage.startsWith(`${parameter}:`)).toBe(true);
    return;
  }
  throw new Error("expected a 400");
}

test("limit", () => {
  expect(parseLimit(undefined)).toBe(20);
  expect(parseLimit("100")).toBe(100);
  fails(() => parseLimit("0"), "limit");
  fails(() => parseLimit("101"), "limit");
  fails(() => parseLimit("1.5"), "limit");
  fails(() => parseLimit("-1"), "limit");
});

test("addresses, job ids, enums, times", () => {
  expect(parseAddress("provider", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  fails(() => parseAddress("provider", "0x1234"), "provider");
  expect(parseJobId("id", "42")).toBe(42n);
  fails(() => parseJobId("id", "0"), "id");
  fails(() => parseJobId("id", "4e2"), "id");
  expect(parseEnum("sort", undefined, ["a", "b"], "a")).toBe("a");
  fails(() => parseEnum("sort", "c", ["a", "b"], "a"), "sort");
  expect(parseTime("from", "1800000000")).toBe(1_800_000_000n);
  expect(parseTime("from", "2027-01-15T08:00:00Z")).toBe(BigInt(Date.parse("2027-01-15T08:00:00Z") / 1000));
  fails(() => parseTime("from", "yesterday"), "from");
  fails(() => expectOnly({ colour: "red" }, ["limit"]), "colour");
});

test("cursors round-trip and refuse anything else", () => {
  const cursor = encodeCursor([12.5, "0xabc"]);
  expect(decodeCursor(cursor, 2)).toEqual([12.5, "0xabc"]);
  fails(() => decodeCursor(cursor, 1), "cursor");
  fails(() => decodeCursor("nonsense", 2), "cursor");
  fails(() => decodeCursor(encodeCursor([{ a: 1 } as never, "x"]), 2), "cursor");
});
