import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gpuProcessEnvironments } from "./gpuProcessEnvironments.ts";

const swiftShaderInstalled = existsSync("/usr/lib/chromium/vk_swiftshader_icd.json");

describe.runIf(process.platform === "linux")("gpuProcessEnvironments", () => {
  it("tries the system drivers first, then SwiftShader", () => {
    const candidates = gpuProcessEnvironments("auto", { PATH: "/usr/bin" });
    expect(candidates[0]).toMatchObject({ kind: "system", requireHardware: false });
    if (swiftShaderInstalled) {
      expect(candidates[1]).toMatchObject({ kind: "swiftshader", env: { VK_ICD_FILENAMES: "/usr/lib/chromium/vk_swiftshader_icd.json" } });
      expect(candidates[1]!.env.LD_LIBRARY_PATH?.split(":")[0]).toBe("/usr/lib/chromium");
      expect(candidates[1]!.env.XDG_RUNTIME_DIR).toBeTruthy();
    }
  });

  it("respects an explicit Vulkan driver choice", () => {
    const candidates = gpuProcessEnvironments("auto", { VK_ICD_FILENAMES: "/opt/icd.json", XDG_RUNTIME_DIR: "/tmp" });
    expect(candidates.map((candidate) => candidate.kind)).toEqual(["system"]);
    expect(candidates[0]!.env.VK_ICD_FILENAMES).toBe("/opt/icd.json");
  });

  it("passes driver variables to the GPU process and nothing else", () => {
    const [system] = gpuProcessEnvironments("auto", { PATH: "/bin", VK_LOADER_DEBUG: "all", HEARTH_PRIVATE_KEY: "0xsecret", RPC_URL: "https://user:pw@x" });
    expect(system!.env.PATH).toBe("/bin");
    expect(system!.env.VK_LOADER_DEBUG).toBe("all");
    expect(system!.env.HEARTH_PRIVATE_KEY).toBeUndefined();
    expect(system!.env.RPC_URL).toBeUndefined();
  });

  it("demands hardware when asked, and goes straight to SwiftShader when asked", () => {
    expect(gpuProcessEnvironments("hardware", {})).toEqual([expect.objectContaining({ kind: "system", requireHardware: true })]);
    expect(gpuProcessEnvironments("swiftshader", {}).map((candidate) => candidate.kind)).toEqual(swiftShaderInstalled ? ["swiftshader"] : []);
  });
});
