"""gunicorn settings: the one place where workers and threads are set (override with GUNICORN_* variables)."""
import multiprocessing
import os

bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:5000')
workers = int(os.environ.get('GUNICORN_WORKERS', multiprocessing.cpu_count() * 2))
threads = int(os.environ.get('GUNICORN_THREADS', 2))
timeout = int(os.environ.get('GUNICORN_TIMEOUT', 60))
accesslog = os.environ.get('GUNICORN_ACCESSLOG', '-') or None  # empty: no access log
forwarded_allow_ips = os.environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')
