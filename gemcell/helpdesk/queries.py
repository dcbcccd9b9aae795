"""Reads of the helpdesk: what a user may see, the working calendar and the SLA clock, knowledge-base suggestions,
the visits calendar, the reports, and the month's problems per department for the monthly note."""
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.auth.models import User
from gemcell.core.db import utcnow
from gemcell.core.i18n import IST, to_local
from gemcell.core.listing import Listing, day_range
from gemcell.core.permissions import Role
from gemcell.core.scoping import get_visible_or_404, visible
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.helpdesk import sla
from gemcell.helpdesk.models import (OPEN_STATES, CalendarDay, FieldVisit, HelpdeskNotice, KnowledgeArticle,
                                     MessageKind, Priority, RequesterKind, Ticket, TicketCategory, TicketMessage,
                                     TicketReference, TicketState)

KB_KIND = 'helpdesk_kb'


def today() -> date:
    return to_local(utcnow()).date()


# --- the working calendar and the clock ------------------------------------------------------------------------

def _time(value: str, default: time) -> time:
    try:
        hours, minutes = (int(part) for part in str(value).split(':'))
        return time(hours, minutes)
    except (TypeError, ValueError):
        return default


def working_calendar() -> sla.WorkingCalendar:
    """The office hours (``HELPDESK_OFFICE_START``/``_END``, ``HELPDESK_WORKDAYS`` as weekday numbers, Monday 0)
    and the calendar's holidays and declared working days."""
    config = current_app.config
    weekdays = config.get('HELPDESK_WORKDAYS', '0,1,2,3,4')
    if isinstance(weekdays, str):
        weekdays = [int(d) for d in weekdays.split(',') if d.strip()]
    rows = db.session.execute(sa.select(CalendarDay.day, CalendarDay.is_holiday)).all()
    return sla.WorkingCalendar(start=_time(config.get('HELPDESK_OFFICE_START', '10:00'), sla.DEFAULT_START),
                               end=_time(config.get('HELPDESK_OFFICE_END', '18:00'), sla.DEFAULT_END),
                               weekdays=frozenset(weekdays),
                               holidays=frozenset(day for day, is_holiday in rows if is_holiday),
                               working_days=frozenset(day for day, is_holiday in rows if not is_holiday))


def ticket_clock(ticket: Ticket, now: datetime | None = None, calendar: sla.WorkingCalendar | None = None
                 ) -> sla.Clock:
    return sla.clock(calendar or working_calendar(), ticket.opened_dt, ticket.sla_hours, ticket.pause_intervals(),
                     now or utcnow())


def open_unescalated_tickets() -> list[Ticket]:
    return db.session.scalars(sa.select(Ticket).where(Ticket.state.in_(OPEN_STATES), Ticket.escalated_dt.is_(None),
                                                      Ticket.merged_into_id.is_(None))).all()


def format_hours(seconds: int) -> str:
    """'3:05' (hours:minutes) of working time."""
    sign = '−' if seconds < 0 else ''
    minutes = abs(int(seconds)) // 60
    return f'{sign}{minutes // 60}:{minutes % 60:02d}'


# --- tickets ---------------------------------------------------------------------------------------------------

def visible_tickets(user) -> sa.Select:
    stmt = sa.select(Ticket).join(TicketCategory, Ticket.category_id == TicketCategory.id) \
        .outerjoin(Department, Ticket.department_id == Department.id)
    return visible(Ticket, user, stmt)


def get_visible_ticket_or_404(ticket_id: int, user) -> Ticket:
    return get_visible_or_404(Ticket, ticket_id, user)


def visible_messages(ticket: Ticket, user) -> list[TicketMessage]:
    """Every message for the cell and government; the requester does not see the cell's internal notes."""
    if ticket.is_requester(user):
        return [m for m in ticket.messages if m.kind is MessageKind.reply]
    return list(ticket.messages)


