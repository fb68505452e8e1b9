import type { GpuAdapterDescription } from "@hearth/node/runtime/gpuProcessProtocol";

/** Energy sources a provider can declare. */
export const energySources = ["solar", "wind", "hydro", "nuclear", "geothermal", "grid", "gas", "coal", "mixed"] as const;
export type EnergySource = (typeof energySources)[number];

/** The metadata JSON a provider registers by CID (DESIGN: GPU, backend, region, price, energy, endpoint). */
export type ProviderMetadata = {
  version: 1;
  name: string;
  gpu: {
    vendor: string;
    architecture: string;
    device: string;
    description: string;
    isSoftware: boolean;
    maxBufferSize: number | null;
    maxStorageBufferBindingSize: number | null;
    features: string[];
  };
  backend: string;
  region: string;
  /** Minimum price per job, in token units (decimal strings), by token symbol. */
  price: Record<string, string>;
  energySource: EnergySource;
  carbonIntensity: number;
  declaredPowerWatts: number;
  endpoint: string | null;
};

export function providerMetadata(
  adapter: GpuAdapterDescription,
  fields: Omit<ProviderMetadata, "version" | "gpu" | "backend">,
): ProviderMetadata {
  return {
    version: 1,
    ...fields,
    gpu: {
      vendor: adapter.vendor,
      architecture: adapter.architecture,
      device: adapter.device,
      description: adapter.description,
      isSoftware: adapter.isSoftware,
      maxBufferSize: adapter.limits.maxBufferSize ?? null,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? null,
      features: adapter.features,
    },
    backend: adapter.isSoftware ? "webgpu (dawn, vulkan: swiftshader)" : "webgpu (dawn, vulkan)",
  };
}
