"""Writes for documents: draft, approve, issue (number, render, sign, store, freeze), correct. Flush, never commit."""
from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l

from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import to_local
from gemcell.documents import pdf as document_pdf
from gemcell.documents import setting
from gemcell.documents import signing
from gemcell.documents.models import (Document, DocumentCounter, DocumentDepartment, DocumentKind,
                                      DocumentState, NumberingPattern)
from gemcell.extensions import db

DEFAULT_PATTERN = '{seq}/{year}/GeM-Cell/{file_no}'
#: the verification code's alphabet: no 0/O, 1/I/L, U (read aloud over the telephone without mistakes)
CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'


def documents_dir() -> Path:
    return Path(current_app.config['INSTANCE_PATH']) / 'documents'


def stored_path(document: Document) -> Path:
    return documents_dir() / document.filename


# --- numbering -------------------------------------------------------------------------------------------------

def _insert_ignore(model, values: dict, keys: list[str]):
    """``INSERT … ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite): create a row unless another transaction did."""
    dialect = db.session.get_bind().dialect.name
    if dialect == 'postgresql':
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(model.__table__).values(**values).on_conflict_do_nothing(index_elements=keys))


def get_pattern(kind: DocumentKind) -> NumberingPattern:
    """The numbering series of ``kind`` (made on first use from ``DOCUMENT_NUMBER_PATTERN``/``DOCUMENT_FILE_NO``)."""
    key = (current_app.config.get('DOCUMENT_NUMBER_SERIES') or {}).get(kind.value, 'default')
    pattern = db.session.scalar(sa.select(NumberingPattern).filter_by(key=key))
    if pattern is None:
        _insert_ignore(NumberingPattern, {'key': key,
                                          'pattern': setting('DOCUMENT_NUMBER_PATTERN', DEFAULT_PATTERN),
                                          'file_no': setting('DOCUMENT_FILE_NO', ''),
                                          'created_dt': utcnow(), 'modified_dt': utcnow()}, ['key'])
        pattern = db.session.scalar(sa.select(NumberingPattern).filter_by(key=key))
    return pattern


def allocate_number(pattern: NumberingPattern, year: int) -> int:
    """The next sequence number of ``pattern`` in ``year``: the counter row is read ``FOR UPDATE`` (PostgreSQL;
    SQLite's single writer lock serialises it there), so concurrent issues wait for each other; the increment
    commits or rolls back with the caller's transaction, so a failed issue leaves no gap."""
    def locked():
        return db.session.scalar(sa.select(DocumentCounter).filter_by(pattern_id=pattern.id, year=year)
                                 .with_for_update().execution_options(populate_existing=True))

    counter = locked()
    if counter is None:
        _insert_ignore(DocumentCounter, {'pattern_id': pattern.id, 'year': year, 'last_seq': 0},
                       ['pattern_id', 'year'])
        counter = locked()
    counter.last_seq += 1
    db.session.flush()
    return counter.last_seq


def new_verification_code() -> str:
    while True:
        raw = ''.join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f'{raw[:4]}-{raw[4:]}'
        if db.session.scalar(sa.select(Document.id).filter_by(verification_code=code)) is None:
            return code


def normalise_code(code: str) -> str:
    raw = ''.join(ch for ch in (code or '').upper() if ch.isalnum())
    return f'{raw[:4]}-{raw[4:]}' if len(raw) == 8 else raw


def verification_url(code: str) -> str:
    base = setting('DOCUMENT_VERIFY_BASE_URL')
    if base:
        return base.rstrip('/') + '/verify/' + code
    if has_request_context():
        return url_for('documents.verify', code=code, _external=True)
    return 'http://localhost:5000/verify/' + code


# --- drafts ----------------------------------------------------------------------------------------------------

def department_ids_of(fields: dict) -> list[int]:
    """The departments addressed, from ``fields``: ``department_ids`` (any number), or the older one-department
    ``department_id``; without either, none. In the order given, without repeats."""
    if 'department_ids' in fields:
        ids = fields['department_ids'] or []
    else:
        ids = [fields.get('department_id')]
    return list(dict.fromkeys(int(i) for i in ids if i))


def set_departments(document: Document, department_ids) -> Document:
    """Address ``document`` to exactly these departments: a row is added for each new one and deleted for each
    one dropped (the audit trail records both; an issued document refuses either, see ``models``)."""
    wanted = list(dict.fromkeys(department_ids))
    for link in list(document.addressed):
        if link.department_id not in wanted:
            document.addressed.remove(link)
            if sa.inspect(link).persistent:
                db.session.delete(link)  # deleted explicitly, so the audit trail sees it
    have = set(document.department_ids)
    for department_id in wanted:
        if department_id not in have:
            document.addressed.append(DocumentDepartment(department_id=department_id))
    return document


