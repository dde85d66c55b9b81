#!/usr/bin/env python3
# Unit tests of bench/speedcenter_lib/stats.py (medians, quantiles, steady-state detection,
# geometric mean) and of the pieces of analysis the report's numbers rest on.
# Run: python3 -m unittest tests/bench/test_stats.py (ctest: bench.stats).
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench"))

from speedcenter_lib import analysis, stats  # noqa: E402


class MedianAndSpread(unittest.TestCase):
    def test_median_odd_and_even(self):
        self.assertEqual(stats.median([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(stats.median([4.0, 1.0, 3.0, 2.0]), 2.5)
        self.assertEqual(stats.median([7.0]), 7.0)

    def test_median_of_nothing_is_an_error(self):
        with self.assertRaises(ValueError):
            stats.median([])

    def test_quantiles_interpolate_between_ranks(self):
        values = [1.0, 2.0, 3.0, 4.0, 5.0]
        self.assertEqual(stats.quantile(values, 0.0), 1.0)
        self.assertEqual(stats.quantile(values, 1.0), 5.0)
        self.assertEqual(stats.quantile(values, 0.25), 2.0)
        self.assertAlmostEqual(stats.quantile([1.0, 2.0, 3.0, 4.0], 0.25), 1.75)
        with self.assertRaises(ValueError):
            stats.quantile(values, 1.5)

    def test_summary(self):
        s = stats.summarize([5.0, 1.0, 4.0, 2.0, 3.0])
        self.assertEqual((s["n"], s["median"], s["min"], s["max"]), (5, 3.0, 1.0, 5.0))
        self.assertEqual((s["q1"], s["q3"], s["iqr"]), (2.0, 4.0, 2.0))

    def test_geometric_mean(self):
        self.assertAlmostEqual(stats.geometric_mean([2.0, 8.0]), 4.0)
        self.assertAlmostEqual(stats.geometric_mean([0.5, 2.0, 1.0]), 1.0)
        self.assertIsNone(stats.geometric_mean([]))
        with self.assertRaises(ValueError):
            stats.geometric_mean([1.0, 0.0])


class SteadyState(unittest.TestCase):
    def test_flat_series_is_steady_from_the_start(self):
        self.assertEqual(stats.steady_state([1.0] * 10), 0)

    def test_jit_warmup_then_flat(self):
        times = [5.0, 3.0, 1.5, 1.0, 1.02, 0.99, 1.01, 1.0, 0.98, 1.0, 1.01, 1.0]
        # s[2] = median(3.0, 1.5, 1.0) = 1.5 is outside 10%; s[3] = median(1.5, 1.0, 1.02).
        self.assertEqual(stats.steady_state(times), 3)

    def test_single_spike_does_not_reset_steady_state(self):
        times = [1.0, 1.0, 1.0, 1.0, 9.0, 1.0, 1.0, 1.0, 1.0]
        self.assertEqual(stats.steady_state(times), 0)

    def test_two_spikes_in_a_row_do(self):
        times = [1.0, 1.0, 1.0, 9.0, 9.0, 1.0, 1.0, 1.0, 1.0]
        self.assertEqual(stats.steady_state(times), 5)

    def test_still_improving_at_the_end_has_no_steady_state(self):
        times = [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
        self.assertIsNone(stats.steady_state(times))

    def test_slowdown_at_the_end_has_no_steady_state(self):
        times = [1.0] * 8 + [1.5, 2.0, 2.5]
        self.assertIsNone(stats.steady_state(times))

    def test_too_few_iterations(self):
        self.assertIsNone(stats.steady_state([1.0, 1.0]))
        self.assertEqual(stats.steady_state([1.0, 1.0, 1.0]), 0)

    def test_tolerance_is_a_parameter(self):
        times = [1.3, 1.0, 1.0, 1.0, 1.0, 1.0]
        self.assertEqual(stats.steady_state(times, tolerance=0.10), 1)
        self.assertEqual(stats.steady_state(times, tolerance=0.20), 0)

    def test_noise_within_the_band_is_steady(self):
        times = [1.0 + 0.05 * math.sin(i) for i in range(30)]
        self.assertEqual(stats.steady_state(times), 0)

    def test_warmup_summary_flags(self):
        fast = [5.0, 1.0, 1.0, 1.0, 1.0, 1.0]
        late = [5.0, 4.0, 3.0, 1.0, 1.0, 1.0, 1.0]
        drifting = [6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
        summary = stats.warmup_summary([fast, late, drifting], [1, 1, 1])
        self.assertEqual(summary["steady_starts"], [1, 3, None])
        self.assertTrue(summary["no_steady_state"])
        self.assertTrue(summary["warmup_too_short"])
        self.assertEqual(summary["first_iteration"], 5.0)
        self.assertEqual(summary["steady_start_max"], 3)
        ok = stats.warmup_summary([fast], [1])
        self.assertFalse(ok["no_steady_state"] or ok["warmup_too_short"])


class CellAnalysis(unittest.TestCase):
    def run_row(self, status, times, warmup=1, message=""):
        return {"status": status, "times": times, "warmup": warmup, "maxrss_kb": 1000,
                "message": message, "workload": 1}

    def test_measured_iterations_exclude_harness_warmup(self):
        cell = analysis.analyze_cell([self.run_row("ok", [9.0, 1.0, 2.0, 3.0]),
                                      self.run_row("ok", [9.0, 4.0, 5.0, 6.0])], 0.1)
        self.assertEqual(cell["status"], "ok")
        self.assertEqual(cell["summary"]["n"], 6)
        self.assertEqual(cell["summary"]["median"], 3.5)
        self.assertEqual(cell["process_medians"], [2.0, 5.0])

    def test_one_failed_process_marks_the_cell(self):
        cell = analysis.analyze_cell([self.run_row("ok", [1.0, 1.0, 1.0, 1.0]),
                                      self.run_row("failed", [], message="self-check")], 0.1)
        self.assertEqual(cell["status"], "failed")
        self.assertEqual(cell["message"], "self-check")
        self.assertEqual(cell["ok_processes"], 1)

    def test_worst_status(self):
        self.assertEqual(analysis.worst_status(["ok", "ok"]), "ok")
        self.assertEqual(analysis.worst_status(["ok", "timeout", "failed"]), "failed")
        self.assertEqual(analysis.worst_status(["missing", "ok"]), "missing")


if __name__ == "__main__":
    unittest.main()