def cell_members() -> list[User]:
    return db.session.scalars(sa.select(User).where(User.role.in_((Role.reviewer, Role.cell_head)),
                                                    User.is_active.is_(True)).order_by(User.name)).all()


def categories(active_only: bool = True) -> list[TicketCategory]:
    stmt = sa.select(TicketCategory).order_by(TicketCategory.position, TicketCategory.id)
    if active_only:
        stmt = stmt.where(TicketCategory.is_active.is_(True))
    return db.session.scalars(stmt).all()


def _state_filter(value):
    if value == 'open':
        return Ticket.state.in_(OPEN_STATES)
    if value in {s.value for s in TicketState}:
        return Ticket.state == TicketState(value)
    return None


def _int_filter(column):
    return lambda value: column == int(value) if value.isdigit() else None


def _assignee_filter(value):
    if value == 'none':
        return Ticket.assignee_id.is_(None)
    return Ticket.assignee_id == int(value) if value.isdigit() else None


TICKET_LISTING = Listing(
    sorts={'number': Ticket.number, 'opened': Ticket.opened_dt, 'priority': Ticket.priority,
           'state': Ticket.state, 'department': Department.name_hi, 'category': TicketCategory.position},
    default_sort='-opened',
    search=[Ticket.number, Ticket.subject, Ticket.description, Ticket.seller_name, Ticket.seller_gem_id,
            Department.name_hi, Department.name_en],
    filters={'state': _state_filter,
             'category': _int_filter(Ticket.category_id),
             'priority': lambda v: Ticket.priority == Priority(v) if v in {p.value for p in Priority} else None,
             'department': _int_filter(Ticket.department_id),
             'assignee': _assignee_filter,
             'requester': lambda v: Ticket.requester_kind == RequesterKind(v)
             if v in {k.value for k in RequesterKind} else None,
             'escalated': lambda v: Ticket.escalated_dt.is_not(None) if v == '1' else None,
             **day_range(Ticket.opened_dt)},
)


def unread_notices(user) -> list[HelpdeskNotice]:
    return db.session.scalars(sa.select(HelpdeskNotice).where(HelpdeskNotice.user_id == user.id,
                                                              HelpdeskNotice.read_dt.is_(None))
                              .order_by(HelpdeskNotice.created_dt.desc())).all()


def count_open(user, **where) -> int:
    stmt = visible(Ticket, user, sa.select(sa.func.count(Ticket.id))).where(Ticket.state.in_(OPEN_STATES),
                                                                             Ticket.merged_into_id.is_(None))
    for name, value in where.items():
        stmt = stmt.where(getattr(Ticket, name) == value)
    return db.session.scalar(stmt) or 0


def count_resolved_awaiting_confirmation(user) -> int:
    stmt = visible(Ticket, user, sa.select(sa.func.count(Ticket.id))).where(Ticket.state == TicketState.resolved)
    return db.session.scalar(stmt) or 0


def tickets_for_provision(model_name: str, ref_id: int) -> list[Ticket]:
    """The tickets linked to an entry of the State provisions register (for that register's page)."""
    return db.session.scalars(sa.select(Ticket).filter_by(provision_model=model_name, provision_ref_id=ref_id)
                              .order_by(Ticket.opened_dt)).all()



def tickets_about_order(order_id: int, user) -> list[Ticket]:
    """The tickets that name the order (a seller's complaint of late payment, most often), as ``user`` may see
    them, the latest first (for the order's payment page)."""
    return db.session.scalars(visible_tickets(user).join(TicketReference, TicketReference.ticket_id == Ticket.id)
                              .where(TicketReference.order_id == order_id, Ticket.merged_into_id.is_(None))
                              .order_by(Ticket.opened_dt.desc())).all()


