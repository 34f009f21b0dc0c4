"""Small linear algebra with one BLAS thread against two, side by side.

    python benchmarks/blas_threads.py

The course multiplies small matrices: a 1500x64 batch by a 64x128 weight matrix, and the
forward and backward pass of a small network (64 -> 128 -> 10, batch 256, softmax
cross-entropy). On an idle two-core machine two threads take about half the time of
one (0.3 against 0.6 ms); as soon as anything else runs on the cores (another kernel,
the test runner, Binder's neighbours), OpenBLAS's threads wait for each other and two
threads become 10-15 times slower than one (8 against 0.6 ms). One thread is the
setting that is never slow, so the Makefile and binder/start export
OPENBLAS_NUM_THREADS=1 (and OMP_, MKL_) for every kernel. The load average is printed
with the table, since the result depends on it.

A BLAS reads its thread count once, when NumPy loads it, so each setting runs in its own
child process with the variables set; the table shows both from this one run. The
setting of the parent (the one `make` exports) is printed above the table. Runs in about
ten seconds.
"""

import json
import os
import subprocess
import sys
import time

SETTINGS = (1, 2)
VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def median_ms(step, repeats=41, inner=5):
    """Median over ``repeats`` of the time of one call, in ms (``inner`` calls each)."""
    step()  # warm up (first call allocates, starts the threads)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            step()
        times.append((time.perf_counter() - start) / inner * 1e3)
    times.sort()
    return times[len(times) // 2]


def measure():
    """Run in the child: time both operations, print a JSON dict of ms."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((1500, 64))
    w = rng.standard_normal((64, 128))

    batch = rng.standard_normal((256, 64))
    labels = rng.integers(0, 10, size=256)
    w1 = rng.standard_normal((64, 128)) * 0.1
    w2 = rng.standard_normal((128, 10)) * 0.1

    def mlp_step():
        nonlocal w1, w2
        h = np.maximum(batch @ w1, 0.0)
        z = h @ w2
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1.0  # gradient of the mean cross-entropy
        g2 = h.T @ p / len(labels)
        g1 = batch.T @ ((p @ w2.T) * (h > 0)) / len(labels)
        w1 = w1 - 0.1 * g1
        w2 = w2 - 0.1 * g2

    print(json.dumps({"product": median_ms(lambda: x @ w), "mlp": median_ms(mlp_step)}))


def main():
    inherited = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in VARIABLES)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"this process: {inherited}; {os.cpu_count()} cores; load average {load}")
    results = {}
    for threads in SETTINGS:
        env = dict(os.environ, **{k: str(threads) for k in VARIABLES})
        child = subprocess.run([sys.executable, __file__, "--child"], env=env,
                               capture_output=True, text=True, check=True)
        results[threads] = json.loads(child.stdout)

    rows = [("product", "1500x64 @ 64x128"), ("mlp", "MLP step 64-128-10, batch 256")]
    header = "".join(f"{f'{t} thread' + ('s' if t > 1 else ''):>12}" for t in SETTINGS)
    print(f"{'median time per call (ms)':<32}{header}{'ratio':>8}")
    for key, label in rows:
        ms = [results[t][key] for t in SETTINGS]
        cells = "".join(f"{m:>12.3f}" for m in ms)
        print(f"{label:<32}{cells}{ms[-1] / ms[0]:>7.1f}x")
    print(f"(ratio: {SETTINGS[-1]} threads over {SETTINGS[0]}; above 1 means one thread is faster)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        measure()
    else:
        main()
