#!/usr/bin/env python3
"""Turns the raw measurements of scripts/bench into JSON records and the Markdown table.

    results.py record --out runs.jsonl --round R --scenario S --candidate C --load-output FILE
                      --backend-log FILE --log-from BYTES --log-to BYTES --clk-tck N
                      --cpu-ticks-before N --cpu-ticks-after N --hwm-kb N --alive 0|1
                      [--exit-status N] [--idle-output FILE --rss-before-idle-kb N --rss-after-idle-kb N]
    results.py report RESULTS_DIR [--title TEXT]   prints the table; writes summary.json and table.md
    results.py check RESULTS_DIR                   exit 0 when every run answered every request

A record holds one run of one candidate in one scenario. The report gives, per scenario and
candidate, the median over rounds and the spread (±, half the range as a share of the median), and
for nproxy the ratio to nginx: the median of the per-round ratios (rounds are interleaved, so each
ratio compares two runs made seconds apart). Python stdlib only.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

BENCH_PREFIX = "BENCH_JSON "
IDLE_PREFIX = "BENCH_IDLE "
IDLE_END_PREFIX = "BENCH_IDLE_END "

# (key, column title, format) in table order.
METRICS = [
    ("rps", "req/s", "{:,.0f}"),
    ("p50_ms", "p50 ms", "{:.2f}"),
    ("p99_ms", "p99 ms", "{:.2f}"),
    ("mib_s", "MiB/s", "{:.1f}"),
    ("cpu_s", "front CPU s", "{:.2f}"),
    ("req_per_cpu_s", "req/CPU-s", "{:,.0f}"),
    ("peak_rss_mib", "peak RSS MiB", "{:.1f}"),
    ("kib_per_idle_conn", "KiB/idle conn", "{:.1f}"),
    ("resumed_pct", "resumed %", "{:.1f}"),
    ("handshakes_per_1k", "handshakes/1k req", "{:.1f}"),
    ("errors", "errors", "{:,.0f}"),
]
CANDIDATE_ORDER = ["nproxy", "nginx", "haproxy"]


def tagged_json(path, prefix):
    """The JSON after the last line of the file that starts with prefix, or None."""
    found = None
    try:
        for line in Path(path).read_text(errors="replace").splitlines():
            if line.startswith(prefix):
                found = json.loads(line[len(prefix):])
    except (OSError, ValueError):
        return None
    return found


def backend_counts(path, start, end):
    """Counts the backends' access-log lines written between two offsets.

    A line is `$server_port $ssl_session_reused $connection_requests $status $body_bytes_sent`; the
    first request on a connection ($connection_requests 1) marks a TLS handshake."""
    counts = {"lines": 0, "handshakes": 0, "resumed": 0, "non_200": 0}
    try:
        with open(path, "rb") as log:
            log.seek(start)
            text = log.read(max(0, end - start)).decode(errors="replace")
    except OSError:
        return counts
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        counts["lines"] += 1
        if fields[2] == "1":
            counts["handshakes"] += 1
            if fields[1] == "r":
                counts["resumed"] += 1
        if fields[3] != "200":
            counts["non_200"] += 1
    return counts


def record(args):
    load = tagged_json(args.load_output, BENCH_PREFIX)
    rec = {"round": args.round, "scenario": args.scenario, "candidate": args.candidate,
           "alive_after": bool(args.alive), "exit_status": args.exit_status, "load": load}
    ticks = args.cpu_ticks_after - args.cpu_ticks_before
    rec["cpu_s"] = ticks / args.clk_tck
    rec["peak_rss_mib"] = args.hwm_kb / 1024
    if load and load["duration_s"] > 0:
        requests = load["requests"]
        rec["requests"] = requests
        rec["rps"] = requests / load["duration_s"]
        rec["mib_s"] = load["bytes"] / load["duration_s"] / 2**20
        rec["p50_ms"] = load["latency_us"]["p50"] / 1000
        rec["p99_ms"] = load["latency_us"]["p99"] / 1000
        rec["errors"] = sum(load["errors"].values())
        rec["req_per_cpu_s"] = requests / rec["cpu_s"] if rec["cpu_s"] > 0 else None
    else:
        rec["errors"] = None  # the load tool printed nothing usable: the run failed
    if args.scenario != "C0":
        backend = backend_counts(args.backend_log, args.log_from, args.log_to)
        rec["backend"] = backend
        if backend["handshakes"]:
            rec["resumed_pct"] = 100 * backend["resumed"] / backend["handshakes"]
        if rec.get("requests"):
            rec["handshakes_per_1k"] = 1000 * backend["handshakes"] / rec["requests"]
    if args.idle_output:
        idle = tagged_json(args.idle_output, IDLE_PREFIX) or {}
        idle_end = tagged_json(args.idle_output, IDLE_END_PREFIX) or {}
        rec["idle"] = {**idle, **idle_end, "rss_before_kb": args.rss_before_idle_kb,
                       "rss_after_kb": args.rss_after_idle_kb}
        if idle.get("ready"):
            rec["kib_per_idle_conn"] = (args.rss_after_idle_kb - args.rss_before_idle_kb) / idle["ready"]
    with open(args.out, "a") as out:
        out.write(json.dumps(rec) + "\n")


def load_records(directory):
    path = Path(directory) / "runs.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def spread_pct(values):
    middle = statistics.median(values)
    if len(values) < 2 or not middle:
        return None
    return 100 * (max(values) - min(values)) / 2 / abs(middle)


def summarize(records):
    """{scenario: {candidate: {metric: {median, spread_pct, values}}, 'nproxy/nginx': {metric: ratio}}}"""
    summary = {}
    scenarios = list(dict.fromkeys(r["scenario"] for r in records))
    for scenario in scenarios:
        mine = [r for r in records if r["scenario"] == scenario]
        candidates = sorted(set(r["candidate"] for r in mine),
                            key=lambda c: CANDIDATE_ORDER.index(c) if c in CANDIDATE_ORDER else 99)
        summary[scenario] = {}
        for candidate in candidates:
            runs = [r for r in mine if r["candidate"] == candidate]
            cell = {"runs": len(runs), "failed_runs": sum(1 for r in runs if r.get("errors") is None
                                                         or not r["alive_after"])}
            for key, _, _ in METRICS:
                values = [r[key] for r in runs if r.get(key) is not None]
                if values:
                    cell[key] = {"median": statistics.median(values), "spread_pct": spread_pct(values),
                                 "values": values}
            summary[scenario][candidate] = cell
        if "nproxy" in candidates and "nginx" in candidates:
            ratios = {}
            for key, _, _ in METRICS:
                per_round = []
                for r in mine:
                    if r["candidate"] != "nproxy" or r.get(key) is None:
                        continue
                    twin = [t for t in mine if t["candidate"] == "nginx" and t["round"] == r["round"]]
                    if twin and twin[0].get(key):
                        per_round.append(r[key] / twin[0][key])
                if per_round:
                    ratios[key] = {"median": statistics.median(per_round), "values": per_round}
            summary[scenario]["nproxy/nginx"] = ratios
    return summary


def table(summary):
    head = ["scenario", "candidate"] + [title for _, title, _ in METRICS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for scenario, cells in summary.items():
        for candidate, cell in cells.items():
            row = [scenario, candidate if candidate != "nproxy/nginx" else "*nproxy ÷ nginx*"]
            for key, _, fmt in METRICS:
                value = cell.get(key)
                if value is None:
                    row.append("–")
                elif candidate == "nproxy/nginx":
                    row.append(f"*{value['median']:.2f}×*")
                else:
                    text = fmt.format(value["median"])
                    if value["spread_pct"] is not None:
                        text += f" ±{value['spread_pct']:.0f}%"
                    row.append(text)
            if candidate != "nproxy/nginx" and cell.get("failed_runs"):
                row[1] += f" ({cell['failed_runs']} failed run(s))"
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def report(args):
    records = load_records(args.dir)
    summary = summarize(records)
    text = table(summary)
    if args.title:
        text = args.title + "\n\n" + text
    Path(args.dir, "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    Path(args.dir, "table.md").write_text(text + "\n")
    print(text)


def check(args):
    """Exit status 0 when every run printed its numbers, answered every request and stayed up."""
    records = load_records(args.dir)
    problems = []
    for r in records:
        name = f"round {r['round']} {r['scenario']} {r['candidate']}"
        if r.get("errors") is None:
            problems.append(f"{name}: the load generator reported nothing")
        elif r["errors"] or not r.get("requests"):
            problems.append(f"{name}: {r.get('requests', 0)} requests, errors {r['load']['errors']}")
        if not r["alive_after"]:
            problems.append(f"{name}: the front was not running after the load (exit status {r['exit_status']})")
        backend = r.get("backend")
        if backend is not None and r.get("requests") and not backend["lines"]:
            problems.append(f"{name}: the backends logged none of the requests")
        if backend and backend["non_200"]:
            problems.append(f"{name}: the backends logged {backend['non_200']} answers other than 200")
    if not records:
        problems.append("no runs were recorded")
    for problem in problems:
        print("bench: " + problem, file=sys.stderr)
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("--out", required=True)
    rec.add_argument("--round", type=int, required=True)
    rec.add_argument("--scenario", required=True)
    rec.add_argument("--candidate", required=True)
    rec.add_argument("--load-output", required=True)
    rec.add_argument("--backend-log", default="")
    rec.add_argument("--log-from", type=int, default=0)
    rec.add_argument("--log-to", type=int, default=0)
    rec.add_argument("--clk-tck", type=int, required=True)
    rec.add_argument("--cpu-ticks-before", type=int, required=True)
    rec.add_argument("--cpu-ticks-after", type=int, required=True)
    rec.add_argument("--hwm-kb", type=int, required=True)
    rec.add_argument("--alive", type=int, required=True)
    rec.add_argument("--exit-status", type=int, default=None)
    rec.add_argument("--idle-output", default="")
    rec.add_argument("--rss-before-idle-kb", type=int, default=0)
    rec.add_argument("--rss-after-idle-kb", type=int, default=0)
    rep = sub.add_parser("report")
    rep.add_argument("dir")
    rep.add_argument("--title", default="")
    chk = sub.add_parser("check")
    chk.add_argument("dir")
    args = parser.parse_args()
    if args.command == "record":
        record(args)
    elif args.command == "report":
        report(args)
    else:
        sys.exit(check(args))


if __name__ == "__main__":
    main()
