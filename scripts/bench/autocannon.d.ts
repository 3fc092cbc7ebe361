// autocannon 8 ships no types: the small part of its programmatic API that scripts/bench/public.ts uses.
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      headers?: Record<string, string>;
    }
    /** A summary of an HDR histogram; latency values are in whole milliseconds. */
    interface Stats {
      average: number;
      p50: number;
      p99: number;
      max: number;
    }
    interface Result {
      requests: Stats;
      latency: Stats;
      /** Socket errors (timeouts included). */
      errors: number;
      timeouts: number;
      /** Responses outside 200-299 (a 304 counts here). */
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }
  /** Without a callback the returned tracker is also a promise of the result. */
  function autocannon(options: autocannon.Options): PromiseLike<autocannon.Result>;
  export = autocannon;
}