def _apply(document: Document, fields: dict):
    data = dict(fields['data'])
    document.kind = DocumentKind(fields['kind'])
    document.language = data.get('lang', 'hi')
    document.subject = fields['subject'].strip()
    document.addressees = list(fields.get('addressees') or [])
    set_departments(document, department_ids_of(fields))
    data.setdefault('subject', document.subject)
    document.data = data
    document_pdf.document_type(document.kind.value)  # an unknown kind raises here, not at issue


def create_document(fields: dict, user, source=None, supersedes: Document | None = None) -> Document:
    """A new draft. ``fields``: kind, subject, data (the template data), addressees (the printed lines),
    department_ids (the departments addressed; ``department_id`` for one is accepted too).
    ``source``: the record it comes from (any model instance), stored as (table name, id)."""
    document = Document(state=DocumentState.draft, created_by_id=user.id)
    _apply(document, fields)
    if source is not None:
        document.source_model = source.__tablename__
        document.source_id = source.id
    if supersedes is not None:
        document.supersedes_id = supersedes.id
        document.source_model = supersedes.source_model
        document.source_id = supersedes.source_id
    db.session.add(document)
    db.session.flush()
    return document


def update_document(document: Document, fields: dict) -> Document:
    if document.state is not DocumentState.draft:
        raise InvalidTransition('only a draft can be edited')
    _apply(document, fields)
    db.session.flush()
    return document


def approve_document(document: Document, user) -> Document:
    document.approve(user, utcnow())
    db.session.flush()
    return document


def reopen_document(document: Document, user, remark: str) -> Document:
    """The In-charge sends an approved document back to draft; the remark (required) says why."""
    remark = (remark or '').strip()
    if not remark:
        raise FormError('remark', _l('Say why the document goes back to draft.'))
    document.reopen(user, utcnow(), remark)
    db.session.flush()
    return document


def create_correction(document: Document, user) -> Document:
    """A correction is a new draft that refers to the issued document it corrects; the old one stays as issued."""
    data = {key: value for key, value in document.data.items() if key not in ('number', 'date')}
    return create_document({'kind': document.kind.value, 'subject': document.subject, 'data': data,
                            'addressees': document.addressees, 'department_ids': document.department_ids},
                           user, supersedes=document)


# --- issue -----------------------------------------------------------------------------------------------------

def _write_atomically(path: Path, content: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix='.tmp-')
    try:
        with os.fdopen(fd, 'wb') as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def issue_document(document: Document, user, today: date | None = None) -> Document:
    """Number, render, sign (where a certificate is configured), store and freeze an approved document.

    All in the caller's transaction: the number is taken under a lock, and if anything fails the number, the
    state and the row roll back together (the PDF written to disk is then an orphan, never referenced)."""
    now = utcnow()
    if document.state is not DocumentState.approved:  # refuse before a number is taken
        document.mark_issued(user, now)  # raises InvalidTransition
    today = today or to_local(now).date()
    pattern = get_pattern(document.kind)
    seq = allocate_number(pattern, today.year)
    number = pattern.format(seq, today.year)
    code = new_verification_code()

    signer = signing.load_signer(setting, user.login)
    data = {**document.data, 'number': number, 'date': today.isoformat()}
    issued = {'number': number, 'date': today.isoformat(), 'issued_by': user.name,
              'issued_by_designation': user.designation or '', 'is_signed': signer is not None}
    rendered = document_pdf.render(document.kind.value, data, verification={'code': code,
                                   'url': verification_url(code)}, signature_box=signer is not None,
                                   issued=issued)
    content = rendered.pdf
    if signer is not None:
        content = signing.sign_pdf(content, signer, rendered.signature_box, reason=f'{number}',
                                   location=data.get('place') or 'Lucknow')
    digest = hashlib.sha256(content).hexdigest()
    filename = f'{today.year}/{document.id}-{digest[:16]}.pdf'
    _write_atomically(documents_dir() / filename, content)

    document.number = number
    document.pattern_id = pattern.id
    document.year = today.year
    document.seq = seq
    document.document_date = today
    document.data = data
    document.verification_code = code
    document.sha256 = digest
    document.filename = filename
    document.is_signed = signer is not None
    document.template_version = document_pdf.TEMPLATE_VERSION
    document.mark_issued(user, now)
    db.session.flush()
    return document


def read_issued_pdf(document: Document) -> bytes:
    return stored_path(document).read_bytes()
