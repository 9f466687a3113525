import { readProcFile } from './proc-file.js';

export interface MemoryReading {
  /** Resident set size now (VmRSS). */
  readonly rssBytes: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

/** Reads /proc/<pid>/status (Linux); undefined when the process is gone or there is no /proc. */
export function readMemory(pid: number): MemoryReading | undefined {
  const status = readProcFile(pid, 'status');
  if (status === undefined) return undefined;
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  };
  const rss = kib('VmRSS');
  const peak = kib('VmHWM');
  return rss === undefined || peak === undefined ? undefined : { rssBytes: rss, peakRssBytes: peak };
}

export interface MemorySummary {
  readonly samples: number;
  /** Largest VmHWM seen: the peak over the process's whole life so far. */
  readonly peakRssBytes: number | null;
  /** Largest and mean VmRSS among the samples taken while sampling. */
  readonly maxRssBytes: number | null;
  readonly meanRssBytes: number | null;
}

/** Samples a process's memory every `intervalMs` until stopped. */
export class MemorySampler {
  private readonly rss: number[] = [];
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number, private readonly intervalMs = 100) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, this.intervalMs);
    return this;
  }

  stop(): MemorySummary {
    clearInterval(this.timer);
    this.sample();
    const count = this.rss.length;
    return {
      samples: count,
      peakRssBytes: count === 0 ? null : this.peak,
      maxRssBytes: count === 0 ? null : Math.max(...this.rss),
      meanRssBytes: count === 0 ? null : this.rss.reduce((sum, value) => sum + value, 0) / count,
    };
  }

  private sample(): void {
    const reading = readMemory(this.pid);
    if (!reading) return;
    this.rss.push(reading.rssBytes);
    this.peak = Math.max(this.peak, reading.peakRssBytes);
  }
}
