"""Administration of the plan's reference data: Drivers, missions, components, keywords,
zones, comuni and actor types. Mapped by :mod:`app.admin.blueprint`."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import choices
from app.admin import queries, services
from app.admin.forms import ActorTypeForm, ComuneForm, DriverForm, NameForm
from app.errors import INVALID, refused
from app.extensions import db
from app.inputs import parse_int
from app.pagination import page_number
from app.reference.queries import (
    get_comune_by_istat_or_404,
    get_driver_or_404,
    list_actor_types,
    list_drivers,
    list_keywords,
    list_missions,
    list_zones,
)


def reference():
    return render_template(
        "admin/reference.html",
        drivers=list_drivers(),
        missions=list_missions(),
        components=queries.list_components(),
        keywords=list_keywords(),
        zones=list_zones(),
        actor_types=list_actor_types(),
    )


def _edit(form, title: str, save, fields: list[str], back: str = "admin.reference"):
    """The common edit flow: validate, call the service, commit once, or show the errors."""
    if form.validate_on_submit():
        with refused(form) as refusal:
            save()
        if not refusal:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(back))
    status = INVALID if form.is_submitted() else 200
    return (
        render_template(
            "admin/reference_edit.html", form=form, title=title, fields=fields, back=url_for(back)
        ),
        status,
    )


def edit_driver(number: int):
    driver = get_driver_or_404(number)
    missions = {m.id: m for m in list_missions()}
    form = DriverForm(obj=driver if request.method == "GET" else None)
    form.missions.choices = choices([(m.id, f"{m.code} {m.name}") for m in missions.values()])
    if request.method == "GET":
        form.missions.data = [m.id for m in driver.missions]

    def save():
        services.update_driver(
            current_user,
            driver,
            name=form.name.data,
            description=form.description.data or "",
            missions=[missions[i] for i in form.missions.data or [] if i in missions],
        )

    title = _("Driver %(code)s", code=driver.code)
    return _edit(form, title, save, ["name", "description", "missions"])


def _edit_name(obj, title: str, service):
    form = NameForm(obj=obj if request.method == "GET" else None)
    return _edit(form, title, lambda: service(current_user, obj, name=form.name.data), ["name"])


def edit_mission(code: str):
    mission = queries.get_mission_or_404(code)
    return _edit_name(mission, _("Mission %(code)s", code=mission.code), services.update_mission)


def edit_component(code: str):
    component = queries.get_component_or_404(code)
    return _edit_name(component, _("Component %(code)s", code=component.code), services.update_component)


def edit_keyword(keyword_id: int):
    keyword = queries.get_keyword_or_404(keyword_id)
    return _edit_name(keyword, _("Vision keyword"), services.update_keyword)


def edit_zone(zone_id: int):
    zone = queries.get_zone_or_404(zone_id)
    return _edit_name(zone, _("Zone"), services.update_zone)


def edit_actor_type(actor_type_id: int):
    actor_type = queries.get_actor_type_or_404(actor_type_id)
    form = ActorTypeForm(obj=actor_type if request.method == "GET" else None)

    def save():
        services.update_actor_type(current_user, actor_type, name=form.name.data, position=form.position.data)

    return _edit(form, _("Actor type"), save, ["name", "position"])


def comuni():
    text = request.args.get("q", "")[:100]
    raw_zone = request.args.get("zona", "")
    zone_id = parse_int(raw_zone)
    page = queries.list_comuni_page(
        text, zone_id, page_number(request.args.get("page")), current_app.config["PAGE_SIZE"]
    )
    filters = {k: v for k, v in (("q", text), ("zona", raw_zone if zone_id is not None else "")) if v}
    return render_template(
        "admin/comuni.html", page=page, zones=list_zones(), filters=filters, zone_id=zone_id
    )


def edit_comune(istat_code: str):
    comune = get_comune_by_istat_or_404(istat_code)
    zones = {z.id: z for z in list_zones()}
    form = ComuneForm(obj=comune if request.method == "GET" else None)
    form.zone.choices = choices([(0, _("— no zone —"))] + [(z.id, z.name) for z in zones.values()])
    if request.method == "GET":
        form.zone.data = comune.zone_id or 0

    def save():
        services.update_comune(
            current_user,
            comune,
            name=form.name.data,
            zone=zones.get(form.zone.data),
            population=form.population.data,
        )

    title = _("Comune di %(name)s", name=comune.name)
    return _edit(form, title, save, ["name", "zone", "population"], back="admin.comuni")
