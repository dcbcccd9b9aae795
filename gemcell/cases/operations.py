"""Writes of the cases: open a case (from confirmed findings or by hand), complete its file, draft and issue the
show-cause letters, record replies and the conclusion, prepare the evidence pack, refer the case to Government,
record Government's decision (which writes the registers) or drop the case. Flush, never commit; every step is
a ``CaseEvent`` (the timeline) and the audit trail records every change besides.
"""
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from gemcell.attachments.operations import AttachmentError, store_upload
from gemcell.cases import pack, queries
from gemcell.cases.models import (Case, CaseBid, CaseEvent, CaseFinding, CaseOrder, CaseReply, CaseState,
                                  EventKind, Party, Sanction, SanctionKind)
from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.documents import operations as documents
from gemcell.documents.models import Document, DocumentState
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, BidderState, Order, Seller
from gemcell.scrutiny.models import Finding, FindingState

PARTY_FIELDS = ('buyer_gem_user_id', 'buyer_name', 'buyer_designation', 'buyer_office', 'firm_gem_seller_id',
                'firm_name', 'firm_registration')
TEXT_FIELDS = ('title', 'summary', 'proposal') + PARTY_FIELDS


def _event(case: Case, kind: EventKind, user, note: str | None = None, document: Document | None = None,
           now=None) -> CaseEvent:
    event = CaseEvent(kind=kind, event_dt=now or utcnow(), note=note, user_id=getattr(user, 'id', None),
                      document_id=document.id if document is not None else None)
    case.events.append(event)
    return event


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# --- what a case is opened from ------------------------------------------------------------------------------------

def suggest(findings: list[Finding]) -> dict:
    """The case's fields as the findings suggest them: the buyer user of their bid, and the firm that won it (or
    the order's seller)."""
    fields: dict = {}
    for finding in findings:
        bid = finding.bid or (finding.order.bid if finding.order is not None else None)
        order = finding.order
        if bid is not None:
            fields.setdefault('department_id', bid.buyer_department_id)
            if bid.buyer_user_id:
                fields.setdefault('buyer_gem_user_id', bid.buyer_user_id)
                fields.setdefault('buyer_name', bid.buyer_user_id)
            office = bid.office.name if bid.office is not None else bid.office_raw
            if office:
                fields.setdefault('buyer_office', office)
            winner = next((b for b in bid.bidders if b.is_awarded or b.state is BidderState.awarded), None)
            if winner is not None:
                fields.setdefault('firm_name', winner.name)
                if winner.seller is not None:
                    fields.setdefault('firm_gem_seller_id', winner.seller.gem_seller_id)
        if order is not None:
            fields.setdefault('department_id', order.buyer_department_id)
            if order.buyer_designation:
                fields.setdefault('buyer_designation', order.buyer_designation)
            if order.seller_name:
                fields.setdefault('firm_name', order.seller_name)
            if order.seller is not None:
                fields.setdefault('firm_gem_seller_id', order.seller.gem_seller_id)
    if findings:
        first = findings[0]
        rule = first.rule
        subject = first.bid.number if first.bid is not None else (first.order.number if first.order else '')
        fields.setdefault('title', f'{rule.title if rule else first.rule_id} — {subject}')
    return fields


def _seller_for(gem_seller_id: str | None) -> Seller | None:
    if not gem_seller_id:
        return None
    return db.session.scalar(sa.select(Seller).filter_by(gem_seller_id=gem_seller_id))


def _apply(case: Case, fields: dict):
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(case, name, _clean(fields[name]))
    if 'department_id' in fields:
        case.department_id = fields['department_id'] or None
    if not case.title:
        raise FormError('title', _l('Give the case a title.'))
    if not case.buyer_name and not case.firm_name:
        raise FormError('buyer_name', _l('Name the buyer user to be debarred, the firm to be blacklisted, or both.'))
    if case.buyer_name and case.department_id is None:
        raise FormError('department_id', _l('Choose the buyer user’s department: the show-cause letter is addressed '
                                            'to it.'))
    seller = _seller_for(case.firm_gem_seller_id)
    case.seller_id = seller.id if seller is not None and case.firm_name else None
    if seller is not None and case.firm_name and not case.firm_registration:
        details = [f'Udyam {seller.udyam_number}' if seller.udyam_number else None, seller.state]
        case.firm_registration = ', '.join(d for d in details if d) or None


