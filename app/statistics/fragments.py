"""The rendered figures of a scope, kept per process.

The tables and the map of a scope change only when the stored snapshot does, so their HTML
is rendered once per (scope, snapshot, language, exact or public, reference version) and
reused: an analyst's page — which the page cache never keeps, it is personal — then costs
the page around it, not 1,500 formatted numbers and 133 map shapes. A small LRU (each entry
is ~250 KB) per worker process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from markupsafe import Markup

MAX_ENTRIES = 24
_entries: OrderedDict[tuple, Markup] = OrderedDict()
_lock = Lock()


def rendered(key: tuple, render: Callable[[], str]) -> Markup:
    """The HTML ``render()`` made for ``key``, rendering it on the first call."""
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    html = Markup(render())
    with _lock:
        _entries[key] = html
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return html
