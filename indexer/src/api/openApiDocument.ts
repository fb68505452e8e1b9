import { providerSorts, jobStatuses } from "./providerSorts.ts";
import { metricNames } from "./timeseriesMetrics.ts";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./params.ts";

const amount = { type: "string", pattern: "^[0-9]+$", description: "An integer amount in the token's smallest unit, as a decimal string." };
const decimal = { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" };
const address = { type: "string", pattern: "^0x[0-9a-f]{40}$" };
const unixSeconds = { type: "integer", description: "Unix time, seconds." };
const nullable = (schema: object) => ({ oneOf: [schema, { type: "null" }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const limit = {
  name: "limit",
  in: "query",
  schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  description: "Items per page.",
};
const cursor = {
  name: "cursor",
  in: "query",
  schema: { type: "string" },
  description: "`nextCursor` of the previous page (opaque).",
};
const errors = {
  "400": { description: "A parameter is invalid; `error.parameter` names it.", content: { "application/json": { schema: ref("Error") } } },
};
const notFound = { "404": { description: "Unknown id.", content: { "application/json": { schema: ref("Error") } } } };
const ok = (schema: object, description = "OK") => ({ "200": { description, content: { "application/json": { schema } } } });

/** The OpenAPI 3.1 description of the indexer's API, served at /openapi.json. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Hearth indexer API",
    version: "1.0.0",
    description:
      "Providers with reputation, jobs with their timeline, rewards and network statistics, derived from every event of the Hearth contracts. " +
      "Amounts (uint256) are decimal strings in the smallest unit; times are unix seconds; addresses are lower-case. " +
      "Lists are paginated with an opaque `cursor`. Errors are `{ error: { code, message, parameter? } }`: 400 for a bad parameter, 404 for an unknown id. " +
      "Ponder also serves /health, /ready (200 once caught up with the chain), /status and /metrics.",
  },
  paths: {
    "/v1/stats": {
      get: {
        summary: "Network totals now",
        responses: { ...ok(ref("Stats")), ...errors },
      },
    },
    "/v1/stats/timeseries": {
      get: {
        summary: "A network metric per hour or per day",
        description:
          "Counters are summed over each bucket (zero when nothing happened); gauges (totalStake, providers) are the value at the bucket's end, carried forward. Buckets start at UTC hour/day boundaries. At most 5000 points.",
        parameters: [
          { name: "metric", in: "query", required: true, schema: { type: "string", enum: metricNames } },
          { name: "interval", in: "query", schema: { type: "string", enum: ["hour", "day"], default: "hour" } },
          { name: "from", in: "query", schema: { type: "string" }, description: "Unix seconds or ISO 8601; default: 167 hours / 89 days before `to`." },
          { name: "to", in: "query", schema: { type: "string" }, description: "Unix seconds or ISO 8601; default: the last indexed block's time." },
        ],
        responses: { ...ok(ref("TimeSeries")), ...errors },
      },
    },
    "/v1/providers": {
      get: {
        summary: "Registered providers, ranked",
        description:
          "`reputation`, `stake` (bonded), `jobs` (completed) and `earnings` (earned points) sort high to low; `carbon` sorts by declared carbon intensity, lowest first. Ties by address.",
        parameters: [{ name: "sort", in: "query", schema: { type: "string", enum: providerSorts, default: "reputation" } }, limit, cursor],
        responses: { ...ok({ type: "object", properties: { sort: { type: "string" }, items: { type: "array", items: ref("Provider") }, nextCursor: nullable({ type: "string" }) } }), ...errors },
      },
    },
    "/v1/providers/{address}": {
      get: {
        summary: "One provider, with its earnings and history",
        parameters: [{ name: "address", in: "path", required: true, schema: address }],
        responses: { ...ok(ref("ProviderDetail")), ...errors, ...notFound },
      },
    },
    "/v1/jobs": {
      get: {
        summary: "Jobs, newest first",
        parameters: [
          { name: "status", in: "query", schema: { type: "string", enum: jobStatuses } },
          { name: "provider", in: "query", schema: address },
          { name: "requester", in: "query", schema: address },
          limit,
          cursor,
        ],
        responses: { ...ok({ type: "object", properties: { items: { type: "array", items: ref("Job") }, nextCursor: nullable({ type: "string" }) } }), ...errors },
      },
    },
    "/v1/jobs/{id}": {
      get: {
        summary: "One job with its committee votes and timeline (every event about it, in chain order)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[0-9]+$" } }],
        responses: { ...ok(ref("JobDetail")), ...errors, ...notFound },
      },
    },
    "/v1/rewards/epochs": {
      get: {
        summary: "Reward epochs with work recorded, newest first, and the emission schedule",
        parameters: [limit, cursor],
        responses: { ...ok(ref("Epochs")), ...errors },
      },
    },
    "/v1/rewards/{address}": {
      get: {
        summary: "A provider's rewards per epoch: share, claimed, claimable",
        parameters: [{ name: "address", in: "path", required: true, schema: address }],
        responses: { ...ok(ref("ProviderRewards")), ...errors, ...notFound },
      },
    },
    "/openapi.json": { get: { summary: "This document", responses: ok({ type: "object" }) } },
  },
  components: {
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", enum: ["INVALID_PARAMETER", "NOT_FOUND", "INTERNAL"] },
              message: { type: "string" },
              parameter: { type: "string", description: "The parameter at fault (400 only)." },
            },
          },
        },
      },
      Energy: {
        type: "object",
        properties: {
          joules: decimal,
          kwh: decimal,
          gCO2e: { ...decimal, description: "Energy x the provider's declared carbon intensity (gCO2e/kWh) when it attested." },
        },
      },
      Stats: {
        type: "object",
        properties: {
          block: { type: "object", properties: { number: { type: "integer" }, timestamp: unixSeconds } },
          providers: { type: "integer", description: "Registered providers." },
          activeProviders: { type: "integer", description: "Registered, bonded at least minStake, not jailed." },
          totalStake: { ...amount, description: "Bonded HRTH (locked collateral included, unbonding excluded)." },
          stake: { type: "object", properties: { bonded: amount, locked: amount, unbonding: amount, minStake: amount } },
          jobs: {
            type: "object",
            properties: Object.fromEntries(["total", ...jobStatuses].map((name) => [name, { type: "integer" }])),
          },
          gpuSeconds: { ...amount, description: "GPU seconds of finalized jobs as the market counts them (whole seconds per job)." },
          gpuTimeMs: { ...amount, description: "Attested GPU time of finalized jobs, ms." },
          gpuHours: { ...decimal, description: "gpuTimeMs in hours (9 decimals)." },
          fees: {
            type: "object",
            properties: {
              hrthValue: amount,
              byToken: {
                type: "array",
                items: {
                  type: "object",
                  properties: { token: address, symbol: { type: "string" }, decimals: { type: "integer" }, allowed: { type: "boolean" }, fees: amount, volume: amount, payouts: amount },
                },
              },
            },
          },
          emissions: { ...amount, description: "HRTH minted by reward claims." },
          hrthSupply: amount,
          slashed: amount,
          slashes: { type: "integer" },
          verification: {
            type: "object",
            properties: {
              attested: { type: "integer" },
              sampled: { type: "integer" },
              passed: { type: "integer" },
              challenged: { type: "integer" },
              fraudFound: { type: "integer" },
              jobsChecked: { type: "integer", description: "Jobs sampled or challenged, each once." },
              coverage: { ...decimal, description: "jobsChecked / attested." },
            },
          },
          energy: ref("Energy"),
          events: { type: "integer", description: "Contract events indexed." },
        },
      },
      TimeSeries: {
        type: "object",
        properties: {
          metric: { type: "string", enum: metricNames },
          interval: { type: "string", enum: ["hour", "day"] },
          kind: { type: "string", enum: ["counter", "gauge"] },
          unit: { type: "string" },
          description: { type: "string" },
          from: unixSeconds,
          to: unixSeconds,
          points: {
            type: "array",
            items: { type: "object", properties: { start: unixSeconds, value: { oneOf: [{ type: "integer" }, decimal] } } },
          },
        },
      },
      Reputation: {
        type: "object",
        description:
          "score = 100 x reliability x timeliness x stake. reliability: Wilson lower bound (z = 1.96) of completed / (completed + expired + 5 x disputesLost), each outcome weighted 2^(-age / 30 days). timeliness = 1 - 0.25 x mean share of the claim-to-deadline time used before attesting. stake = 0.75 + 0.25 x min(1, bonded / (10 x minStake)). " +
          "Released jobs are not in the score: the provider already paid a share of its collateral to the requester.",
        properties: {
          score: { type: "number" },
          reliability: { type: "number" },
          timeliness: { type: "number" },
          stake: { type: "number" },
          successRate: nullable({ type: "number" }),
          weighted: {
            type: "object",
            properties: { completed: { type: "number" }, expired: { type: "number" }, disputesLost: { type: "number" }, effectiveJobs: { type: "number" } },
          },
          recency: nullable({ type: "number" }),
          meanLatencySeconds: nullable({ type: "number" }),
          meanLatencyShare: nullable({ type: "number" }),
        },
      },
      Provider: {
        type: "object",
        properties: {
          address,
          registered: { type: "boolean" },
          registeredAt: nullable(unixSeconds),
          metadataCid: nullable({ type: "string" }),
          metadata: nullable({ type: "object", description: "The registered metadata JSON (known fields), fetched by CID and verified." }),
          metadataStatus: { type: "string", enum: ["ok", "pending", "unavailable", "invalid", "disabled"] },
          metadataError: { type: "string" },
          carbonIntensity: { type: "integer", description: "Declared, gCO2e/kWh." },
          stake: { type: "object", properties: { bonded: amount, locked: amount, free: amount, unbonding: amount, unbondingEnd: nullable(unixSeconds) } },
          jailed: { type: "boolean" },
          jailedUntil: nullable(unixSeconds),
          active: { type: "boolean" },
          verifier: { type: "boolean" },
          openDisputes: { type: "integer" },
          jobs: {
            type: "object",
            properties: {
              ...Object.fromEntries(["claimed", "completed", "expired", "disputesLost", "disputesWon", "challenged"].map((name) => [name, { type: "integer" }])),
              released: {
                type: "integer",
                description: "Jobs it gave back before the deadline (`JobReleased`), each for a share of its collateral; counted, not in the reputation score.",
              },
            },
          },
          gpuSeconds: { ...amount, description: "GPU seconds of its finalized jobs as the market counts them (whole seconds per job)." },
          gpuHours: { ...decimal, description: "gpuTimeMs in hours (9 decimals)." },
          gpuTimeMs: { ...amount, description: "Attested GPU time of its finalized jobs, ms." },
          energy: ref("Energy"),
          earnedPoints: { ...amount, description: "HRTH value of the prices of its finalized jobs (reward work points)." },
          rewardsClaimed: amount,
          slashed: amount,
          slashes: { type: "integer" },
          firstActivity: unixSeconds,
          lastActivity: unixSeconds,
          reputation: ref("Reputation"),
        },
      },
      ProviderDetail: {
        allOf: [
          ref("Provider"),
          {
            type: "object",
            properties: {
              earnings: { type: "array", items: { type: "object", properties: { token: address, payout: amount, jobs: { type: "integer" } } } },
              history: {
                type: "object",
                properties: {
                  daily: {
                    type: "array",
                    description: "The last 90 UTC days with activity.",
                    items: {
                      type: "object",
                      properties: {
                        day: unixSeconds,
                        ...Object.fromEntries(["jobsCompleted", "jobsExpired", "jobsReleased", "disputesLost"].map((name) => [name, { type: "integer" }])),
                        gpuSeconds: amount,
                        energy: ref("Energy"),
                        earnedPoints: amount,
                        slashed: amount,
                        bonded: amount,
                      },
                    },
                  },
                  events: { type: "array", description: "The 50 latest events about the provider, newest first.", items: ref("Event") },
                },
              },
            },
          },
        ],
      },
      Event: {
        type: "object",
        properties: {
          contract: { type: "string" },
          name: {
            type: "string",
            description:
              "The contract's event name, e.g. JobCreated, JobClaimed, JobReleased (args: provider, collateralSlashed, the HRTH credited to the requester), AttestationSubmitted, JobFinalized, JobExpired.",
          },
          block: { type: "integer" },
          timestamp: unixSeconds,
          transactionHash: { type: "string" },
          logIndex: { type: "integer" },
          jobId: nullable({ type: "string" }),
          account: nullable(address),
          args: { type: "object", description: "Decoded arguments; integers as decimal strings." },
        },
      },
      Job: {
        type: "object",
        properties: {
          id: { type: "string" },
          status: {
            type: "string",
            enum: jobStatuses,
            description: "A job its provider released (`JobReleased` in the timeline) is `open` again until claimed anew, cancelled or expired.",
          },
          requester: address,
          provider: nullable(address),
          targetProvider: nullable(address),
          releases: { type: "integer", description: "Times a provider gave the job back before the deadline; each clears `claimed`." },
          token: address,
          price: amount,
          deadline: unixSeconds,
          requiredStake: amount,
          maxCarbon: { type: "integer" },
          specCid: { type: "string" },
          created: { type: "object" },
          claimed: nullable({ type: "object" }),
          submitted: nullable({ type: "object" }),
          attestation: nullable({ type: "object" }),
          finalized: nullable({ type: "object" }),
          cancelled: nullable({ type: "object" }),
          expired: nullable({ type: "object" }),
          rejected: nullable({ type: "object" }),
          verification: { type: "object" },
          dispute: nullable({ type: "object" }),
        },
      },
      JobDetail: {
        allOf: [
          ref("Job"),
          {
            type: "object",
            properties: {
              votes: {
                type: "array",
                items: {
                  type: "object",
                  properties: { member: address, committedAt: nullable(unixSeconds), revealedAt: nullable(unixSeconds), providerAtFault: nullable({ type: "boolean" }), penalty: nullable(amount) },
                },
              },
              timeline: { type: "array", items: ref("Event") },
            },
          },
        ],
      },
      Epochs: {
        type: "object",
        properties: {
          schedule: nullable({ type: "object" }),
          items: {
            type: "array",
            items: {
              type: "object",
              properties: {
                epoch: { type: "string" },
                start: unixSeconds,
                end: unixSeconds,
                over: { type: "boolean" },
                emission: { ...amount, description: "RewardsDistributor.emissionForEpoch." },
                points: amount,
                providers: { type: "integer" },
                claimed: amount,
                claims: { type: "integer" },
                forfeits: { type: "integer" },
                unclaimed: { ...amount, description: "Emission not minted (yet): unclaimed, forfeited or rounding." },
                split: {
                  type: "array",
                  description: "The emission's split among the epoch's providers, by points.",
                  items: {
                    type: "object",
                    properties: { provider: address, points: amount, share: amount, forfeited: { type: "boolean" }, claimed: nullable(amount) },
                  },
                },
              },
            },
          },
          nextCursor: nullable({ type: "string" }),
        },
      },
      ProviderRewards: {
        type: "object",
        properties: {
          provider: address,
          currentEpoch: nullable({ type: "string" }),
          claimable: { ...amount, description: "What `claim` would mint now over all epochs." },
          claimed: amount,
          epochs: {
            type: "array",
            items: {
              type: "object",
              properties: {
                epoch: { type: "string" },
                points: amount,
                epochPoints: amount,
                share: amount,
                status: { type: "string", enum: ["accruing", "claimable", "claimed", "forfeited", "none"] },
                forfeited: { type: "boolean" },
                claimed: nullable(amount),
                claimedAt: nullable(unixSeconds),
              },
            },
          },
        },
      },
    },
  },
} as const;