def add_bid(case: Case, bid: Bid):
    if all(link.bid_id != bid.id for link in case.case_bids):
        case.case_bids.append(CaseBid(bid_id=bid.id, bid=bid))


def add_order(case: Case, order: Order):
    if all(link.order_id != order.id for link in case.case_orders):
        case.case_orders.append(CaseOrder(order_id=order.id, order=order))


def add_finding(case: Case, finding: Finding, user, now=None):
    """Put a confirmed finding (and its bid or order) in the case file; it is marked as referred, once."""
    if finding.state is not FindingState.confirmed:
        raise FormError('findings', _l('Only confirmed findings can be put in a case.'))
    if any(link.finding_id == finding.id for link in case.case_findings):
        return
    if finding.can_refer(user):
        finding.refer(user, now or utcnow())
    case.case_findings.append(CaseFinding(finding_id=finding.id, finding=finding))
    if finding.bid is not None:
        add_bid(case, finding.bid)
    if finding.order is not None:
        add_order(case, finding.order)
        if finding.order.bid is not None:
            add_bid(case, finding.order.bid)
    _event(case, EventKind.finding_added, user, f'{finding.rule_id} (#{finding.id})', now=now)


def remove_finding(case: Case, finding_id: int, user):
    if not case.can_edit(user):
        raise InvalidTransition(_l('The case file can no longer be changed.'))
    link = next((link for link in case.case_findings if link.finding_id == finding_id), None)
    if link is None:
        return
    case.case_findings.remove(link)
    db.session.delete(link)
    _event(case, EventKind.finding_removed, user, f'{link.finding.rule_id} (#{finding_id})')
    db.session.flush()


def open_case(fields: dict, user, findings: list[Finding] = ()) -> Case:
    """A new draft case from ``fields`` (title, department_id, the buyer user's and the firm's particulars,
    summary, proposal) and the confirmed ``findings``."""
    now = utcnow()
    case = Case(state=CaseState.draft, created_by_id=user.id)
    _apply(case, fields)
    db.session.add(case)
    _event(case, EventKind.opened, user, now=now)
    for finding in findings:
        add_finding(case, finding, user, now=now)
    db.session.flush()
    return case


def update_case(case: Case, fields: dict, user) -> Case:
    if not case.can_edit(user):
        raise InvalidTransition(_l('The case file can no longer be changed.'))
    _apply(case, fields)
    db.session.flush()
    return case


def add_by_number(case: Case, number: str, user):
    """Add a bid or an order to the file by its number (``GEM/…`` or ``GEMC-…``)."""
    if not case.can_edit(user):
        raise InvalidTransition(_l('The case file can no longer be changed.'))
    number = (number or '').strip()
    order = db.session.scalar(sa.select(Order).filter_by(number=number)) if number else None
    bid = db.session.scalar(sa.select(Bid).filter_by(number=number).limit(1)) if number and order is None else None
    if order is None and bid is None:
        raise FormError('number', _l('No bid or order has this number.'))
    if order is not None:
        add_order(case, order)
        if order.bid is not None:
            add_bid(case, order.bid)
    else:
        add_bid(case, bid)
    db.session.flush()
    return bid or order


# --- show cause ------------------------------------------------------------------------------------------------------

def draft_show_cause(case: Case, user, reply_due: date, lang: str = 'hi', today: date | None = None) \
        -> list[Document]:
    """Draft the show-cause letter to each party (the department about its user; the firm) with the reply
    deadline; drafts made before are replaced. The In-charge issues them (``issue_show_cause``)."""
    today = today or queries.today()
    if not case.can_draft_letters(user):
        raise InvalidTransition(_l('Show-cause letters are drafted while the case is a draft.'))
    if reply_due is None or reply_due <= today:
        raise FormError('reply_due', _l('The reply deadline must be after today.'))
    lang = lang if lang in ('hi', 'en') else 'hi'
    for old in queries.show_cause_letters(case):
        if old.state is not DocumentState.issued:
            documents.set_departments(old, [])
            db.session.delete(old)
    db.session.flush()
    letters = []
    with force_locale(lang):
        for party in case.parties:
            letters.append(documents.create_document(pack.show_cause_fields(case, party, reply_due, lang, user),
                                                     user, source=case))
    case.reply_due_date = reply_due
    _event(case, EventKind.letters_drafted, user, ', '.join(str(p.title) for p in case.parties))
    db.session.flush()
    return letters


