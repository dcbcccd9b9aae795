"""gunicorn settings: the one place where workers and threads are set (override with GUNICORN_* variables)."""
import gc
import multiprocessing
import os

bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:5000')
#: one worker per core and one more. The pages are mostly Python's work (the database answers in a fraction of a
#: millisecond), so more workers than that only take turns on the cores, and from PostgreSQL beside them: on 2 cores,
#: the month-end mix saturated served 101-111 requests/s with 3 workers × 2 threads, 91-96 with 4 × 2, 95 with 2 × 3
#: or 2 × 4, 100-105 with 3 × 3 or 3 × 4
workers = int(os.environ.get('GUNICORN_WORKERS', multiprocessing.cpu_count() + 1))
threads = int(os.environ.get('GUNICORN_THREADS', 2))
timeout = int(os.environ.get('GUNICORN_TIMEOUT', 60))
#: seconds a connection is kept open for the client's next request; 0: one request per connection. A kept connection
#: stays with the worker that accepted it, so its next request waits behind that worker's long one (the monthly note)
#: while other workers idle; a new connection goes to a free worker (the month-end mix: p95 1.6 s -> 1.0 s). nginx
#: opens a new connection to the app for each request anyway unless told to keep them.
keepalive = int(os.environ.get('GUNICORN_KEEPALIVE', 0))
accesslog = os.environ.get('GUNICORN_ACCESSLOG', '-') or None  # empty: no access log
forwarded_allow_ips = os.environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')


def post_worker_init(worker):
    """The objects made while loading the app (mappers, translations, the rules: some 270,000) live as long as the
    worker: they are moved out of the garbage collector's sight (``gc.freeze``), whose full collections otherwise
    walked them all, 100 ms each in the middle of some request. The young generation is collected every 10,000 new
    objects instead of 700: a page makes thousands, almost all freed by reference counting. Measured on the
    month-end mix's pages: the collector's share of the time went from 12 % to 2 %."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
