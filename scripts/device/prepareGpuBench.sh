#!/usr/bin/env bash
# Prepares `.device/` for `npm run bench:gpu` on a device machine (an NVIDIA GPU lent through the `device` tool),
# which has no Node and no registry. Run here, after `npm install`; then, on the device tool:
#   run(command: "bash scripts/device/runGpuBench.sh", carry: [".device"], timeout_s: 540)
# What travels (about 35 MiB): a Node 22 binary (xz); the npm packages the benchmark loads (webgpu with only its
# linux-x64 binary, zod, multiformats), found by esbuild and packed as .tar.xz at the paths they have here; and the
# Vulkan loader (.deb, unpacked there). The sources travel with the working tree; Node 22 runs them as TypeScript.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.device
rm -rf "$out"
mkdir -p "$out/tree" "$out/debs"
trap 'rm -rf "$out/tree"' EXIT

node_bin=node_modules/node/bin/node
[ -x "$node_bin" ] || { echo "prepareGpuBench: $node_bin is missing; run npm install first" >&2; exit 1; }
"$node_bin" -e 'if (!process.version.startsWith("v22.")) { console.error(`prepareGpuBench: ${process.execPath} is ${process.version}, not Node 22`); process.exit(1); }'
xz -T1 -6 -c "$node_bin" > "$out/node.xz"

# The packages the benchmark and the GPU process load, where they are installed (the workspaces have their own zod):
# esbuild's metafile of the entry points names every file they import.
packages=$("$node_bin" --input-type=module -e '
  import { build } from "esbuild";
  const { metafile } = await build({ entryPoints: ["scripts/benchGpu.ts", "scripts/device/checkEndlessShader.ts", "node/src/runtime/gpuProcess.ts"], bundle: true,
    platform: "node", format: "esm", write: false, metafile: true, outdir: "/tmp/unused", external: ["webgpu"], logLevel: "error" });
  const roots = new Set();
  for (const file of Object.keys(metafile.inputs)) {
    const match = file.match(/^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) roots.add(match[1]);
  }
  console.log([...roots].sort().join("\n"));
')
for package in $packages; do
  mkdir -p "$out/tree/$(dirname "$package")"
  cp -a "$package" "$out/tree/$package"
done
mkdir -p "$out/tree/node_modules/webgpu/dist"
(cd node_modules/webgpu && find . -maxdepth 1 -type f -exec cp {} "../../$out/tree/node_modules/webgpu/" \;)
cp -a node_modules/webgpu/dist/linux-x64 "$out/tree/node_modules/webgpu/dist/"
echo "packages: $packages webgpu (linux-x64)"

tar -C "$out/tree" -cf - . | xz -T1 -6 > "$out/packages.tar.xz"
rm -rf "$out/tree"
(cd "$out/debs" && apt-get download libvulkan1 >/dev/null 2>&1) || {
  echo "prepareGpuBench: apt-get download libvulkan1 failed; the device machine needs the Vulkan loader" >&2
  exit 1
}
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
du -sh "$out"
