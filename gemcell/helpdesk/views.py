"""Pages of the helpdesk: tickets (list with bulk actions, new ticket with knowledge-base suggestions, the ticket
with its clock, messages, history and visits), the visits calendar, the knowledge base, the reports, and the
administrator's categories and calendar."""
from datetime import date, timedelta

import sqlalchemy as sa

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from gemcell.attachments.models import Attachment
from gemcell.attachments.operations import AttachmentError, attachment_response
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.htmx import render_page
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import visible
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory.models import District
from gemcell.directory.queries import department_options
from gemcell.extensions import db
from gemcell.helpdesk import operations, queries
from gemcell.helpdesk.forms import (ArticleForm, BulkForm, CalendarDayForm, CategoryForm, ChangeTicketForm,
                                    MergeForm, MessageForm, TicketForm, TransitionForm, VisitForm, select_choices)
from gemcell.helpdesk.models import (CalendarDay, FieldVisit, KnowledgeArticle, MessageKind, Priority,
                                     RequesterKind, Ticket, TicketAttachment, TicketCategory, TicketMessage,
                                     TicketState)


class TicketsBase(GemView):
    PERMISSION = Permission.VIEW_TICKETS


class ManageTicketsBase(GemView):
    """The cell's work on tickets."""

    PERMISSION = Permission.REVIEW


class TicketViewBase(TicketsBase):
    """One ticket, within the user's department scope (another department's, or a seller's for an officer: 404)."""

    def load(self, ticket_id, **kwargs):
        self.ticket = queries.get_visible_ticket_or_404(ticket_id, current_user)


class ManageTicketBase(TicketViewBase):
    PERMISSION = Permission.REVIEW

    def check_access(self):
        super().check_access()
        if not self.ticket.can_manage(current_user):
            abort(403)


class SettingsBase(GemView):
    PERMISSION = Permission.MANAGE_HELPDESK


def _category_choices(blank=True):
    choices = [(str(c.id), c.name) for c in queries.categories()]
    return ([('', '—')] if blank else []) + choices


def _member_choices(blank=True):
    return ([('', '—')] if blank else []) + [(str(u.id), u.name) for u in queries.cell_members()]


# --- list and bulk -------------------------------------------------------------------------------------------------

def ticket_columns():
    now = utcnow()
    calendar = queries.working_calendar()

    def clock(ticket):
        return queries.ticket_clock(ticket, now, calendar)

    return [(_('Number'), lambda t: t.number), (_('Raised on'), lambda t: t.opened_dt),
            (_('Requester'), lambda t: str(t.requester_kind.title)),
            (_('Department'), lambda t: t.department.name if t.department else ''),
            (_('GeM seller id'), lambda t: t.seller_gem_id or ''),
            (_('Name of the firm'), lambda t: t.seller_name or ''),
            (_('Category'), lambda t: t.category.name), (_('Priority'), lambda t: str(t.priority.title)),
            (_('Subject'), lambda t: t.subject), (_('Status'), lambda t: t.state_title),
            (_('Assigned to'), lambda t: t.assignee.name if t.assignee else ''),
            (_('SLA (working hours)'), lambda t: t.sla_hours),
            (_('Working hours used'), lambda t: round(clock(t).used_seconds / 3600, 2)),
            (_('SLA breached'), lambda t: _('Yes') if clock(t).is_breached else ''),
            (_('Escalated on'), lambda t: t.escalated_dt), (_('Resolved on'), lambda t: t.resolved_dt),
            (_('Resolution'), lambda t: t.resolution or ''),
            (_('Related numbers'), lambda t: ', '.join(r.number for r in t.references)),
            (_('Needs a change of the GeM portal'), lambda t: _('Yes') if t.needs_portal_change else '')]


class ListTicketsView(TicketsBase, ListViewBase):
    LISTING = queries.TICKET_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'helpdesk/list.html', 'helpdesk/_table.html', 'tickets'

    def statement(self):
        return queries.visible_tickets(current_user)

    def export_columns(self, rows):
        return ticket_columns()

    def context(self, items):
        now = utcnow()
        calendar = queries.working_calendar()
        bulk = BulkForm(formdata=None)
        bulk.assignee_id.choices = select_choices(_member_choices())
        return {'clocks': {t.id: queries.ticket_clock(t, now, calendar) for t in items},
                'state_choices': [('', _('All')), ('open', _('Open'))] + [(s.value, s.title) for s in TicketState],
                'category_choices': [('', _('All'))] + _category_choices(blank=False),
                'priority_choices': [('', _('All'))] + [(p.value, p.title) for p in Priority],
                'department_choices': [('', _('All'))] + department_options(current_user),
                'requester_choices': [('', _('All'))] + [(k.value, k.title) for k in RequesterKind],
                'assignee_choices': [('', _('All')), ('none', _('Nobody yet'))] + _member_choices(blank=False),
                'bulk_form': bulk, 'notices': queries.unread_notices(current_user),
                'format_hours': queries.format_hours}


