"""Server-side SVG charts of a synthesis: what each chart shows, and how it reaches a page.

A :class:`Chart` is the numbers and words of one chart; its :attr:`Chart.key` hashes them.
Charts are drawn (matplotlib, :mod:`.drawing`) when a run ends or its themes are curated, and
stored (:mod:`.prepared`); a page computes its numbers, looks its charts up by key and only
embeds them: the request does not import matplotlib. A chart found nowhere (an old run,
numbers changed since) is drawn on demand by :func:`draw` and kept on disk.

Each chart is always shown next to an HTML table with the same numbers (the accessible
alternative). The SVG is embedded inline in the page, so :func:`sanitise_svg` rewrites it,
every time, to obey the Content-Security-Policy (no ``<style>`` element and no ``style``
attribute: each CSS declaration becomes the equivalent SVG presentation attribute), prefixes
its ids so several charts can share a page, and re-serialises it with :mod:`xml.etree`,
which escapes every label (a theme named ``<script>`` stays text).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Part of every key: bump it when the drawing code changes, so stored charts are redrawn.
CHART_VERSION = "2"


@dataclass(frozen=True)
class Chart:
    """One chart as what it shows: ``kind`` (``bars`` or ``heatmap``) and the arguments of
    its drawing function in :mod:`.drawing` (plain tuples, so it hashes and compares)."""

    kind: str
    args: tuple

    @property
    def key(self) -> str:
        """The same numbers and words (labels, language) give the same key, and nothing else does."""
        return hashlib.sha256(repr((self.kind, CHART_VERSION, self.args)).encode()).hexdigest()


def bars(labels: Sequence[str], values: Sequence[float], xlabel: str) -> Chart:
    """Horizontal bars, one per label, in the given order (e.g. themes by size)."""
    return Chart("bars", (tuple(labels), tuple(float(v) for v in values), xlabel))


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    lifts: Sequence[Sequence[float | None]],
    counts: Sequence[Sequence[float]],
    colourbar_label: str,
) -> Chart:
    """A rows × columns heatmap of lift, each cell labelled with its observed count."""
    return Chart(
        "heatmap",
        (
            tuple(rows),
            tuple(columns),
            tuple(tuple(None if v is None else round(v, 6) for v in row) for row in lifts),
            tuple(tuple(float(v) for v in row) for row in counts),
            colourbar_label,
        ),
    )


# Charts drawn on demand are kept on disk, shared by every worker process of the host and
# across restarts (a fresh process drawing one takes seconds; reading it back a millisecond).
_CACHE_DIR = os.path.join(tempfile.gettempdir(), f"forum-charts-{os.getuid()}")


def _private_cache_dir() -> str | None:
    """The chart cache directory, only if it is ours and private (another local user must
    not be able to plant an SVG that the page would embed)."""
    try:
        os.makedirs(_CACHE_DIR, mode=0o700, exist_ok=True)
        info = os.stat(_CACHE_DIR)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return _CACHE_DIR


def _kept_on_disk(draw_chart):
    """Read a chart drawn before with the same key, or draw it and keep it."""

    @functools.wraps(draw_chart)
    def cached(chart: Chart) -> str:
        directory = _private_cache_dir()
        if directory is None:
            return draw_chart(chart)
        path = os.path.join(directory, f"{chart.key}.svg")
        try:
            with open(path, encoding="utf-8") as kept:
                return kept.read()
        except OSError:
            pass
        svg = draw_chart(chart)
        try:
            # Written aside, then renamed: a reader never sees half a file.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, delete=False) as part:
                part.write(svg)
            os.replace(part.name, path)
        except OSError:
            pass
        return svg

    return cached


def render(chart: Chart) -> str:
    """Draw ``chart`` now with matplotlib: its SVG, as matplotlib writes it."""
    # Imported here on purpose: matplotlib costs seconds in a fresh process, and pages whose
    # charts were prepared in the background must never load it.
    from app.synthesis.readings import drawing

    return drawing.DRAWERS[chart.kind](*chart.args)


@lru_cache(maxsize=64)
@_kept_on_disk
def draw(chart: Chart) -> str:
    """A chart no job prepared: from this process's memory, from the disk, or drawn now."""
    return render(chart)


_URL_REF = re.compile(r"url\(#([^)]+)\)")


def sanitise_svg(raw: str, chart_id: str, title: str) -> str:
    """Make matplotlib's SVG fit for inline use under the page's CSP (see the module docstring)."""
    # Parses an SVG that matplotlib drew for this application, never a document from outside.
    root = ET.fromstring(raw.encode("utf-8"))  # nosec B314
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}script"):
                parent.remove(child)
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() and value.strip():
                element.set(name.strip(), value.strip())
        if "id" in element.attrib:
            element.set("id", f"{chart_id}-{element.get('id')}")
        for attribute in ("clip-path", "mask", "fill", "filter"):
            if attribute in element.attrib:
                element.set(attribute, _URL_REF.sub(rf"url(#{chart_id}-\1)", element.get(attribute)))
        if element.get(href, "").startswith("#"):
            element.set(href, f"#{chart_id}-{element.get(href)[1:]}")
    # What the removed stylesheet said, as inherited presentation attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("class", "chart-svg")
    title_element = ET.Element(f"{{{SVG_NS}}}title", id=f"{chart_id}-title")
    title_element.text = title
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode")


@lru_cache(maxsize=64)
def embed(raw: str, chart_id: str, title: str) -> Markup:
    """A drawn chart ready for the page, under ``chart_id`` (unique on the page) and ``title``."""
    # Safe: re-serialised by xml.etree, which escapes every label (module docstring).
    return Markup(sanitise_svg(raw, chart_id, title))  # nosec B704
