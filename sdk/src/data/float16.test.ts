import { describe, expect, it } from "vitest";
import { decodeFloat16, fromFloat16Bits, toFloat16Bits } from "./float16.ts";

describe("toFloat16Bits", () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [65519.99, 0x7bff],
    [65520, 0x7c00],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [2 ** -25, 0x0000], // halfway to the smallest subnormal: ties to even (0)
    [3 * 2 ** -25, 0x0002], // 1.5 subnormal steps: ties to even (2)
    [1 + 2 ** -11, 0x3c00], // halfway between 1 and the next binary16: ties to even
    [1 + 3 * 2 ** -11, 0x3c02],
    [-0, 0x8000],
  ])("rounds %d to 0x%s", (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it("maps NaN to the quiet NaN and infinities to infinities", () => {
    expect(toFloat16Bits(Number.NaN)).toBe(0x7e00);
    expect(toFloat16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(toFloat16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
  });

  it("round-trips every finite binary16 value", () => {
    const wrong: number[] = [];
    for (let bits = 0; bits < 65536; bits++) {
      const value = fromFloat16Bits(bits);
      if (!Number.isNaN(value) && toFloat16Bits(value) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });

  it("rounds exact ties between every pair of neighbours to the even one", () => {
    const wrong: number[] = [];
    for (let bits = 0x0000; bits < 0x7bff; bits++) {
      const tie = (fromFloat16Bits(bits) + fromFloat16Bits(bits + 1)) / 2;
      const even = bits % 2 === 0 ? bits : bits + 1;
      if (toFloat16Bits(tie) !== even || toFloat16Bits(-tie) !== (0x8000 | even)) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
    // Just above or below a tie, whatever the low word of the binary64 holds.
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -52)).toBe(0x3c01);
    expect(toFloat16Bits(1 + 2 ** -11 - 2 ** -52)).toBe(0x3c00);
  });

  it("agrees with rounding by arithmetic on a million random values", () => {
    // The definition in arithmetic: scale to the binade, round half to even.
    const reference = (value: number): number => {
      const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
      const magnitude = Math.abs(value);
      if (magnitude >= 65520) return sign | 0x7c00;
      if (magnitude < 2 ** -14) return sign | roundHalfEven(magnitude * 2 ** 24);
      let exponent = Math.floor(Math.log2(magnitude));
      if (2 ** exponent > magnitude) exponent -= 1;
      else if (2 ** (exponent + 1) <= magnitude) exponent += 1;
      const scaled = roundHalfEven((magnitude / 2 ** exponent - 1) * 1024);
      return sign | (((exponent + 15) << 10) + scaled);
    };
    const roundHalfEven = (value: number) => {
      const floor = Math.floor(value);
      const fraction = value - floor;
      return fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
    };
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const wrong: number[] = [];
    for (let index = 0; index < 1_000_000 && wrong.length < 5; index++) {
      const value = (random() - 0.5) * 2 ** (Math.floor(random() * 44) - 26);
      if (toFloat16Bits(value) !== reference(value)) wrong.push(value);
    }
    expect(wrong).toEqual([]);
  });

  it("rounds every value between neighbours to the nearer one", () => {
    for (let bits = 0x0001; bits < 0x7bff; bits += 97) {
      const low = fromFloat16Bits(bits);
      const high = fromFloat16Bits(bits + 1);
      expect(toFloat16Bits(low + (high - low) * 0.49)).toBe(bits);
      expect(toFloat16Bits(low + (high - low) * 0.51)).toBe(bits + 1);
    }
  });
});

describe("decodeFloat16", () => {
  it("decodes little-endian pairs", () => {
    expect([...decodeFloat16(new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b]))]).toEqual([1, -2, 65504]);
  });
});