class BulkView(ManageTicketsBase):
    """Assign or close the ticked tickets (all or none)."""

    def post(self):
        form = BulkForm()
        form.assignee_id.choices = select_choices(_member_choices())
        ids = [int(i) for i in request.form.getlist('ticket_ids') if i.isdigit()]
        tickets = db.session.scalars(visible(Ticket, current_user, sa.select(Ticket))
                                     .where(Ticket.id.in_(ids))).all() if ids else []
        if not tickets:
            flash(_('Tick the tickets first.'), 'error')
            return redirect(url_for('helpdesk.list', **request.args), 303)  # never to the Referer's site
        try:
            count = operations.bulk_action(tickets, form.action.data, current_user,
                                           {'assignee_id': form.assignee_id.data, 'note': form.note.data})
        except InvalidTransition as exc:
            db.session.rollback()
            flash(str(exc), 'error')
        else:
            flash(_('%(count)s tickets updated.', count=count), 'success')
        return redirect(url_for('helpdesk.list', **{k: v for k, v in request.args.items()}), 303)


class ReadNoticesView(TicketsBase):
    def post(self):
        operations.mark_notices_read(current_user)
        return redirect(url_for('helpdesk.list'), 303)


# --- a new ticket --------------------------------------------------------------------------------------------

class NewTicketView(TicketsBase, FormViewBase):
    """A nodal officer raises a ticket for the department; the cell logs one for a department or a seller firm.
    While the problem is typed, the knowledge base offers its answers (``SuggestView``)."""

    TEMPLATE = 'helpdesk/new.html'

    def check_access(self):
        super().check_access()
        if not (has_permission(current_user, Permission.RAISE_TICKETS) or
                has_permission(current_user, Permission.REVIEW)):
            abort(403)
        if has_permission(current_user, Permission.RAISE_TICKETS) and current_user.department_id is None:
            abort(403)

    def make_form(self):
        form = TicketForm()
        form.category_id.choices = select_choices(_category_choices())
        form.department_id.choices = select_choices([('', '—')] + department_options(current_user))
        return form

    def save(self, form):
        try:
            ticket = operations.create_ticket(form.data, current_user, request.files.getlist('files'))
        except AttachmentError as exc:
            raise FormError('files', str(exc)) from None
        flash(_('Ticket %(number)s is registered. The GeM Cell will answer here.', number=ticket.number), 'success')
        return url_for('helpdesk.detail', ticket_id=ticket.id)

    def context(self):
        return {'is_cell': has_permission(current_user, Permission.REVIEW)}

    def render(self, form, status=200):
        if status != 200:
            db.session.rollback()
        return super().render(form, status)


class SuggestView(TicketsBase):
    """Knowledge-base articles for what is typed in the new ticket's subject and description (htmx, debounced)."""

    def get(self):
        text = ' '.join(request.args.get(name, '')[:2000] for name in ('subject', 'description'))
        response = make_response(render_template('helpdesk/_suggestions.html',
                                                 suggestions=queries.suggest_articles(text)))
        response.vary.add('HX-Request')
        return response


# --- one ticket --------------------------------------------------------------------------------------------------

def detail_context(ticket, **forms):
    now = utcnow()
    transition = forms.get('transition_form') or TransitionForm(formdata=None)
    transition.assignee_id.choices = select_choices(_member_choices())
    change = forms.get('change_form') or ChangeTicketForm(formdata=None, data={
        'category_id': str(ticket.category_id), 'priority': ticket.priority.value,
        'needs_portal_change': ticket.needs_portal_change})
    change.category_id.choices = select_choices(_category_choices(blank=False))
    message_form = forms.get('message_form') or MessageForm(formdata=None)
    if not ticket.can_manage(current_user):
        message_form.kind.choices = list(message_form.kind.choices)[:1]
    return {'ticket': ticket, 'clock': queries.ticket_clock(ticket, now), 'now': now,
            'messages': queries.visible_messages(ticket, current_user),
            'can_manage': ticket.can_manage(current_user), 'can_reply': ticket.can_reply(current_user),
            'can_reopen': ticket.can_reopen(current_user, queries.today(), operations.reopen_days()),
            'can_close_resolved': ticket.state is TicketState.resolved and (
                ticket.can_manage(current_user) or ticket.is_requester(current_user)),
            'is_requester': ticket.is_requester(current_user), 'reopen_days': operations.reopen_days(),
            'message_form': message_form, 'transition_form': transition, 'change_form': change,
            'merge_form': forms.get('merge_form') or MergeForm(formdata=None),
            'format_hours': queries.format_hours,
            'article': db.session.scalar(sa.select(KnowledgeArticle).filter_by(source_ticket_id=ticket.id)),
            'can_see_bids': has_permission(current_user, Permission.VIEW_ALL_DEPARTMENTS)
            or ticket.department_id == getattr(current_user, 'department_id', None)}


