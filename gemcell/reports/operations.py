"""Writes of the reports module: the cell's remarks on a month's note, and the note prepared as a report document
(a draft in the documents register, which the In-charge approves and issues). Flush, never commit."""
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from gemcell.core.db import InvalidTransition
from gemcell.documents.models import DocumentState
from gemcell.documents.operations import create_document, update_document
from gemcell.extensions import db
from gemcell.reports.document import note_fields
from gemcell.reports.models import MonthlyNote
from gemcell.reports.note import compute_note


def get_or_create_note(month: date, user=None) -> MonthlyNote:
    note = db.session.scalar(sa.select(MonthlyNote).filter_by(month=month))
    if note is None:
        note = MonthlyNote(month=month, remarks='', created_by_id=getattr(user, 'id', None))
        db.session.add(note)
        db.session.flush()
    return note


def save_remarks(note: MonthlyNote, remarks: str) -> MonthlyNote:
    if note.is_issued:
        raise InvalidTransition(_l('The note for this month has been issued; its remarks can no longer be changed.'))
    note.remarks = (remarks or '').strip()
    db.session.flush()
    return note


def prepare_document(note: MonthlyNote, user, today: date, lang: str = 'hi'):
    """Compute the note as it stands today and put it, with the remarks, into its report document: a new draft,
    or the draft prepared before (refreshed). An approved note must be sent back to draft first; an issued one is
    corrected through the documents register."""
    document = note.document
    if document is not None and document.state is DocumentState.issued:
        raise InvalidTransition(_l('The note for this month has been issued. A correction is drafted from the '
                                   'document in the register.'))
    if document is not None and document.state is DocumentState.approved:
        raise InvalidTransition(_l('The note has been approved. The In-charge must send it back to draft before it '
                                   'is prepared again.'))
    fields = note_fields(compute_note(note.month, today), note.remarks, lang, today)
    if document is None:
        document = create_document(fields, user, source=note)
        note.document_id = document.id
    else:
        update_document(document, fields)
    db.session.flush()
    return document