def open_order_complaints(user, limit: int = 5) -> tuple[int, list[tuple[Ticket, TicketReference]]]:
    """How many open tickets ``user`` may see name an order of gemcell's, and the latest ``limit`` with the order
    each names (for the payments dashboard)."""
    where = (TicketReference.order_id.is_not(None), Ticket.state.in_(OPEN_STATES), Ticket.merged_into_id.is_(None))
    joined = sa.select(sa.func.count(sa.distinct(Ticket.id))).select_from(Ticket).join(
        TicketReference, TicketReference.ticket_id == Ticket.id)
    count = db.session.scalar(visible(Ticket, user, joined).where(*where)) or 0
    latest = db.session.execute(visible(Ticket, user, sa.select(Ticket, TicketReference).join(
        TicketReference, TicketReference.ticket_id == Ticket.id)).where(*where)
        .order_by(Ticket.opened_dt.desc(), Ticket.id.desc()).limit(limit)).all()
    return count, [tuple(row) for row in latest]

# --- knowledge base --------------------------------------------------------------------------------------------

#: words too common to tell one problem from another (Hindi and English)
STOPWORDS = frozenset("""
नहीं है हैं था थी थे रहा रही रहे करें करते करता करती करना करने किया किये किए की का के में से पर और को हो हुआ हुई
भी यह वह ये वे एक जा आ कर गया गई गए होता होती होते कोई तो जब तक लिए द्वारा बाद साथ अभी कृपया बताएँ बताये आप हम
हमारे हमारी मेरा मेरी इस उस इसे उसे जो कि या एवं तथा क्या कैसे क्यों रहा। समस्या त्रुटि
the is are was were not and or of to in on for a an while when with it be this that please our we my can cannot
does do not problem error issue
""".split())


def suggest_articles(text: str, limit: int = 5):
    """Published articles matching what is being typed, best first: each telling word typed (stop words left out) is
    searched on its own, and an article ranks by how many of them it holds. Fewer than two telling words suggest
    nothing, and with three or more an article must hold at least two of them."""
    from gemcell.search.queries import search
    from gemcell.search.terms import term, words
    typed = [w for w in dict.fromkeys(words(text or '')) if len(w) >= 2 and w not in STOPWORDS]
    if len(typed) < 2:
        return []
    scores, first_hit = {}, {}
    for word in dict.fromkeys(typed[:12]):
        for hit in search(word, kinds=[KB_KIND], limit=20):
            scores[hit.ref_id] = scores.get(hit.ref_id, 0) + 1
            first_hit.setdefault(hit.ref_id, hit)
    needed = 2 if len(typed) >= 3 else 1
    ranked = sorted((ref for ref, score in scores.items() if score >= needed),
                    key=lambda ref: (-scores[ref], -ref))[:limit]
    if not ranked:
        return []
    from gemcell.search.queries import Query, snippet
    query = Query(tuple(term(w) for w in typed), ())
    articles = {a.id: a for a in db.session.scalars(sa.select(KnowledgeArticle).where(
        KnowledgeArticle.id.in_(ranked), KnowledgeArticle.is_published.is_(True)))}
    out = []
    for ref in ranked:
        if ref in articles:
            article = articles[ref]
            hit = first_hit[ref]
            out.append((type(hit)(hit.kind, hit.ref_id, hit.title, snippet(f'{article.problem}\n{article.fix}', query),
                                  hit.department_id), article))
    return out


def search_articles(text: str, include_unpublished: bool = False):
    from gemcell.search.queries import search
    stmt = sa.select(KnowledgeArticle)
    if not include_unpublished:
        stmt = stmt.where(KnowledgeArticle.is_published.is_(True))
    if not (text or '').strip():
        return [(None, a) for a in db.session.scalars(stmt.order_by(KnowledgeArticle.modified_dt.desc())
                                                      .limit(50))]
    hits = search(text, kinds=[KB_KIND], limit=50)
    articles = {a.id: a for a in db.session.scalars(stmt.where(KnowledgeArticle.id.in_([h.ref_id for h in hits])))}
    return [(hit, articles[hit.ref_id]) for hit in hits if hit.ref_id in articles]


# --- visits ----------------------------------------------------------------------------------------------------

