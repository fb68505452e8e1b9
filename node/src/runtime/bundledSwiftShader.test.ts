import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledSwiftShaderIcd } from "./bundledSwiftShader.ts";
import { createGpuRuntime } from "./createGpuRuntime.ts";

describe("bundledSwiftShaderIcd", () => {
  it("unpacks SwiftShader and a Vulkan loader from the npm package", () => {
    const icd = bundledSwiftShaderIcd();
    expect(icd).toBeDefined();
    const manifest = JSON.parse(readFileSync(icd!, "utf8")) as { ICD: { library_path: string } };
    expect(existsSync(join(dirname(icd!), manifest.ICD.library_path))).toBe(true);
    expect(existsSync(join(dirname(icd!), "libvulkan.so.1"))).toBe(true);
    expect(bundledSwiftShaderIcd()).toBe(icd); // unpacked once
  });

  it("gives WebGPU a working adapter without Chromium installed", async () => {
    const icd = bundledSwiftShaderIcd()!;
    const runtime = await createGpuRuntime({ adapter: "swiftshader", env: { ...process.env, HEARTH_SWIFTSHADER_ICD: icd } });
    try {
      expect(runtime.adapter.architecture).toBe("swiftshader");
      expect(runtime.adapter.isSoftware).toBe(true);
    } finally {
      await runtime.close();
    }
  }, 60_000);
});
