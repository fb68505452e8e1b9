import { faultModes, type FaultMode } from "@hearth/node/config/providerConfigSchema";
import { CliUsageError } from "../cliErrors.ts";

/** Provider name → the misbehaviours its node is told to show. */
export type DevnetFaults = Record<string, FaultMode[]>;

/**
 * Reads `--fault <provider-name>=<mode>[,<mode>]` flags (repeatable; modes for one provider add up). Fault
 * injection makes a node cheat on purpose, for tests and demos: it is refused unless HEARTH_ALLOW_FAULTS=1
 * is set, the same switch the provider node itself requires.
 */
export function parseFaultFlags(flags: readonly string[], options: { providers: readonly string[]; env: NodeJS.ProcessEnv }): DevnetFaults {
  const faults: DevnetFaults = {};
  if (flags.length === 0) return faults;
  if (options.env.HEARTH_ALLOW_FAULTS !== "1") {
    throw new CliUsageError("--fault makes a provider node cheat on purpose, and is refused unless HEARTH_ALLOW_FAULTS=1 is set.", {
      metaMessages: [
        "It is for tests and demos of challenges and slashing only; the faulty provider will lose stake.",
        "Run: HEARTH_ALLOW_FAULTS=1 hearth devnet --fault <provider>=<mode>",
      ],
    });
  }
  for (const flag of flags) {
    const [name, list, ...rest] = flag.split("=");
    if (!name || !list || rest.length > 0) {
      throw new CliUsageError(`--fault takes <provider-name>=<mode>[,<mode>], not "${flag}".`, { metaMessages: [`Modes: ${faultModes.join(", ")}.`] });
    }
    if (!options.providers.includes(name)) {
      throw new CliUsageError(`--fault names "${name}", which is not one of this devnet's providers.`, {
        metaMessages: [`Providers: ${options.providers.join(", ")}.`],
      });
    }
    const modes = faults[name] ?? [];
    for (const mode of list.split(",")) {
      if (!(faultModes as readonly string[]).includes(mode)) {
        throw new CliUsageError(`--fault ${flag}: "${mode}" is not a fault mode.`, { metaMessages: [`Modes: ${faultModes.join(", ")}.`] });
      }
      if (!modes.includes(mode as FaultMode)) modes.push(mode as FaultMode);
    }
    faults[name] = modes;
  }
  return faults;
}
