# Statistics for the speed center: medians with spread, steady-state detection, geometric means.
# Pure functions over lists of floats, no I/O; tests/bench/test_stats.py pins their behaviour.
# Neighbours: runner.py produces the per-iteration times, report.py consumes these summaries.
import math

# DESIGN(steady-state): when has a process warmed up?
# A program runs n iterations in one process, times t[0..n-1]. We call the process steady from
# iteration k on when every later iteration behaves like the end of the run:
#   1. Reference: m = median of the last W iterations, W = max(3, ceil(n/3)).
#   2. Smoothing: s[i] = median of t[i-1], t[i], t[i+1] (clipped at the ends, so s[0] and
#      s[n-1] are the mean of two values), which ignores a single spike (a GC pause, another
#      process stealing the core) but not two in a row.
#   3. k = the smallest index such that s[i] is within +-tolerance*m of m for every i >= k
#      (tolerance defaults to 10%).
#   4. Steady state is reached only if that stable tail covers at least the reference window
#      (n - k >= W). Otherwise -- the times still drift at the end, or n < 3 -- the process is
#      flagged "no steady state" and k is undefined.
# "Iterations to steady state" is k (0 = steady from the first iteration). The reported time
# itself is not taken from the steady part: it is the median of the harness's measured
# iterations (those after its fixed warm-up count), pooled over processes, so that every
# executable is measured the same way; the steady-state index then says whether that fixed
# warm-up was long enough (k > warm-up count means the measured iterations include warm-up).
DEFAULT_TOLERANCE = 0.10
MIN_WINDOW = 3


def median(values):
    """Median of a non-empty sequence (mean of the two middle values for even lengths)."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of an empty sequence")
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def quantile(values, q):
    """Quantile by linear interpolation between closest ranks (numpy's default, type 7)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("quantile of an empty sequence")
    if not 0.0 <= q <= 1.0:
        raise ValueError("quantile outside [0, 1]")
    position = (len(ordered) - 1) * q
    below = int(math.floor(position))
    above = min(below + 1, len(ordered) - 1)
    fraction = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * fraction


def summarize(values):
    """n, median, quartiles, IQR, min and max of a non-empty sample."""
    q1 = quantile(values, 0.25)
    q3 = quantile(values, 0.75)
    return {
        "n": len(values),
        "median": median(values),
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
        "min": min(values),
        "max": max(values),
    }


def rolling_median3(values):
    """Median of each value with its neighbours (two values at the ends)."""
    n = len(values)
    return [median(values[max(0, i - 1):i + 2]) for i in range(n)]


def reference_window(n):
    return max(MIN_WINDOW, int(math.ceil(n / 3.0)))


def steady_state(times, tolerance=DEFAULT_TOLERANCE):
    """Index of the first steady iteration per DESIGN(steady-state), or None if not reached."""
    n = len(times)
    window = reference_window(n)
    if n < window:
        return None
    reference = median(times[n - window:])
    band = tolerance * reference
    smoothed = rolling_median3(times)
    start = n
    while start > 0 and abs(smoothed[start - 1] - reference) <= band:
        start -= 1
    if n - start < window:
        return None
    return start


def geometric_mean(values):
    """Geometric mean of positive values; None for an empty sequence."""
    values = list(values)
    if not values:
        return None
    for value in values:
        if value <= 0:
            raise ValueError("geometric mean needs positive values")
    return math.exp(sum([math.log(v) for v in values]) / len(values))


def warmup_summary(processes, warmup_counts, tolerance=DEFAULT_TOLERANCE):
    """Warm-up facts over several processes' iteration times.

    processes     -- list of per-process time lists (all iterations, warm-up included)
    warmup_counts -- the harness's fixed warm-up count for each process
    Returns first-iteration time (median over processes), steady-state start per process,
    whether any process never got steady, and whether any got steady only after its warm-up.
    """
    starts = [steady_state(times, tolerance) for times in processes]
    reached = [s for s in starts if s is not None]
    late = False
    for start, warmup in zip(starts, warmup_counts):
        if start is not None and start > warmup:
            late = True
    return {
        "first_iteration": median([times[0] for times in processes]) if processes else None,
        "steady_starts": starts,
        "steady_start_max": max(reached) if reached else None,
        "no_steady_state": len(reached) < len(processes),
        "warmup_too_short": late,
    }
