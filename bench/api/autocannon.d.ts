/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  export interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    max: number;
  }
  export interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    pipelining?: number;
    /** Worker threads the connections are spread over (none: the caller's thread). */
    workers?: number;
    /** Sent in turn on each connection. */
    requests?: Array<{ method?: string; headers?: Record<string, string>; body?: string }>;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