def issue_show_cause(case: Case, user, today: date | None = None) -> list[Document]:
    """The In-charge approves and issues the drafted letters (the documents' own approve → issue, numbered and
    stored) and the case moves to *show-cause issued*."""
    today = today or queries.today()
    if not case.can_issue_show_cause(user):
        raise InvalidTransition(_l('Only the In-charge issues the show-cause notice, from a draft case.'))
    letters = [d for d in queries.show_cause_letters(case)]
    if not letters:
        raise InvalidTransition(_l('Draft the show-cause letters first.'))
    case.issue_show_cause(user, utcnow(), today, case.reply_due_date)
    for letter in letters:
        if letter.state is DocumentState.draft:
            documents.approve_document(letter, user)
        if letter.state is DocumentState.approved:
            documents.issue_document(letter, user, today=today)
    _event(case, EventKind.show_cause_issued, user, ', '.join(d.number for d in letters if d.number))
    db.session.flush()
    return letters


def record_reply(case: Case, user, party: Party, received_date: date, text: str, reference: str | None = None,
                 upload=None, today: date | None = None) -> CaseReply:
    """``upload``: the werkzeug ``FileStorage`` sent with the reply, if any; it goes to the shared attachment store
    (checked by its content; ``FormError`` on the ``attachment`` field if it is refused)."""
    today = today or queries.today()
    if not case.can_record_reply(user):
        raise InvalidTransition(_l('Replies are recorded after the show-cause notice and before the case is '
                                   'referred.'))
    if party not in case.parties:
        raise FormError('party', _l('This case asked no show-cause of this party.'))
    if received_date is None or received_date > today:
        raise FormError('received_date', _l('The date of receipt cannot be in the future.'))
    if case.show_cause_date and received_date < case.show_cause_date:
        raise FormError('received_date', _l('The reply cannot have been received before the notice was issued.'))
    if not (text or '').strip():
        raise FormError('text', _l('Write the reply’s substance.'))
    reply = CaseReply(party=party, received_date=received_date, reference=_clean(reference), text=text.strip(),
                      recorded_by_id=user.id, recorded_dt=utcnow())
    if upload is not None and getattr(upload, 'filename', ''):
        try:
            reply.attachment = store_upload(upload, user)
        except AttachmentError as exc:
            raise FormError('attachment', str(exc)) from exc
    case.replies.append(reply)
    case.receive_reply()
    _event(case, EventKind.reply_received, user, str(party.title))
    db.session.flush()
    return reply


def save_conclusion(case: Case, user, conclusion: str, proposal: str | None = None) -> Case:
    if not case.can_prepare_pack(user):
        raise InvalidTransition(_l('The conclusion is recorded after the show-cause notice and before the case is '
                                   'referred.'))
    if not (conclusion or '').strip():
        raise FormError('conclusion', _l('Write the cell’s conclusion.'))
    case.conclusion = conclusion.strip()
    case.proposal = _clean(proposal)
    _event(case, EventKind.concluded, user)
    db.session.flush()
    return case


# --- the evidence pack and the reference to Government -------------------------------------------------------------

def prepare_pack(case: Case, user, lang: str = 'hi', today: date | None = None) -> Document:
    """Draft (or redraft) the evidence pack from the case file as it stands; the In-charge issues it."""
    today = today or queries.today()
    if not case.can_prepare_pack(user):
        raise InvalidTransition(_l('The evidence pack is prepared after the show-cause notice and before the case '
                                   'is referred.'))
    if not (case.conclusion or '').strip():
        raise FormError('conclusion', _l('Record the cell’s conclusion before preparing the evidence pack.'))
    lang = lang if lang in ('hi', 'en') else 'hi'
    with force_locale(lang):
        fields = pack.pack_fields(case, queries.timeline(case), queries.disqualification_reviews(case), lang, user,
                                  today)
    current = case.pack
    if current is not None and current.state is DocumentState.draft:
        document = documents.update_document(current, fields)
    else:
        if current is not None and current.state is DocumentState.approved:
            raise InvalidTransition(_l('The evidence pack is approved: the In-charge issues it, or sends it back '
                                       'to draft first.'))
        document = documents.create_document(fields, user, source=case, supersedes=current)
    case.pack = document
    case.pack_id = document.id
    _event(case, EventKind.pack_prepared, user, document=document)
    db.session.flush()
    return document


