"""Factory fixtures (Indico's style): each returns a callable with sensible defaults; objects are flushed."""
import itertools

import pytest

from gemcell.auth.operations import create_user as _create_user
from gemcell.core.permissions import Role
from gemcell.directory.models import Department, District, Office
from gemcell.gemdata.aliases import alias_key
from gemcell.gemdata.models import (Bid, Bidder, BidSource, DepartmentAlias, ImportBatch, ImportState,
                                    MappingProfile, Order, Seller)

_counter = itertools.count(1)
PASSWORD = 'correct horse battery'


@pytest.fixture
def create_department(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('code', f'DEPT{n}')
        kwargs.setdefault('name_hi', f'विभाग {n}')
        kwargs.setdefault('name_en', f'Department {n}')
        department = Department(**kwargs)
        db.session.add(department)
        db.session.flush()
        return department
    return _create


@pytest.fixture
def create_district(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('name_hi', f'जनपद {n}')
        kwargs.setdefault('name_en', f'District {n}')
        kwargs.setdefault('division_hi', 'लखनऊ')
        kwargs.setdefault('division_en', 'Lucknow')
        district = District(**kwargs)
        db.session.add(district)
        db.session.flush()
        return district
    return _create


@pytest.fixture
def create_office(db, create_department):
    def _create(**kwargs):
        n = next(_counter)
        if 'department' not in kwargs and 'department_id' not in kwargs:
            kwargs['department'] = create_department()
        kwargs.setdefault('name_hi', f'कार्यालय {n}')
        kwargs.setdefault('name_en', f'Office {n}')
        office = Office(**kwargs)
        db.session.add(office)
        db.session.flush()
        return office
    return _create


@pytest.fixture
def create_user(db, create_department):
    def _create(role='reviewer', **kwargs):
        n = next(_counter)
        role = Role(role)
        if role is Role.nodal and 'department' not in kwargs:
            kwargs['department'] = create_department()
        kwargs.setdefault('login', f'{role.value}{n}')
        kwargs.setdefault('name', f'User {n}')
        kwargs.setdefault('password', PASSWORD)
        user = _create_user(role=role, **kwargs)
        db.session.commit()
        return user
    return _create


@pytest.fixture
def create_seller(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('gem_seller_id', f'SELLER{n:010d}')
        kwargs.setdefault('name', f'M/S Firm {n}')
        seller = Seller(**kwargs)
        db.session.add(seller)
        db.session.flush()
        return seller
    return _create


@pytest.fixture
def create_bid(db):
    """``create_bid(bidders=[{'name': …, 'rank': 1, …}], **fields)``."""
    def _create(bidders=(), **kwargs):
        n = next(_counter)
        kwargs.setdefault('source', BidSource.gem)
        kwargs.setdefault('number', f'GEM/2025/B/{6000000 + n}')
        bid = Bid(**kwargs)
        for index, bidder in enumerate(bidders):
            bidder = dict(bidder)
            bidder.setdefault('name', f'M/S Bidder {index + 1}')
            bidder.setdefault('key', bidder['name'])
            bid.bidders.append(Bidder(**bidder))
        db.session.add(bid)
        db.session.flush()
        return bid
    return _create


@pytest.fixture
def create_order(db):
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('number', f'GEMC-5116877{n:08d}')
        order = Order(**kwargs)
        db.session.add(order)
        db.session.flush()
        return order
    return _create


@pytest.fixture
def create_import_batch(db):
    """``create_import_batch(errors=[{'file': …, 'row': …, 'column': …, 'value': …, 'message': …}], **fields)``."""
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('shape', 'gem-bidplus')
        kwargs.setdefault('filename', f'bids-{n}.xlsx')
        kwargs.setdefault('sha256', f'{n:064x}')
        kwargs.setdefault('size', 1024)
        kwargs.setdefault('state', ImportState.committed)
        kwargs.setdefault('error_count', len(kwargs.get('errors', ())))
        batch = ImportBatch(**kwargs)
        db.session.add(batch)
        db.session.flush()
        return batch
    return _create


@pytest.fixture
def create_mapping_profile(db):
    """``create_mapping_profile(name='…', kind='order', columns={field: header})``: a saved column mapping."""
    def _create(**kwargs):
        kwargs.setdefault('name', f'profile {next(_counter)}')
        kwargs.setdefault('kind', 'order')
        kwargs.setdefault('columns', {'number': 'Contract', 'total_value': 'Amount'})
        profile = MappingProfile(**kwargs)
        db.session.add(profile)
        db.session.flush()
        return profile
    return _create


@pytest.fixture
def create_alias(db):
    """``create_alias(name='…', department=None)``: a department name as an import saw it."""
    def _create(**kwargs):
        n = next(_counter)
        kwargs.setdefault('name', f'Department of Things {n}, Uttar Pradesh')
        kwargs.setdefault('key', alias_key(kwargs['name']))
        alias = DepartmentAlias(**kwargs)
        db.session.add(alias)
        db.session.flush()
        return alias
    return _create


def make_document(state='issued', department=None, departments=(), **kwargs):
    """A document row without rendering (fast): an issued one gets a number, a code and a small stored file.
    Addressed to ``department`` and/or ``departments``."""
    import hashlib
    from datetime import date, datetime, timezone
    from pathlib import Path

    from flask import current_app

    from gemcell.documents.models import Document, DocumentDepartment, DocumentKind, DocumentState
    from gemcell.extensions import db

    n = next(_counter)
    if 'created_by' not in kwargs and 'created_by_id' not in kwargs:
        kwargs['created_by'] = _create_user(role=Role.reviewer, login=f'drafter{n}', name=f'Drafter {n}',
                                            password=PASSWORD)
    kwargs.setdefault('kind', DocumentKind.office_memo)
    kwargs.setdefault('subject', f'विषय {n}')
    kwargs.setdefault('data', {'lang': 'hi', 'paragraphs': [f'अनुच्छेद {n}'],
                               'signatory': {'name': 'प्रभारी', 'designation': 'जेम सेल'}})
    kwargs.setdefault('addressees', [f'विभाग {n}'])
    document = Document(state=DocumentState(state), **kwargs)
    document.addressed = [DocumentDepartment(department=d) for d in ([department] if department else []) +
                          list(departments)]
    if document.state is DocumentState.issued:
        content = b'%PDF-1.7\n% gemcell test document ' + str(n).encode() + b'\n%%EOF\n'
        document.number = document.number or f'{n}/2026/GeM-Cell/T'
        document.document_date = document.document_date or date(2026, 11, 26)
        document.issued_by = document.issued_by or document.created_by
        document.issued_dt = document.issued_dt or datetime.now(timezone.utc)
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.filename = f'test/{n}.pdf'
        document.verification_code = document.verification_code or f'T{n:03d}-TEST'[:9]
        path = Path(current_app.config['INSTANCE_PATH']) / 'documents' / document.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    db.session.add(document)
    db.session.flush()
    return document


@pytest.fixture
def create_document(db):
    """``create_document(state='issued'|'approved'|'draft', department=…, departments=[…], **fields)``."""
    return make_document


@pytest.fixture
def create_finding(db, create_bid):
    """``create_finding(rule_id='CARD-R018', bid=…|order=…|department=…, state='open', evidence={…}, **fields)``:
    a finding as the engine writes it (about a new bid of ``department`` when neither a bid nor an order is
    given); the severity is the rule's."""
    import hashlib

    from gemcell.scrutiny.models import FindingState, Severity
    from gemcell.scrutiny.rules import REGISTRY

    def _create(department=None, **kwargs):
        from gemcell.scrutiny.models import Finding
        n = next(_counter)
        rule_id = kwargs.setdefault('rule_id', 'CARD-R018')
        if kwargs.get('bid') is None and kwargs.get('order') is None:
            kwargs['bid'] = create_bid(buyer_department=department)
        subject = kwargs.get('bid') or kwargs.get('order')
        kwargs.setdefault('key', f"{'bid' if kwargs.get('bid') is not None else 'order'}:{subject.id}")
        kwargs.setdefault('department_id', subject.buyer_department_id)
        rule = REGISTRY.get(rule_id)
        kwargs.setdefault('severity', rule.severity if rule else Severity.advisory)
        if isinstance(kwargs.get('state'), str):
            kwargs['state'] = FindingState(kwargs['state'])
        kwargs.setdefault('evidence', {'params': {'bidder': 'M/S Lone Bidder'}})
        kwargs.setdefault('fingerprint', hashlib.sha256(f'finding {n}'.encode()).hexdigest())
        finding = Finding(**kwargs)
        db.session.add(finding)
        db.session.flush()
        return finding
    return _create


@pytest.fixture
def create_disqualification_review(db, create_bid):
    """``create_disqualification_review(bidder=…|department=…, verdict='correct', reviewed_by=…, note=…)``: a
    reviewer's verdict on a disqualified bidder (of a new bid of ``department`` when no bidder is given)."""
    def _create(department=None, **kwargs):
        from gemcell.gemdata.models import BidderState
        from gemcell.scrutiny.models import DisqualificationReview, Verdict
        n = next(_counter)
        if kwargs.get('bidder') is None:
            bid = create_bid(buyer_department=department, bidders=[
                {'name': f'M/S Rejected {n}', 'state': BidderState.disqualified_technical,
                 'reason': 'Experience certificate not uploaded'}])
            kwargs['bidder'] = bid.bidders[0]
        bidder = kwargs['bidder']
        kwargs.setdefault('bid_id', bidder.bid_id)
        kwargs.setdefault('department_id', bidder.bid.buyer_department_id)
        if isinstance(kwargs.get('verdict', 'correct'), str):
            kwargs['verdict'] = Verdict(kwargs.get('verdict', 'correct'))
        if kwargs.get('reviewed_by') is None and 'reviewed_by_id' not in kwargs:
            kwargs['reviewed_by'] = _create_user(role=Role.reviewer, login=f'verdict{n}', name=f'Reviewer {n}',
                                                 password=PASSWORD)
        review = DisqualificationReview(**kwargs)
        db.session.add(review)
        db.session.flush()
        return review
    return _create


@pytest.fixture
def create_list_item(db):
    """``create_list_item(kind='pending_reason'|'problem_category', code=…, name_hi=…, name_en=…)``."""
    def _create(kind='pending_reason', **kwargs):
        from gemcell.returns.models import ListKind, ReturnListItem
        n = next(_counter)
        kwargs.setdefault('code', f'reason_{n}')
        kwargs.setdefault('name_hi', f'कारण {n}')
        kwargs.setdefault('name_en', f'Reason {n}')
        kwargs.setdefault('position', n)
        item = ReturnListItem(kind=ListKind(kind), **kwargs)
        db.session.add(item)
        db.session.flush()
        return item
    return _create


@pytest.fixture
def create_return(db, create_department):
    """``create_return(department=…, period_start=date(…), state='draft'|'submitted'|'accepted'|'returned',
    data={…}, first_submitted_dt=…)``: a fortnightly return (of the fortnight 1–15 Nov 2026 by default)."""
    def _create(department=None, **kwargs):
        from datetime import date

        from gemcell.returns.models import Return, ReturnKind, ReturnState
        from gemcell.returns.periods import fortnight_of
        period = fortnight_of(kwargs.pop('period_start', date(2026, 11, 1)))
        kwargs.setdefault('period_start', period.start)
        kwargs.setdefault('period_end', period.end)
        kwargs.setdefault('due_date', period.due_date(3))
        kwargs.setdefault('kind', ReturnKind.fortnightly)
        kwargs['state'] = ReturnState(kwargs.get('state', 'draft'))
        kwargs.setdefault('data', {})
        ret = Return(department=department or create_department(), **kwargs)
        db.session.add(ret)
        db.session.flush()
        return ret
    return _create


@pytest.fixture
def scoped_factories(request):
    """For every model holding department data: ``model name -> factory(department) -> object``.

    ``tests/test_scoping.py`` fails for a scoped model that has no entry here, so each new model joins the
    department-scope test by adding one line.
    """
    fixture = request.getfixturevalue
    return {
        'Department': lambda department: department,
        'Office': lambda department: fixture('create_office')(department=department),
        'User': lambda department: fixture('create_user')(role='nodal', department=department),
        'Bid': lambda department: fixture('create_bid')(buyer_department=department),
        'Order': lambda department: fixture('create_order')(buyer_department=department),
        'Finding': lambda department: fixture('create_finding')(department=department),
        'DisqualificationReview': lambda department: fixture('create_disqualification_review')(department=department),
        'Return': lambda department: fixture('create_return')(department=department),
        'Notice': lambda department: make_notice(department, fixture('create_user')),
        'Ticket': lambda department: fixture('create_ticket')(department=department),
        'Meeting': lambda department: fixture('create_meeting')(department=department),
        'Addressee': lambda department: fixture('create_direction')(departments=[department]).addressees[0],
        'Opinion': lambda department: fixture('create_opinion')(department=department),
        'PaymentReport': lambda department: fixture('create_payment_report')(department=department),
        'PaymentStatus': lambda department: payment_status_of(fixture('create_payment_report')(department=department)),
    }


def make_notice(department, create_user):
    from gemcell.core.db import utcnow
    from gemcell.extensions import db
    from gemcell.returns.models import Notice
    officer = create_user(role='nodal', department=department)
    notice = Notice(department_id=department.id, user_id=officer.id, message_hi='अनुस्मारक', message_en='Reminder',
                    created_dt=utcnow())
    db.session.add(notice)
    db.session.flush()
    return notice


@pytest.fixture
def create_ticket_category(db):
    def _create(**kwargs):
        from gemcell.helpdesk.models import TicketCategory
        n = next(_counter)
        kwargs.setdefault('code', f'cat{n}')
        kwargs.setdefault('name_hi', f'श्रेणी {n}')
        kwargs.setdefault('name_en', f'Category {n}')
        category = TicketCategory(**kwargs)
        db.session.add(category)
        db.session.flush()
        return category
    return _create


@pytest.fixture
def create_delay_reasons(db):
    """The shipped reasons for delay (the migration's rows are gone once a test has emptied the tables)."""
    def _create():
        from gemcell.payments.operations import seed_delay_reasons
        seed_delay_reasons()
        return True
    return _create


@pytest.fixture
def create_direction(db):
    """``create_direction(departments=[…], state='issued'|'draft', points=[…], due_date=date(…), kind='outgoing'|
    'government', level='cell', issued_date=…)``: a direction without its memo (fast); Government's direction has
    the cell as its one addressee."""
    def _create(departments=(), **kwargs):
        from datetime import date

        from gemcell.directives.models import (Addressee, Direction, DirectionKind, DirectionLevel, DirectionPoint,
                                               DirectionState)
        n = next(_counter)
        if 'created_by_id' not in kwargs:
            kwargs['created_by_id'] = _create_user(role=Role.reviewer, login=f'director{n}', name=f'Drafter {n}',
                                                   password=PASSWORD).id
        points = kwargs.pop('points', [f'बिन्दु {n}.1', f'बिन्दु {n}.2'])
        kwargs['kind'] = DirectionKind(kwargs.get('kind', 'outgoing'))
        kwargs['level'] = DirectionLevel(kwargs.get('level', 'cell'))
        kwargs['state'] = DirectionState(kwargs.get('state', 'issued'))
        kwargs.setdefault('subject', f'निर्देश {n}')
        kwargs.setdefault('due_date', date(2026, 12, 10))
        if kwargs['state'] is not DirectionState.draft:
            kwargs.setdefault('issued_date', date(2026, 11, 25))
        direction = Direction(**kwargs)
        direction.points = [DirectionPoint(number=i, text=t) for i, t in enumerate(points, 1)]
        if kwargs['kind'] is DirectionKind.government:
            direction.addressees = [Addressee(department_id=None)]
        else:
            direction.addressees = [Addressee(department=d) for d in departments]
        db.session.add(direction)
        db.session.flush()
        return direction
    return _create


@pytest.fixture
def create_delay_reason(db):
    def _create(**kwargs):
        from gemcell.payments.models import DelayReason
        n = next(_counter)
        kwargs.setdefault('code', f'reason_{n}')
        kwargs.setdefault('name_hi', f'कारण {n}')
        kwargs.setdefault('name_en', f'Reason {n}')
        reason = DelayReason(**kwargs)
        db.session.add(reason)
        db.session.flush()
        return reason
    return _create


@pytest.fixture
def create_ticket(db, create_department, create_user, create_ticket_category):
    """A department's ticket raised through the operation (so its first message, history and clock are real)."""
    def _create(department=None, user=None, category=None, now=None, **data):
        from gemcell.helpdesk.operations import create_ticket as _create_ticket
        department = department or (user.department if user is not None and user.department else
                                    create_department())
        user = user or create_user(role='nodal', department=department)
        category = category or create_ticket_category()
        data.setdefault('subject', 'बिड प्रकाशित नहीं हो रही')
        data.setdefault('description', 'बिड प्रकाशित करते समय त्रुटि आ रही है।')
        data.setdefault('priority', 'normal')
        data['category_id'] = category.id
        data.setdefault('department_id', department.id)
        return _create_ticket(data, user, now=now)
    return _create


@pytest.fixture
def create_meeting(db, create_department, create_user):
    def _create(department=None, points=(), **kwargs):
        from datetime import date

        from gemcell.meetings.models import ActionPoint, Meeting, OwnerKind
        kwargs.setdefault('meeting_date', date(2026, 11, 10))
        kwargs.setdefault('subject', 'क्रय प्रक्रिया की समीक्षा बैठक')
        kwargs.setdefault('venue', 'निदेशालय सभागार, लखनऊ')
        kwargs.setdefault('agenda', 'जेम पर लम्बित भुगतान')
        if 'created_by_id' not in kwargs:
            kwargs['created_by_id'] = create_user(role='reviewer').id
        meeting = Meeting(department=department or create_department(), **kwargs)
        for position, point in enumerate(points, 1):
            point = dict(point)
            point.setdefault('owner', OwnerKind.department)
            point.setdefault('due_date', date(2026, 11, 30))
            meeting.points.append(ActionPoint(position=position, **point))
        db.session.add(meeting)
        db.session.flush()
        return meeting
    return _create


@pytest.fixture
def create_opinion(db, create_department):
    """``create_opinion(department=…, state='asked'|'drafted'|'issued', subject=…, question=…, answer=…)``."""
    def _create(department=None, **kwargs):
        from gemcell.core.db import utcnow
        from gemcell.opinions.models import Opinion, OpinionState
        n = next(_counter)
        department = department or create_department()
        if 'asked_by_id' not in kwargs:
            kwargs['asked_by_id'] = _create_user(role=Role.nodal, login=f'asker{n}', name=f'Officer {n}',
                                                 password=PASSWORD, department=department).id
        kwargs['state'] = OpinionState(kwargs.get('state', 'asked'))
        kwargs.setdefault('subject', f'प्रश्न {n}')
        kwargs.setdefault('question', f'क्रय नियमों पर प्रश्न {n}')
        kwargs.setdefault('asked_dt', utcnow())
        opinion = Opinion(department_id=department.id, **kwargs)
        db.session.add(opinion)
        db.session.flush()
        return opinion
    return _create


@pytest.fixture
def create_payment_report(db, create_order, create_user):
    """``create_payment_report(department=…, state='delayed', reason_code='budget', **fields)``: a department's
    report on an order (a new one unless ``order`` is given), made its current status."""
    def _create(department=None, order=None, by=None, **kwargs):
        from gemcell.payments.models import PaymentState, ReportSource
        from gemcell.payments.operations import RowUpdate, save_reports
        order = order or create_order(buyer_department=department)
        by = by or create_user(role='nodal', department=department or order.buyer_department)
        kwargs.setdefault('state', PaymentState.delayed)
        if kwargs['state'] is PaymentState.delayed:
            kwargs.setdefault('reason_code', 'budget')
        return save_reports(order.buyer_department_id, [RowUpdate(order, **kwargs)], by, ReportSource.table)[0]
    return _create


def payment_status_of(report):
    from gemcell.extensions import db
    from gemcell.payments.models import PaymentStatus
    return db.session.scalar(db.select(PaymentStatus).filter_by(order_id=report.order_id))


@pytest.fixture
def create_case(db, create_department):
    """``create_case(findings=[…], user=…, **fields)``: a draft debarment/blacklisting case opened through
    ``cases.operations.open_case`` (a buyer user of a new department and a firm unless the fields say otherwise)."""
    def _create(findings=(), user=None, **fields):
        from gemcell.cases.operations import open_case
        n = next(_counter)
        if user is None:
            user = _create_user(role=Role.reviewer, login=f'casework{n}', name=f'Case reviewer {n}',
                                password=PASSWORD)
        if 'department_id' not in fields:
            fields['department_id'] = (fields.pop('department', None) or create_department()).id
        fields.setdefault('title', f'Manual L-1 case {n}')
        fields.setdefault('buyer_name', f'Buyer user {n}')
        fields.setdefault('buyer_gem_user_id', f'buyer.{n}')
        fields.setdefault('buyer_designation', 'Executive Engineer')
        fields.setdefault('firm_name', f'M/S Case Firm {n}')
        return open_case(fields, user, list(findings))
    return _create


def small_pdf() -> bytes:
    """A one-page PDF that the attachment store accepts."""
    from io import BytesIO

    from pypdf import PdfWriter
    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=72, height=72)
    writer.write(out)
    return out.getvalue()


def make_case_reply(case, user, content: bytes | None = None, party=None):
    """A reply on ``case`` with an attachment in the shared store (the case need not be at the reply step)."""
    from datetime import date
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from gemcell.attachments.operations import store_upload
    from gemcell.cases.models import CaseReply, Party
    from gemcell.core.db import utcnow
    from gemcell.extensions import db
    attachment = store_upload(FileStorage(BytesIO(content or small_pdf()), filename='reply.pdf'), user)
    reply = CaseReply(case_id=case.id, party=party or Party.department, received_date=date(2026, 11, 20),
                      text='उत्तर', recorded_by_id=user.id, recorded_dt=utcnow(), attachment=attachment)
    db.session.add(reply)
    db.session.flush()
    return reply


@pytest.fixture
def create_monthly_return(db, create_department, create_user):
    """``create_monthly_return(department=…, month=date(2026, 10, 1), state='submitted', data={…}, filed=datetime)``:
    a monthly procurement return; once submitted (any state but draft) it has its version 1, filed on its due date
    by default (on time)."""
    def _create(department=None, month=None, state='submitted', data=None, filed=None, **kwargs):
        from datetime import date, datetime, time

        from gemcell.core.i18n import IST
        from gemcell.returns.models import Return, ReturnKind, ReturnState, ReturnVersion
        from gemcell.returns.periods import month_of
        period = month_of(month or date(2026, 10, 1))
        department = department or create_department()
        state = ReturnState(state)
        ret = Return(department=department, kind=ReturnKind.monthly, period_start=period.start,
                     period_end=period.end, due_date=period.due_date(7), state=state, data=data or {}, **kwargs)
        if state is not ReturnState.draft:
            officer = create_user(role='nodal', department=department)
            filed = filed or datetime.combine(ret.due_date, time(11), IST)
            ret.first_submitted_dt = ret.submitted_dt = filed
            ret.submitted_by_id = officer.id
            ret.versions.append(ReturnVersion(number=1, data=data or {}, submitted_by_id=officer.id,
                                              submitted_dt=filed))
        db.session.add(ret)
        db.session.flush()
        return ret
    return _create
