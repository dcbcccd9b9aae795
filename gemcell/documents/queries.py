"""Reads for documents, always through ``visible_documents``: the cell sees every document; Administration every
issued one; a nodal officer the issued documents addressed to their own department (among the departments a
document is addressed to, ``document_departments``). Anything else is a 404.

This is the documents' own department scope: ``core.scoping`` scopes by one department column, and a document has
a set of departments (and a state) instead. The list, the detail and every other document view read through it."""
import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l

from gemcell.core.listing import Listing
from gemcell.core.permissions import Permission, has_permission
from gemcell.documents.models import Document, DocumentDepartment, DocumentKind, DocumentState
from gemcell.extensions import db


def addressed_to(department_id: int):
    """The WHERE clause: documents addressed to this department (one of their departments)."""
    return Document.addressed.any(DocumentDepartment.department_id == department_id)


def document_filter(user):
    """The WHERE clause limiting documents to what ``user`` may see (``None``: no limit)."""
    if not has_permission(user, Permission.VIEW_DOCUMENTS):
        return sa.false()
    if has_permission(user, Permission.REVIEW):
        return None
    issued = Document.state == DocumentState.issued
    if has_permission(user, Permission.VIEW_ALL_DEPARTMENTS):
        return issued
    if getattr(user, 'department_id', None) is None:
        return sa.false()
    return sa.and_(issued, addressed_to(user.department_id))


def visible_documents(user, stmt=None):
    stmt = sa.select(Document) if stmt is None else stmt
    clause = document_filter(user)
    return stmt if clause is None else stmt.where(clause)


def addressed_names(document_ids: list[int]) -> dict[int, list[str]]:
    """``document id -> the names of the departments it is addressed to``, in the interface language and sorted as
    ``Document.departments`` sorts them, read as plain rows: a direction to the whole State names a hundred
    departments, which as objects cost a list page more than the rest of it."""
    from gemcell.directory.models import Department
    if not document_ids:
        return {}
    names: dict[int, list[str]] = {}
    for document_id, name in db.session.execute(
            sa.select(DocumentDepartment.document_id, Department.name)
            .join(Department, Department.id == DocumentDepartment.department_id)
            .where(DocumentDepartment.document_id.in_(document_ids))):
        names.setdefault(document_id, []).append(name)
    return {document_id: sorted(found) for document_id, found in names.items()}


def get_visible_document_or_404(document_id: int, user) -> Document:
    document = db.session.scalar(visible_documents(user).where(Document.id == document_id))
    if document is None:
        abort(404)
    return document


def get_by_code(code: str) -> Document | None:
    """An issued document by its verification code (public: the caller shows metadata only)."""
    return db.session.scalar(sa.select(Document).where(Document.verification_code == code,
                                                       Document.state == DocumentState.issued))


def get_by_sha256(digest: str) -> Document | None:
    return db.session.scalar(sa.select(Document).where(Document.sha256 == digest,
                                                       Document.state == DocumentState.issued))


def get_corrections(document: Document) -> list[Document]:
    return db.session.scalars(sa.select(Document).where(Document.supersedes_id == document.id)
                              .order_by(Document.id)).all()


STATE_CHOICES = [('', _l('All'))] + [(s.value, s.title) for s in DocumentState]
KIND_CHOICES = [('', _l('All'))] + [(k.value, k.title) for k in DocumentKind]

DOCUMENT_LISTING = Listing(
    sorts={'number': Document.number, 'date': Document.document_date, 'subject': Document.subject,
           'created': Document.created_dt, 'state': Document.state},
    default_sort='-created',
    search=[Document.number, Document.subject],
    filters={
        'state': lambda v: Document.state == DocumentState(v) if v in {s.value for s in DocumentState} else None,
        'kind': lambda v: Document.kind == DocumentKind(v) if v in {k.value for k in DocumentKind} else None,
        'department': lambda v: addressed_to(int(v)) if v.isdigit() else None,
    },
)


def get_issuing_officer():
    """The officer who issues documents, so signs them by default: the first active In-charge (``cell_head``)."""
    from gemcell.auth.models import User
    from gemcell.core.permissions import Role
    return db.session.scalar(sa.select(User).filter_by(role=Role.cell_head, is_active=True).order_by(User.id)
                             .limit(1))