def refer_case(case: Case, user, today: date | None = None) -> Case:
    """The In-charge issues the evidence pack (if not yet issued) and refers the case to Government."""
    today = today or queries.today()
    if not case.can_refer(user):
        raise InvalidTransition(_l('Only the In-charge refers a case to Government, after the show-cause '
                                   'notice.'))
    document = case.pack
    if document is None:
        raise InvalidTransition(_l('Prepare the evidence pack first.'))
    # refuse before issuing anything (the case's own checks, with the pack taken as issued)
    if case.state is CaseState.show_cause_issued and not case.reply_is_overdue(today):
        case.refer(user, utcnow(), today)  # raises with the message about the deadline
    if not (case.conclusion or '').strip():
        raise InvalidTransition(_l('Record the cell’s conclusion before referring the case.'))
    if document.state is DocumentState.draft:
        documents.approve_document(document, user)
    if document.state is DocumentState.approved:
        documents.issue_document(document, user, today=today)
    case.refer(user, utcnow(), today)
    _event(case, EventKind.referred, user, document.number, document=document)
    db.session.flush()
    return case


def decide_case(case: Case, user, *, order_number: str, order_date: date, debar: tuple | None = None,
                blacklist: tuple | None = None, remark: str | None = None, today: date | None = None) -> Case:
    """Record Government's order on a referred case: ``debar`` / ``blacklist`` are ``(from, to)`` periods (both
    days included); each writes an entry of its register."""
    today = today or queries.today()
    if not case.can_decide(user):
        raise InvalidTransition(_l('Government’s decision is recorded by the In-charge on a referred case.'))
    order_number = (order_number or '').strip()
    if not order_number:
        raise FormError('order_number', _l('Give the number of Government’s order.'))
    if order_date is None or order_date > today:
        raise FormError('order_date', _l('The order’s date cannot be in the future.'))
    if debar is None and blacklist is None:
        raise FormError('outcome', _l('Choose what Government decided: debarment, blacklisting or both.'))
    if debar is not None and not case.proposes_debarment:
        raise FormError('outcome', _l('This case proposed no debarment.'))
    if blacklist is not None and not case.proposes_blacklisting:
        raise FormError('outcome', _l('This case proposed no blacklisting.'))
    for field, period in (('debar_from', debar), ('blacklist_from', blacklist)):
        if period is not None:
            first, last = period
            if first is None or last is None:
                raise FormError(field, _l('Give the period: from and to.'))
            if last < first:
                raise FormError(field, _l('The period ends before it begins.'))
    state = CaseState.debarred_blacklisted if debar and blacklist else \
        CaseState.debarred if debar else CaseState.blacklisted
    case.decide(user, utcnow(), state, order_number, order_date, _clean(remark))
    if debar is not None:
        db.session.add(Sanction(kind=SanctionKind.debarment, case=case, name=case.buyer_name,
                                gem_user_id=case.buyer_gem_user_id, designation=case.buyer_designation,
                                office=case.buyer_office, department_id=case.department_id,
                                from_date=debar[0], to_date=debar[1], order_number=order_number,
                                order_date=order_date, recorded_by_id=user.id))
    if blacklist is not None:
        db.session.add(Sanction(kind=SanctionKind.blacklisting, case=case, name=case.firm_name,
                                gem_seller_id=case.firm_gem_seller_id, seller_id=case.seller_id,
                                registration=case.firm_registration, from_date=blacklist[0], to_date=blacklist[1],
                                order_number=order_number, order_date=order_date, recorded_by_id=user.id))
    _event(case, EventKind.decided, user, order_number)
    db.session.flush()
    return case


def drop_case(case: Case, user, reason: str, order_number: str | None = None,
              order_date: date | None = None) -> Case:
    """Close the case without a sanction: by the cell before referral, or on Government's order after it."""
    if not case.can_drop(user):
        raise InvalidTransition(_l('You cannot drop this case.'))
    if not (reason or '').strip():
        raise FormError('reason', _l('Say why the case is dropped.'))
    case.drop(user, utcnow(), reason, _clean(order_number), order_date)
    _event(case, EventKind.dropped, user, reason.strip()[:200])
    db.session.flush()
    return case
