"""Production gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (``GUNICORN_WORKERS=8``...) or on
the command line (``-w 8``). The defaults were chosen with ``bench/http_bench.py`` on a
2-core machine (see docs/performance.md): the app is CPU-bound (templates, ORM), so
about two sync processes per core keep both cores busy while one waits on PostgreSQL,
and more processes only add memory and context switches.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count())
# threads > 1 switches to the gthread worker (keep-alive, more concurrent slow clients).
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is killed and the worker replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
# Requests come from the reverse proxy on the same host: trust its X-Forwarded-*
# only through the app's PROXY_COUNT (app.security), not here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# No control socket (gunicorn >= 25): it runs an asyncio thread in the master, so workers
# were forked from a multi-threaded process; under frequent worker recycling the
# benchmark saw workers die of SIGSEGV in the allocator and the garbage collector
# (docs/performance.md). A single-threaded master forks clean workers; `gunicornc` is not
# used (systemd and signals manage the server).
control_socket_disable = True
# Heavy NLP libraries are imported lazily by the jobs, never here: every worker stays
# small (see docs/deploy.md); preloading would only share the Flask app itself.
preload_app = False


def post_worker_init(worker) -> None:
    """Once the worker has loaded the app, move everything it loaded (~260,000 objects:
    modules, templates, mappers, reference data) out of the garbage collector's sight.

    A full collection walks every tracked object: ~145 ms of one request's time on the
    bench machine whenever it happens. What start-up loaded lives as long as the worker,
    so the collector need not look at it again (`gc.freeze`, Python >= 3.7).
    """
    gc.freeze()