def visits_between(start: date, end: date, user) -> list[FieldVisit]:
    stmt = visible(Ticket, user, sa.select(FieldVisit).join(Ticket, FieldVisit.ticket_id == Ticket.id)) \
        .where(FieldVisit.visit_date >= start, FieldVisit.visit_date <= end) \
        .order_by(FieldVisit.visit_date, FieldVisit.id)
    return db.session.scalars(stmt).all()


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """The month as weeks (Monday first), days outside it ``None``."""
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    weeks, week = [], [None] * first.weekday()
    day = first
    while day <= last:
        week.append(day)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks


# --- the monthly note and the reports -------------------------------------------------------------------------

def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=IST)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=IST)
    return start, end


def month_problem_categories(year: int, month: int) -> dict[int, list[tuple[TicketCategory, int]]]:
    """For the monthly note's "problems faced": per department id, the categories of the tickets the department
    raised (or the cell logged for it) in the month, with their counts, most frequent first. Merged duplicates are
    not counted twice."""
    start, end = month_bounds(year, month)
    rows = db.session.execute(
        sa.select(Ticket.department_id, Ticket.category_id, sa.func.count(Ticket.id))
        .where(Ticket.department_id.is_not(None), Ticket.opened_dt >= start, Ticket.opened_dt < end,
               Ticket.merged_into_id.is_(None))
        .group_by(Ticket.department_id, Ticket.category_id)).all()
    cats = {c.id: c for c in categories(active_only=False)}
    out: dict[int, list] = {}
    for department_id, category_id, count in rows:
        out.setdefault(department_id, []).append((cats[category_id], count))
    for items in out.values():
        items.sort(key=lambda item: (-item[1], item[0].position))
    return out


@dataclass
class Report:
    total: int
    by_state: list
    by_category: list
    by_department: list
    #: tickets resolved (at least once) in the selection, and how many within their SLA
    resolved: int
    within_sla: int
    median_working_hours: float | None
    median_days: float | None

    @property
    def sla_percent(self) -> float | None:
        return round(self.within_sla * 100 / self.resolved, 1) if self.resolved else None


def report(stmt: sa.Select, now: datetime | None = None) -> Report:
    """The report over the tickets of ``stmt`` (already scoped and filtered): counts by status, category and
    department, SLA compliance (resolved within the target) and the median time to resolve in working hours and in
    calendar days."""
    now = now or utcnow()
    tickets = db.session.scalars(stmt.where(Ticket.merged_into_id.is_(None)).order_by(None)).all()
    calendar = working_calendar()
    by_state, by_category, by_department = {}, {}, {}
    hours, days = [], []
    within = 0
    for ticket in tickets:
        by_state[ticket.state] = by_state.get(ticket.state, 0) + 1
        by_category[ticket.category] = by_category.get(ticket.category, 0) + 1
        key = ticket.department if ticket.department is not None else None
        by_department[key] = by_department.get(key, 0) + 1
        if ticket.resolved_dt is not None:
            used = sla.used_seconds(calendar, ticket.opened_dt,
                                    [(b, e) for b, e in ticket.pause_intervals() if b < ticket.resolved_dt],
                                    ticket.resolved_dt)
            hours.append(used / 3600)
            days.append((ticket.resolved_dt - ticket.opened_dt).total_seconds() / 86400)
            if used <= ticket.sla_hours * 3600:
                within += 1
    return Report(
        total=len(tickets),
        by_state=[(state, by_state[state]) for state in TicketState if state in by_state],
        by_category=sorted(by_category.items(), key=lambda item: (-item[1], item[0].position)),
        by_department=sorted(by_department.items(), key=lambda item: -item[1]),
        resolved=len(hours), within_sla=within,
        median_working_hours=round(statistics.median(hours), 1) if hours else None,
        median_days=round(statistics.median(days), 1) if days else None)


REPORT_TITLE = _l('Helpdesk report')
