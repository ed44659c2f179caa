"""How many threads the course's computations use.

A notebook's kernel runs linear algebra on one thread: on tables of a few thousand rows it is faster than
threads that mostly wait for each other, and it leaves the other cores to the other kernels of a classroom
server or a laptop. Independent pieces of work (cross-validation folds, the columns of a permutation
importance) are computed two at a time in threads instead, each exactly as it would be alone.
"""

import os
import sys

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS")


def one_thread_in_a_kernel() -> None:
    """In a notebook's kernel (ipykernel), numerical libraries on one thread, unless the variables that set
    their threads were set before it started."""
    if "ipykernel" not in sys.modules or any(os.environ.get(name) for name in THREAD_VARIABLES):
        return
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"  # for the libraries loaded from now on
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # for those already loaded


def one_thread():
    """Run linear algebra on one thread (a context): on these small tables it is faster, above all on a busy
    machine."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def two_at_a_time():
    """Compute independent pieces of work two at a time, in threads (a context for scikit-learn's n_jobs):
    each piece is computed as it would be alone, so the numbers are the same."""
    from joblib import parallel_config

    return parallel_config(backend="threading", n_jobs=2)
