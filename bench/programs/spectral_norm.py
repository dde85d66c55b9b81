# Spectral norm: the largest singular value of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1)
# truncated to n x n, by power iteration on A^T A. Measures float loops over lists and calls.
# Self-check: the norm converges to 1.274224..., and for known n against a reference value.
import harness

META = {
    "name": "spectral_norm",
    "description": "power iteration for the spectral norm: float loops and calls",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 40, "quick": 100, "full": 350}


def matrix_entry(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def times_a(vector):
    n = len(vector)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += matrix_entry(i, j) * vector[j]
        out.append(total)
    return out


def times_a_transposed(vector):
    n = len(vector)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += matrix_entry(j, i) * vector[j]
        out.append(total)
    return out


def times_ata(vector):
    return times_a_transposed(times_a(vector))


def run(n):
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = times_ata(u)
        u = times_ata(v)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return (vbv / vv) ** 0.5


EXPECTED = {40: 1.2741672876292667, 100: 1.2742199912349306, 350: 1.2742240467853243}


def check(n, result):
    if n in EXPECTED:
        harness.expect_close(result, EXPECTED[n], "spectral norm", rel=1e-12)
    else:
        harness.expect_close(result, 1.2742241, "spectral norm", rel=1e-3)


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
