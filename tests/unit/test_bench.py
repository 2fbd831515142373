"""`make bench`'s reading of wrk's report (the benchmark itself: tests/e2e/test_bench.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from integration_template.bench import (
    BenchError,
    Figures,
    combine,
    cpu_per_1000,
    cpu_seconds,
    parse_wrk,
    table,
    target_values,
    targets_report,
    targets_table,
)

WRK_REPORT = """\
Running 1s test @ http://127.0.0.1:18422/contacts/rec_0001
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.60ms    7.96ms  50.35ms   88.27%
    Req/Sec     1.85k     1.66k    6.17k    90.00%
  Latency Distribution
     50%  349.00us
     75%    5.53ms
     90%   13.95ms
     99%    1.20s
  1915 requests in 1.06s, 770.49KB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   1802.11
Transfer/sec:    725.07KB
"""


def test_reads_rate_percentiles_in_milliseconds_and_every_kind_of_error() -> None:
    assert parse_wrk(WRK_REPORT) == pytest.approx((1802.11, 0.349, 1200.0, 1915, 7))


def test_a_report_without_percentiles_is_an_error() -> None:
    with pytest.raises(BenchError, match="50% latency"):
        parse_wrk(WRK_REPORT.replace("     50%  349.00us\n", ""))


def test_rounds_combine_as_medians_and_sums() -> None:
    figures = combine(
        "service",
        [(100.0, 1.0, 9.0, 1000, 0), (300.0, 3.0, 7.0, 3000, 2), (200.0, 2.0, 8.0, 2000, 1)],
    )
    assert (figures.requests_per_second, figures.p50_ms, figures.p99_ms) == (200.0, 2.0, 8.0)
    assert (figures.requests, figures.errors, figures.rounds) == (6000, 3, [100.0, 300.0, 200.0])


def test_the_table_has_one_row_per_path() -> None:
    rows = table({"a": Figures("a", 1.0, 2.0, 3.0, 4, 5, 60.0), "b": Figures("b", 1, 2, 3, 4, 5)})
    assert [line.split()[0] for line in rows.splitlines()] == ["path", "a", "b"]


SPIN_THEN_WAIT = """
import sys, time
end = time.process_time() + 0.4
while time.process_time() < end:
    pass
print("spun", flush=True)
time.sleep(30)
"""


def test_cpu_time_counts_the_live_children_of_a_process() -> None:
    # A parent that only waits for its child: nearly all the CPU time is the child's.
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SPIN_THEN_WAIT!r}])",
        ],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == b"spun"
        used = cpu_seconds(parent.pid)
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
    assert used is not None
    assert used >= 0.4
    assert cpu_seconds(parent.pid) is None  # gone


def test_cpu_per_1000_requests() -> None:
    assert cpu_per_1000(1.0, 1.5, 1000) == 500.0
    assert cpu_per_1000(None, 1.5, 1000) is None
    assert cpu_per_1000(1.0, 1.5, 0) is None


def figures_for(
    service_rps: float, service_p99: float, breaker_p99: float, rss: float | None
) -> dict[str, Figures]:
    return {
        "service": Figures("service", service_rps, 5.0, service_p99, 100, 0, rss),
        "peer_aiohttp": Figures("peer_aiohttp", 1000.0, 2.0, 20.0, 100, 0, 60.0),
        "peer_httpx": Figures("peer_httpx", 240.0, 9.0, 90.0, 100, 0, 60.0),
        "breaker_open": Figures("breaker_open", 900.0, 3.0, breaker_p99, 100, 100, rss),
    }


def test_each_target_is_met_at_its_bound_and_missed_beyond_it() -> None:
    # At the bounds: 600/1000 = 0.6x, 600/240 = 2.5x, 30/20 = 1.5x, 50 ms, 150 MB.
    at_bounds = targets_report(target_values(figures_for(600.0, 30.0, 50.0, 150.0)))
    assert [row["met"] for row in at_bounds] == [True, True, True, True, True]
    beyond = targets_report(target_values(figures_for(590.0, 30.2, 50.1, 150.5)))
    assert [row["value"] for row in beyond] == [0.59, 2.46, 1.51, 50.1, 150.5]
    assert [row["met"] for row in beyond] == [False, False, False, False, False]


def test_a_missing_figure_is_reported_as_such_not_as_met() -> None:
    figures = figures_for(600.0, 30.0, 50.0, None)
    del figures["breaker_open"]
    rows = targets_report(target_values(figures))
    assert [row["met"] for row in rows][-2:] == [None, None]
    assert targets_table(target_values(figures)).splitlines()[-1].endswith("no figure")


def test_the_targets_table_shows_each_value_and_verdict() -> None:
    lines = targets_table(target_values(figures_for(390.0, 21.0, 12.8, 72.0))).splitlines()
    assert lines[1].split()[-2:] == ["0.39x", "no"]
    assert lines[4].split()[-3:] == ["12.8", "ms", "yes"]
    assert lines[5].split()[-3:] == ["72", "MB", "yes"]