class TicketDetailView(TicketViewBase):
    """The ticket; opening it marks the user's notices about it read."""

    def get(self, ticket_id):
        operations.mark_notices_read(current_user, ticket=self.ticket)
        return render_template('helpdesk/detail.html', **detail_context(self.ticket))


class ReplyView(TicketViewBase):
    """A reply (the requester and the cell) or an internal note (the cell), with files."""

    def check_access(self):
        super().check_access()
        if not self.ticket.can_reply(current_user):
            abort(403)

    def post(self, ticket_id):
        form = MessageForm()
        if form.validate_on_submit():
            kind = MessageKind(form.kind.data) if self.ticket.can_manage(current_user) else MessageKind.reply
            try:
                operations.add_message(self.ticket, kind, form.body.data, current_user,
                                       request.files.getlist('files'))
            except AttachmentError as exc:
                form.files.errors.append(str(exc))
            except FormError as exc:
                getattr(form, exc.field).errors.append(str(exc.message))
            else:
                flash(_('The note is saved.') if kind is MessageKind.note else _('The reply is sent.'), 'success')
                return redirect(url_for('helpdesk.detail', ticket_id=self.ticket.id) + '#messages', 303)
        db.session.rollback()
        return make_response(render_template('helpdesk/detail.html',
                                             **detail_context(self.ticket, message_form=form)), 422)


class TransitionView(TicketViewBase):
    """Assign, start work, wait (on whom), resolve, close, reopen: the cell, and the requester (close a resolved
    ticket, reopen)."""

    def check_access(self):
        super().check_access()
        if not (self.ticket.can_manage(current_user) or self.ticket.is_requester(current_user)):
            abort(403)

    def post(self, ticket_id):
        form = TransitionForm()
        form.assignee_id.choices = select_choices(_member_choices())
        if form.validate_on_submit():
            try:
                operations.transition(self.ticket, form.action.data, current_user, form.data)
            except InvalidTransition as exc:
                form.action.errors.append(str(exc))
            else:
                flash(_done(form.action.data), 'success')
                return redirect(url_for('helpdesk.detail', ticket_id=self.ticket.id), 303)
        db.session.rollback()
        return make_response(render_template('helpdesk/detail.html',
                                             **detail_context(self.ticket, transition_form=form)), 422)


def _done(action: str) -> str:
    return {'assign': _('The ticket is assigned.'), 'start': _('Work on the ticket has started.'),
            'wait': _('The ticket waits; the SLA clock is paused.'), 'resolve': _('The ticket is resolved.'),
            'close': _('The ticket is closed.'), 'reopen': _('The ticket is reopened.')}.get(action, '')


class ChangeTicketView(ManageTicketBase):
    def post(self, ticket_id):
        form = ChangeTicketForm()
        form.category_id.choices = select_choices(_category_choices(blank=False))
        if form.validate_on_submit():
            try:
                operations.change_ticket(self.ticket, form.data, current_user)
            except FormError as exc:
                getattr(form, exc.field).errors.append(str(exc.message))
            else:
                flash(_('The ticket is updated.'), 'success')
                return redirect(url_for('helpdesk.detail', ticket_id=self.ticket.id), 303)
        db.session.rollback()
        return make_response(render_template('helpdesk/detail.html',
                                             **detail_context(self.ticket, change_form=form)), 422)


class MergeView(ManageTicketBase):
    """Merge this ticket (a duplicate) into the ticket named by its number."""

    def post(self, ticket_id):
        form = MergeForm()
        if form.validate_on_submit():
            target = db.session.scalar(sa.select(Ticket).filter_by(number=form.target.data.strip().upper()))
            try:
                if target is None:
                    raise FormError('target', _('There is no ticket with this number.'))
                operations.merge_tickets(self.ticket, target, current_user)
            except FormError as exc:
                form.target.errors.append(str(exc.message))
            else:
                flash(_('Ticket %(number)s is merged into %(target)s.', number=self.ticket.number,
                        target=target.number), 'success')
                return redirect(url_for('helpdesk.detail', ticket_id=target.id), 303)
        db.session.rollback()
        return make_response(render_template('helpdesk/detail.html',
                                             **detail_context(self.ticket, merge_form=form)), 422)


