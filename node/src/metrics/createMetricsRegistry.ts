type Labels = Readonly<Record<string, string>>;

type Family = {
  name: string;
  help: string;
  type: "counter" | "gauge";
  values: Map<string, { labels: Labels; value: number }>;
  /** For gauges read at scrape time. */
  collect?: (() => Iterable<{ labels: Labels; value: number }>) | undefined;
};

export type Counter = { inc(labels?: Labels, by?: number): void; get(labels?: Labels): number };
export type Gauge = { set(labels: Labels, value: number): void };

export type MetricsRegistry = {
  counter(name: string, help: string): Counter;
  /** A gauge whose values are read from `collect` at each scrape. */
  gauge(name: string, help: string, collect?: () => Iterable<{ labels: Labels; value: number }>): Gauge;
  /** Prometheus text exposition format 0.0.4. */
  render(): string;
};

/**
 * A small Prometheus registry: counters and gauges with labels, rendered in the text format. The node
 * has a dozen series; a client library would add nothing but weight.
 */
export function createMetricsRegistry(): MetricsRegistry {
  const families = new Map<string, Family>();
  const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  const family = (name: string, help: string, type: Family["type"]): Family => {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new RangeError(`bad metric name ${name}`);
    let found = families.get(name);
    if (!found) {
      found = { name, help, type, values: new Map() };
      families.set(name, found);
    }
    return found;
  };
  return {
    counter(name, help) {
      const f = family(name, help, "counter");
      return {
        inc(labels = {}, by = 1) {
          if (!(by >= 0)) throw new RangeError("a counter only goes up");
          const k = key(labels);
          const entry = f.values.get(k) ?? { labels, value: 0 };
          entry.value += by;
          f.values.set(k, entry);
        },
        get(labels = {}) {
          return f.values.get(key(labels))?.value ?? 0;
        },
      };
    },
    gauge(name, help, collect) {
      const f = family(name, help, "gauge");
      f.collect = collect;
      return {
        set(labels, value) {
          f.values.set(key(labels), { labels, value });
        },
      };
    },
    render() {
      const lines: string[] = [];
      for (const f of families.values()) {
        lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`, `# TYPE ${f.name} ${f.type}`);
        const samples = f.collect ? [...f.collect()] : [...f.values.values()];
        for (const sample of samples) lines.push(`${f.name}${renderLabels(sample.labels)} ${formatValue(sample.value)}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}

function renderLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
  return `{${entries.map(([name, value]) => `${name}="${escape(value)}"`).join(",")}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
