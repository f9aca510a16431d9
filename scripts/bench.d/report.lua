-- wrk script: at the end, one line "BENCH_JSON {...}" with the totals and latency percentiles
-- (microseconds), the same fields scripts/bench.d/loadgen.py prints.
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'BENCH_JSON {"tool":"wrk","requests":%d,"duration_s":%.6f,"bytes":%d,' ..
        '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
        '"latency_us":{"p50":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
        summary.requests, summary.duration / 1e6, summary.bytes,
        e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