class AttachmentView(TicketViewBase):
    """A file of a message the user may see."""

    def get(self, ticket_id, attachment_id):
        message = db.session.scalar(sa.select(TicketMessage).join(
            TicketAttachment, TicketAttachment.message_id == TicketMessage.id).where(
            TicketAttachment.attachment_id == attachment_id, TicketMessage.ticket_id == self.ticket.id))
        if message is None or message not in queries.visible_messages(self.ticket, current_user):
            abort(404)
        return attachment_response(db.session.get(Attachment, attachment_id))


# --- field visits ------------------------------------------------------------------------------------------------

def _visit_form(visit=None):
    if request.method == 'POST':
        form = VisitForm()
    elif visit is not None:
        form = VisitForm(obj=visit)
        form.officer_id.data = str(visit.officer_id)
        form.district_id.data = str(visit.district_id or '')
        form.state.data = visit.state.value
    else:
        form = VisitForm(formdata=None, data={'officer_id': str(current_user.id), 'visit_date': queries.today()})
    form.officer_id.choices = select_choices(_member_choices())
    form.district_id.choices = select_choices([('', '—')] + [(str(d.id), d.name) for d in db.session.scalars(
        sa.select(District).order_by(District.name_en))])
    return form


class NewVisitView(ManageTicketBase, FormViewBase):
    TEMPLATE = 'helpdesk/visit.html'

    def make_form(self):
        return _visit_form()

    def save(self, form):
        operations.save_visit(None, self.ticket, form.data, current_user)
        flash(_('The field visit is saved.'), 'success')
        return url_for('helpdesk.detail', ticket_id=self.ticket.id) + '#visits'

    def context(self):
        return {'ticket': self.ticket, 'visit': None}


class EditVisitView(ManageTicketsBase, FormViewBase):
    TEMPLATE = 'helpdesk/visit.html'

    def load(self, visit_id):
        self.visit = db.get_or_404(FieldVisit, visit_id)

    def make_form(self):
        return _visit_form(self.visit)

    def save(self, form):
        operations.save_visit(self.visit, self.visit.ticket, form.data, current_user)
        flash(_('The field visit is saved.'), 'success')
        return url_for('helpdesk.detail', ticket_id=self.visit.ticket_id) + '#visits'

    def context(self):
        return {'ticket': self.visit.ticket, 'visit': self.visit}


class VisitsCalendarView(TicketsBase):
    """The month's field visits as a calendar (``?month=2026-11``), with holidays marked."""

    def get(self):
        try:
            year, month = (int(p) for p in request.args.get('month', '').split('-'))
            first = date(year, month, 1)
        except ValueError:
            first = queries.today().replace(day=1)
        weeks = queries.month_grid(first.year, first.month)
        last = max(d for week in weeks for d in week if d)
        visits = queries.visits_between(first, last, current_user)
        by_day = {}
        for visit in visits:
            by_day.setdefault(visit.visit_date, []).append(visit)
        holidays = {d.day: d for d in db.session.scalars(sa.select(CalendarDay).where(
            CalendarDay.day >= first, CalendarDay.day <= last))}
        previous = (first - timedelta(days=1)).replace(day=1)
        following = last + timedelta(days=1)
        return render_template('helpdesk/visits.html', weeks=weeks, first=first, by_day=by_day, visits=visits,
                               holidays=holidays, previous=previous, following=following,
                               month_label=month_label(first),
                               calendar=queries.working_calendar(), today=queries.today())


def month_label(first: date) -> str:
    """'नवम्बर 2026' / 'November 2026'."""
    from gemcell.core.i18n import HINDI_MONTHS, language
    if language() == 'hi':
        return f'{HINDI_MONTHS[first.month - 1]} {first.year}'
    return first.strftime('%B %Y')


# --- knowledge base ---------------------------------------------------------------------------------------------

class KnowledgeBaseView(TicketsBase):
    def get(self):
        text = (request.args.get('q') or '').strip()[:200]
        results = queries.search_articles(text, include_unpublished=has_permission(current_user, Permission.REVIEW))
        return render_page('helpdesk/kb.html', 'helpdesk/_kb_results.html', q=text, results=results)


class ArticleView(TicketsBase):
    def load(self, article_id):
        self.article = db.get_or_404(KnowledgeArticle, article_id)
        if not self.article.is_published and not has_permission(current_user, Permission.REVIEW):
            abort(404)

    def get(self, article_id):
        return render_template('helpdesk/article.html', article=self.article)


