"""The quicker select widget writes the same HTML as WTForms' own."""

from __future__ import annotations

from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from app.widgets import LongSelect


class _Form(Form):
    quick = SelectField(choices=[], widget=LongSelect())
    standard = SelectField(choices=[])


def test_long_select_renders_exactly_like_wtforms():
    form = _Form(data={"quick": "2", "standard": "2"})
    choices = [
        SelectChoice("", "Tutti i comuni"),
        SelectChoice("1", "Cassano d'Adda & <Inzago>"),
        SelectChoice("2", 'Il "Naviglio"'),
        SelectChoice("3", "Con attributi", render_kw={"disabled": True}),
        SelectChoice(True, "Sì"),
    ]
    form.quick.choices = choices
    form.standard.choices = choices
    quick = str(form.quick()).replace("quick", "FIELD")
    standard = str(form.standard()).replace("standard", "FIELD")
    assert quick == standard
    assert '<option selected value="2">Il &#34;Naviglio&#34;</option>' in quick
    assert "&lt;Inzago&gt;" in quick
