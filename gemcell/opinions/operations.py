"""Writes of the opinions module (flush, never commit): a question asked, the cell's answer drafted as a letter and
issued, and the library's Government orders and circulars, each kept in the full-text index."""
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from gemcell.attachments.operations import store_upload, store_uploads
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import format_short_date, to_local
from gemcell.documents import operations as documents
from gemcell.documents.forms import department_line, parse_body
from gemcell.documents.models import DocumentKind, DocumentState
from gemcell.documents.queries import get_issuing_officer
from gemcell.extensions import db
from gemcell.opinions.models import LibraryItem, LibraryKind, Opinion, OpinionState
from gemcell.search.operations import index_entry

RULE_ID = re.compile(r'[A-Z][A-Z0-9+.\-]*[A-Z0-9+]')


@lru_cache(maxsize=1)
def rules() -> dict:
    """The rules an answer may cite: RULES.md's ids (with their text) and the scrutiny rules' ids."""
    known = json.loads((Path(__file__).with_name('rules.json')).read_text(encoding='utf-8'))
    from gemcell.scrutiny.rules import REGISTRY
    for rule_id, rule in REGISTRY.items():
        known.setdefault(rule_id, {'text': str(rule.title)})
    return known


def parse_rule_ids(text: str) -> list[str]:
    """Rule ids from what the cell typed (separated by commas, spaces or lines); an unknown id is refused."""
    ids = list(dict.fromkeys(part.strip().upper() for part in re.split(r'[\s,;]+', text or '') if part.strip()))
    unknown = [rule_id for rule_id in ids if rule_id not in rules()]
    if unknown:
        raise FormError('rule_ids', _l('Not a rule id of RULES.md: %(ids)s.', ids=', '.join(unknown)))
    return ids


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or '').splitlines() if line.strip()]


def today() -> date:
    return to_local(utcnow()).date()


def search_text(opinion: Opinion) -> str:
    cited = [f'{rule_id} {rules().get(rule_id, {}).get("text", "")}' for rule_id in opinion.rule_ids or []]
    return '\n'.join([opinion.question, opinion.answer or '', *cited, *(opinion.go_refs or [])])


# --- a department's question -------------------------------------------------------------------------------

def ask_opinion(department, subject: str, question: str, uploads, user) -> Opinion:
    opinion = Opinion(department_id=department.id, subject=subject.strip(), question=question.strip(),
                      asked_by_id=user.id, asked_dt=utcnow(), state=OpinionState.asked)
    opinion.attachments.extend(store_uploads(uploads or [], user))
    db.session.add(opinion)
    db.session.flush()
    return opinion


def letter_fields(opinion: Opinion) -> dict:
    signatory = get_issuing_officer()
    asked = format_short_date(to_local(opinion.asked_dt).date())
    paragraphs = [f'कृपया अपने विभाग द्वारा दिनांक {asked} को "{opinion.subject}" विषयक प्रकरण में जेम सेल से चाहे '
                  f'गये अभिमत का सन्दर्भ ग्रहण करें।']
    paragraphs += parse_body(opinion.answer or '')
    cited = [f'{rule_id}: {rules()[rule_id]["text"]}' for rule_id in opinion.rule_ids or [] if rule_id in rules()]
    cited += list(opinion.go_refs or [])
    if cited:
        paragraphs.append({'text': 'उक्त अभिमत निम्नलिखित नियमों / शासनादेशों पर आधारित है:-', 'items': cited})
    sender = {'name': signatory.name if signatory else 'प्रभारी',
              'designation': (signatory.designation if signatory else '') or 'जेम सेल, उत्तर प्रदेश'}
    to = [department_line(opinion.department, 'hi')]
    data = {'lang': 'hi', 'header': ['उत्तर प्रदेश शासन', 'जेम सेल'], 'paragraphs': paragraphs, 'from': sender,
            'signatory': sender, 'to': to, 'copy_to': []}
    return {'kind': DocumentKind.letter.value, 'subject': f'अभिमत: {opinion.subject}', 'data': data,
            'addressees': to, 'department_ids': [opinion.department_id]}


def draft_answer(opinion: Opinion, answer: str, rule_ids: list[str], go_refs: list[str], user) -> Opinion:
    """The cell's answer with the rules and orders it rests on; the letter is drafted (or redrafted) with it."""
    if not opinion.can_answer(user):
        raise InvalidTransition(_l('An issued opinion cannot be changed; issue a correction instead.'))
    if not (answer or '').strip():
        raise FormError('answer', _l('Write the answer.'))
    opinion.answer = answer.strip()
    opinion.rule_ids = list(rule_ids)
    opinion.go_refs = list(go_refs)
    opinion.mark_drafted(user)
    fields = letter_fields(opinion)
    if opinion.document is None:
        opinion.document = documents.create_document(fields, user, source=opinion)
    elif opinion.document.state is DocumentState.draft:
        documents.update_document(opinion.document, fields)
    else:
        raise InvalidTransition(_l('The letter is approved: send it back to draft before changing the answer.'))
    db.session.flush()
    return opinion


def issue_opinion(opinion: Opinion, user, day: date | None = None) -> Opinion:
    """The In-charge issues the letter; the opinion goes into the library (searchable by the asking department
    and the cell)."""
    if not opinion.can_issue(user):
        raise InvalidTransition(_l('Only the In-charge can issue an answer, and only a drafted one.'))
    document = opinion.document
    if document.state is DocumentState.draft:
        documents.approve_document(document, user)
    if document.state is DocumentState.approved:
        documents.issue_document(document, user, today=day)
    opinion.mark_issued(document.document_date or day or today())
    index_entry('opinion', opinion.id, opinion.subject, search_text(opinion), department_id=opinion.department_id)
    db.session.flush()
    return opinion


# --- the library -------------------------------------------------------------------------------------------

def save_library_item(item: LibraryItem | None, data: dict, upload, user) -> LibraryItem:
    if item is None:
        item = LibraryItem(created_by_id=user.id)
        db.session.add(item)
    item.kind = LibraryKind(data['kind'])
    item.number = data['number'].strip()
    item.issued_on = data['issued_on']
    item.issued_by = (data.get('issued_by') or '').strip()
    item.subject = data['subject'].strip()
    item.text = data['text'].strip()
    if upload is not None and upload.filename:
        item.attachment = store_upload(upload, user)
    db.session.flush()
    index_entry(item.kind.value, item.id, f'{item.subject} ({item.number})',
                f'{item.number} {item.issued_by}\n{item.text}')
    return item
