#!/usr/bin/env bash
# Runs `scripts/benchGpu.ts` on a device machine with the files `prepareGpuBench.sh` put in `.device/`: unpacks the
# Vulkan loader and Node 22, links the workspace packages, points Vulkan at NVIDIA's driver, prints the adapter,
# the f16 kernel the runtime chose (and why others were rejected), the WebGPU matmul figures and cuBLAS's on the same
# card (PyTorch is on that machine), then checks that a shader which never ends is stopped at its wall-time limit
# (scripts/device/checkEndlessShader.ts); the log goes to $OUT.
# HEARTH_DEVICE_SIMULATE=1 skips what only makes sense there (unpacking into /, NVIDIA's driver), to try it here.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ -d .device ] || { echo "runGpuBench: .device/ is missing: run scripts/device/prepareGpuBench.sh here and carry .device" >&2; exit 1; }
work=$(mktemp -d)
if [ "${HEARTH_DEVICE_SIMULATE:-}" != 1 ]; then
  for deb in .device/debs/*.deb; do dpkg -x "$deb" /; done
  ldconfig
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader || true
fi
xz -d -c .device/node.xz > "$work/node" && chmod +x "$work/node"
export PATH="$work:$PATH"
if [ -e node_modules ]; then
  echo "runGpuBench: using the node_modules already here"
else
  tar -C . -xJf .device/packages.tar.xz
  mkdir -p node_modules/@hearth
  ln -s ../../sdk node_modules/@hearth/sdk
  ln -s ../../node node_modules/@hearth/node
fi
node --version
log=${OUT:-$work}/bench-gpu.log
node scripts/benchGpu.ts --all-tilings "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
timeout 120 node scripts/device/checkEndlessShader.ts 2>&1 | tee -a "$log"
endless=${PIPESTATUS[0]}
echo "log: $log"
[ "$status" = 0 ] && exit "$endless"
exit "$status"