class ArticleFormBase(ManageTicketsBase, FormViewBase):
    TEMPLATE = 'helpdesk/article_form.html'
    article = None
    ticket = None

    def make_form(self):
        if request.method == 'POST':
            form = ArticleForm()
        elif self.article is not None:
            form = ArticleForm(obj=self.article)
            form.category_id.data = str(self.article.category_id or '')
        elif self.ticket is not None:
            data = operations.article_draft(self.ticket)
            data['category_id'] = str(data['category_id'])
            form = ArticleForm(formdata=None, data=data)
        else:
            form = ArticleForm(formdata=None)
        form.category_id.choices = select_choices(_category_choices())
        return form

    def save(self, form):
        article = operations.save_article(self.article, form.data, current_user, ticket=self.ticket)
        flash(_('The article is saved in the knowledge base.'), 'success')
        return url_for('helpdesk.article', article_id=article.id)

    def context(self):
        return {'article': self.article, 'ticket': self.ticket}


class NewArticleView(ArticleFormBase):
    pass


class EditArticleView(ArticleFormBase):
    def load(self, article_id):
        self.article = db.get_or_404(KnowledgeArticle, article_id)


class ArticleFromTicketView(ArticleFormBase):
    """A knowledge-base article written from a resolved ticket (its problem and resolution as the first draft)."""

    def load(self, ticket_id):
        self.ticket = queries.get_visible_ticket_or_404(ticket_id, current_user)
        if self.ticket.resolution is None:
            abort(404)


# --- reports ---------------------------------------------------------------------------------------------------

class ReportsView(TicketsBase):
    """Tickets by status, category and department; SLA compliance and the median time to resolve, over the tickets
    raised in the chosen period (and department, category); ``?format=csv|xlsx`` downloads the tickets with their
    SLA figures."""

    def get(self):
        args = MultiDict({k: v for k, v in request.args.items() if k in ('from', 'until', 'department', 'category',
                                                                           'requester', 'format')})
        listing = queries.TICKET_LISTING
        state = listing.state(args)
        stmt = listing.statement(queries.visible_tickets(current_user), state)
        fmt = request.args.get('format')
        if fmt:
            return export_response(db.session.scalars(stmt).all(), ticket_columns(), fmt, 'helpdesk-report')
        return render_template('helpdesk/reports.html', report=queries.report(stmt), state=state,
                               department_choices=[('', _('All'))] + department_options(current_user),
                               category_choices=[('', _('All'))] + _category_choices(blank=False),
                               requester_choices=[('', _('All'))] + [(k.value, k.title) for k in RequesterKind])


# --- settings ----------------------------------------------------------------------------------------------------

class CategoriesView(SettingsBase, FormViewBase):
    TEMPLATE = 'helpdesk/categories.html'

    def make_form(self):
        return CategoryForm()

    def save(self, form):
        category = operations.save_category(None, form.data)
        flash(_('“%(name)s” is added to the categories.', name=category.name), 'success')
        return url_for('helpdesk.categories')

    def context(self):
        return {'categories': queries.categories(active_only=False)}


class EditCategoryView(SettingsBase, FormViewBase):
    TEMPLATE = 'helpdesk/edit_category.html'

    def load(self, category_id):
        self.category = db.get_or_404(TicketCategory, category_id)

    def make_form(self):
        return CategoryForm(obj=self.category) if request.method == 'GET' else CategoryForm()

    def save(self, form):
        operations.save_category(self.category, form.data)
        flash(_('The category is saved.'), 'success')
        return url_for('helpdesk.categories')

    def context(self):
        return {'category': self.category}


class CalendarView(SettingsBase, FormViewBase):
    """The holiday calendar: gazetted holidays, and days declared working."""

    TEMPLATE = 'helpdesk/calendar.html'

    def make_form(self):
        return CalendarDayForm()

    def save(self, form):
        operations.save_calendar_day(form.data)
        flash(_('The calendar is saved.'), 'success')
        return url_for('helpdesk.calendar', year=form.day.data.year)

    def context(self):
        year = request.args.get('year', queries.today().year, type=int)
        days = db.session.scalars(sa.select(CalendarDay).where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)).order_by(CalendarDay.day))
        return {'days': days.all(), 'year': year}


class DeleteCalendarDayView(SettingsBase):
    def load(self, day_id):
        self.day = db.get_or_404(CalendarDay, day_id)

    def post(self, day_id):
        year = self.day.day.year
        operations.delete_calendar_day(self.day)
        flash(_('The day is removed from the calendar.'), 'success')
        return redirect(url_for('helpdesk.calendar', year=year), 303)
