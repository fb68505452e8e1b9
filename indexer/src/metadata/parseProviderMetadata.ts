/**
 * The provider metadata the API exposes: the known fields of the JSON a provider registers by CID (see
 * cli/src/provider/providerMetadata.ts), type-checked and bounded. Unknown fields are dropped; a document
 * that is not an object is refused.
 */
export type ProviderMetadataView = {
  version: number | null;
  name: string | null;
  region: string | null;
  energySource: string | null;
  carbonIntensity: number | null;
  declaredPowerWatts: number | null;
  backend: string | null;
  endpoint: string | null;
  price: Record<string, string>;
  gpu: {
    vendor: string | null;
    architecture: string | null;
    device: string | null;
    description: string | null;
    isSoftware: boolean | null;
  } | null;
};

const MAX_STRING = 256;
const MAX_PRICES = 16;

export function parseProviderMetadata(value: unknown): ProviderMetadataView | undefined {
  if (!isObject(value)) return undefined;
  const gpu = isObject(value.gpu) ? value.gpu : undefined;
  const price: Record<string, string> = {};
  if (isObject(value.price)) {
    for (const [symbol, amount] of Object.entries(value.price).slice(0, MAX_PRICES)) {
      const text = str(amount);
      if (text !== null && symbol.length <= 16) price[symbol] = text;
    }
  }
  return {
    version: num(value.version),
    name: str(value.name),
    region: str(value.region),
    energySource: str(value.energySource),
    carbonIntensity: num(value.carbonIntensity),
    declaredPowerWatts: num(value.declaredPowerWatts),
    backend: str(value.backend),
    endpoint: str(value.endpoint),
    price,
    gpu: gpu
      ? {
          vendor: str(gpu.vendor),
          architecture: str(gpu.architecture),
          device: str(gpu.device),
          description: str(gpu.description),
          isSoftware: typeof gpu.isSoftware === "boolean" ? gpu.isSoftware : null,
        }
      : null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value.slice(0, MAX_STRING) : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
