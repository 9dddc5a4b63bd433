"""Form widgets shared by the forms of several domains."""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import widgets


class LongSelect(widgets.Select):
    """WTForms' ``<select>`` with a quicker way to write plain options.

    The proposal filters list ~170 options on every consultation page (133 comuni among
    them); WTForms builds each through ``html_params``, a quarter of the page's rendering
    time. An option without extra attributes is written directly, to the same HTML
    (``html_params`` sorts the attributes: ``selected`` before ``value``); any other goes
    through WTForms.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')
