/** A metric that can print itself in the Prometheus text exposition format. */
export interface Metric {
  render(): string;
}

function labelText(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  return `{${names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`).join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

/** A monotonically increasing count per label combination. */
export class Counter implements Metric {
  private readonly values = new Map<string, { labels: string[]; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  increment(labels: readonly string[] = [], amount = 1): void {
    const key = labels.join('\u0000');
    const entry = this.values.get(key);
    if (entry) entry.value += amount;
    else this.values.set(key, { labels: [...labels], value: amount });
  }

  get(labels: readonly string[] = []): number {
    return this.values.get(labels.join('\u0000'))?.value ?? 0;
  }

  /** Every label combination with its count, as `/metrics` shows them. */
  entries(): { labels: readonly string[]; value: number }[] {
    return [...this.values.values()];
  }

  render(): string {
    let text = header(this.name, this.help, 'counter');
    for (const entry of this.values.values()) text += `${this.name}${labelText(this.labelNames, entry.labels)} ${entry.value}\n`;
    return text;
  }
}

/** A value read when scraped (sizes, counts by state), so it is never stale. */
export class CallbackGauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly read: () => Iterable<[labels: readonly string[], value: number]>,
  ) {}

  render(): string {
    let text = header(this.name, this.help, 'gauge');
    for (const [labels, value] of this.read()) text += `${this.name}${labelText(this.labelNames, labels)} ${value}\n`;
    return text;
  }
}

/** Observations counted into cumulative buckets, per label combination. */
export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: string[]; bucketCounts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly upperBounds: readonly number[],
  ) {}

  observe(labels: readonly string[], value: number): void {
    const key = labels.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: [...labels], bucketCounts: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let index = 0; index < this.upperBounds.length; index += 1) if (value <= this.upperBounds[index]!) entry.bucketCounts[index]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  count(labels: readonly string[]): number {
    return this.series.get(labels.join('\u0000'))?.count ?? 0;
  }

  /** Count and sum per label combination, as `/metrics` shows them in `_count` and `_sum`. */
  totals(): { labels: readonly string[]; count: number; sum: number }[] {
    return [...this.series.values()].map(({ labels, count, sum }) => ({ labels, count, sum }));
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram');
    for (const entry of this.series.values()) {
      const names = [...this.labelNames, 'le'];
      this.upperBounds.forEach((bound, index) => {
        text += `${this.name}_bucket${labelText(names, [...entry.labels, String(bound)])} ${entry.bucketCounts[index]}\n`;
      });
      text += `${this.name}_bucket${labelText(names, [...entry.labels, '+Inf'])} ${entry.count}\n`;
      text += `${this.name}_sum${labelText(this.labelNames, entry.labels)} ${entry.sum}\n`;
      text += `${this.name}_count${labelText(this.labelNames, entry.labels)} ${entry.count}\n`;
    }
    return text;
  }
}
