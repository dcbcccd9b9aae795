"""Reads of the meetings register."""
import sqlalchemy as sa

from gemcell.core.compliance import Compliance
from gemcell.core.listing import Listing
from gemcell.core.scoping import get_visible_or_404, visible
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.meetings.models import DONE, ActionPoint, Meeting, OwnerKind


def visible_meetings(user) -> sa.Select:
    return visible(Meeting, user, sa.select(Meeting).join(Department, Meeting.department_id == Department.id))


def get_visible_meeting_or_404(meeting_id: int, user) -> Meeting:
    return get_visible_or_404(Meeting, meeting_id, user)


def visible_points(user) -> sa.Select:
    return visible(Meeting, user, sa.select(ActionPoint).join(Meeting, ActionPoint.meeting_id == Meeting.id)
                   .join(Department, Meeting.department_id == Department.id))


def _int(column):
    return lambda value: column == int(value) if value.isdigit() else None


MEETING_LISTING = Listing(
    sorts={'date': Meeting.meeting_date, 'department': Department.name_hi, 'subject': Meeting.subject},
    default_sort='-date',
    search=[Meeting.subject, Meeting.venue, Meeting.agenda, Department.name_hi, Department.name_en],
    filters={'department': _int(Meeting.department_id)},
)


def _point_state(value):
    if value == 'open':
        return ActionPoint.compliance.not_in(DONE)
    if value == 'done':
        return ActionPoint.compliance.in_(DONE)
    if value in {c.value for c in Compliance}:
        return ActionPoint.compliance == Compliance(value)
    return None


POINT_LISTING = Listing(
    sorts={'due': ActionPoint.due_date, 'date': Meeting.meeting_date, 'department': Department.name_hi},
    default_sort='due',
    search=[ActionPoint.text, Meeting.subject, Department.name_hi, Department.name_en],
    filters={'state': _point_state, 'department': _int(Meeting.department_id),
             'owner': lambda v: ActionPoint.owner == OwnerKind(v) if v in {o.value for o in OwnerKind} else None},
)


def count_open_points(user, today, overdue_only=False, owner=None) -> int:
    stmt = visible_points(user).with_only_columns(sa.func.count(ActionPoint.id)) \
        .where(ActionPoint.compliance.not_in(DONE))
    if overdue_only:
        stmt = stmt.where(ActionPoint.due_date < today)
    if owner is not None:
        stmt = stmt.where(ActionPoint.owner == owner)
    return db.session.scalar(stmt) or 0
