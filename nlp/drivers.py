"""The default Driver texts shipped in ``nlp/data/drivers_it.json``.

They play two roles: the training text of :mod:`nlp.suggest` when the app has filed no proposal yet, and
the *concept space* of :mod:`nlp.vectorize` (explicit semantic analysis): a proposal about "autobus" and
one about "metropolitana" share no word, but both are close to the mobility Driver's text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .types import DriverInfo


@lru_cache(maxsize=1)
def default_drivers() -> tuple[DriverInfo, ...]:
    """The 10 Drivers with their Italian title, description and concept paragraphs.

    :raises OSError: if the packaged data file is missing (a broken installation).
    :raises ValueError: if the packaged data file is not valid JSON.
    """
    raw = resources.files("nlp").joinpath("data/drivers_it.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    out = []
    for d in data["drivers"]:
        texts = [f"{d['title']}. {d['description']}"]
        texts += [f"{c['name']}. {c['text']}" for c in d["concepts"]]
        out.append(DriverInfo(id=d["id"], title=d["title"], texts=tuple(texts)))
    return tuple(out)


def concept_texts(drivers: tuple[DriverInfo, ...] | None = None) -> tuple[list[str], list[str]]:
    """One background text per Driver (all its texts joined) and its id, for the concept space.

    Driver-level concepts, not the finer paragraphs: measured on the dev set they separate themes
    better (paragraph-level concepts split a Driver's vocabulary over several weak dimensions).

    :raises OSError: see :func:`default_drivers`.
    """
    drivers = drivers if drivers is not None else default_drivers()
    return [" ".join(d.texts) for d in drivers], [d.id for d in drivers]
