/**
 * @file Plain-words help for every statistic the serving panel shows (tooltips and notes), shared by the body
 * markup and the drawing code. No DOM use.
 */

/** One line per statistic, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: requests to a language-model server (from a trace, or generated) answered one token at ' +
    'a time under four scheduling policies. Latency: from a request\u2019s arrival to its last token. TTFT (time to ' +
    'first token): from its arrival to its first. TRAIL runs the request predicted to finish soonest and may ' +
    'pause a running request for a shorter newcomer, but only early in its answer; a paused request keeps its ' +
    'KV cache (its memory on the GPU) until it runs again.',
  c:
    'c: TRAIL may pause a request only while it has generated less than c times its first predicted length. ' +
    'c near 0: never pause (shortest job first); c = 1: pause at any time (SPRPT). Moving the slider runs the ' +
    'simulation again.',
  load:
    'Mean latency as the server gets busier. Load ρ: the share of time the server is busy (arrival rate × mean ' +
    'service time); near 1 the queue grows without end. Lines: the closed-form M/G/1 theory; dots: the simulation.',
  loadTrace:
    'Mean latency as requests arrive faster: the same requests with their arrival times squeezed or stretched ' +
    '(1 = the trace as recorded). Dots: the simulation.',
  cdf:
    'The share of requests finished (left) or started (right) within each time: a curve further left and higher ' +
    'is better. Its middle (0.5) is the median; near the top are the slowest requests. Requests served at once ' +
    '(time 0) lie off the logarithmic axis: a curve that starts high means many were.',
  gantt:
    'A stretch of time: one row per request, in order of arrival. Solid bar: being served; hatched bar: paused, ' +
    'holding its KV cache; thin tick: arrival; red mark: a preemption (paused for a shorter request).',
  memory:
    'KV-cache tokens held by paused requests: memory the server cannot use for the running ones. Pausing late ' +
    '(c = 1) holds more of it; TRAIL\u2019s c bounds it. A long run is thinned to 2,000 points, each the most ' +
    'held in its stretch of time, so the lines show peaks; the table\u2019s mean paused KV is the average.',
  memoryNone: 'No run paused a request, so no memory was held by paused requests.',
  memoryMg1:
    'On one server (the M/G/1 model) a paused request holds as much cache as it has generated, counted here in ' +
    'mean request lengths (1 = an average answer).',
  meanLatency: 'Mean latency: the average time from a request\u2019s arrival to its last token.',
  p50: 'Median latency (p50): half the requests finished faster than this.',
  p99: 'p99 latency: 99 in 100 requests finished faster than this; the slowest 1% took longer.',
  meanTtft: 'Mean TTFT: the average time from a request\u2019s arrival to its first output token.',
  p99Ttft: 'p99 TTFT: 99 in 100 requests got their first token faster than this.',
  preemptions: 'Preemptions per request: how often a running request was paused for another, on average.',
  pausedKv:
    'Mean paused KV: KV cache held by paused requests, averaged over time (in tokens; for generated jobs in mean ' +
    'request lengths).',
  peakKv: 'Peak paused KV: the most KV cache paused requests held at once (tokens; generated jobs: mean lengths).',
  theory:
    'Theory: the M/G/1 closed form of the mean latency for this policy (one server, jobs served at a fixed rate); ' +
    'the simulation should land within a few percent of it.',
} as const;
