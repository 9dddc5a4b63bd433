"""The analysts' pages for official answers: a consultation's list, one proposal, one theme."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app import policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import INVALID, refused
from app.extensions import db
from app.pagination import page_number
from app.proposals.queries import get_proposal_or_404
from app.synthesis.answers import queries as answer_queries
from app.synthesis.answers import services as answers
from app.synthesis.answers.forms import AnswerForm, ThemeAnswerForm
from app.synthesis.runs.queries import get_theme_or_404


@login_required
def index(slug: str):
    policy.require(current_user, "synthesis.manage")
    consultation = get_consultation_by_slug_or_404(slug)
    status = request.args.get("stato")
    status = status if status in answer_queries.ANSWER_FILTERS else None
    page = answer_queries.list_proposals_to_answer(
        consultation.id, status, page_number(request.args.get("page")), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "synthesis/answers_index.html",
        consultation=consultation,
        page=page,
        status=status,
        pager_args={"slug": consultation.slug, **({"stato": status} if status else {})},
        answered_count=answer_queries.count_answered_proposals(consultation.id),
        themes=answer_queries.list_themes_with_answers(consultation.id),
    )


@login_required
def answer_proposal(proposal_id: int):
    policy.require(current_user, "synthesis.manage")
    proposal = get_proposal_or_404(proposal_id)
    policy.require(current_user, "proposal.answer", proposal)
    form = AnswerForm(
        data={"kind": proposal.answer_kind, "text": proposal.answer_text} if request.method == "GET" else None
    )
    if form.validate_on_submit():
        with refused(form) as refusal:
            answers.answer_proposal(current_user, proposal, form.kind.data, form.text.data)
        if not refusal:
            db.session.commit()
            flash(_("The answer is saved and the people concerned are notified."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    status = INVALID if form.is_submitted() else 200
    return render_template("synthesis/answer_proposal.html", form=form, proposal=proposal), status


@login_required
def answer_theme(theme_id: int):
    policy.require(current_user, "synthesis.manage")
    theme = get_theme_or_404(theme_id)
    proposals = answer_queries.list_theme_proposals(theme)
    form = ThemeAnswerForm()
    if form.validate_on_submit():
        with refused(form) as refusal:
            changed = answers.answer_theme(
                current_user, theme, form.kind.data, form.text.data, keep_existing=form.keep_existing.data
            )
        if not refusal:
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d proposal answered. You can now edit each answer.",
                    "%(num)d proposals answered. You can now edit each answer.",
                    len(changed),
                ),
                "success",
            )
            consultation = answer_queries.get_theme_consultation(theme)
            return redirect(url_for("answers.index", slug=consultation.slug))
    status = INVALID if form.is_submitted() else 200
    consultation = answer_queries.get_theme_consultation(theme)
    return (
        render_template(
            "synthesis/answer_theme.html",
            form=form,
            theme=theme,
            proposals=proposals,
            consultation=consultation,
        ),
        status,
    )
