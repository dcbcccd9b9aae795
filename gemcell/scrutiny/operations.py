"""Writes of the review desk: review and refer findings, verdicts on disqualifications, threshold versions and the
cancellation recommendation. Flush, never commit; the audit trail records every change through the ORM."""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import format_date, format_inr
from gemcell.documents.models import Document
from gemcell.documents.operations import create_document
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder
from gemcell.scrutiny import queries
from gemcell.scrutiny.models import DisqualificationReview, Finding, FindingState, Threshold, Verdict
from gemcell.scrutiny.settings import DEFAULTS


# --- findings --------------------------------------------------------------------------------------------------

def conflict_message():
    return _l('Another reviewer changed this finding while you had it open. Its current state is shown: read it '
              'again, then decide.')


def review_finding(finding: Finding, state: FindingState, user, remark: str | None,
                   seen_version: str | int | None = None) -> Finding:
    """Confirm, dismiss or reopen a finding (a dismissal needs a remark: the form checks it, and so does this).

    ``seen_version``: the finding's version the reviewer decided on; if it has changed since, the decision is
    refused (``FormError`` on ``decision``) instead of overwriting the other one. Two decisions at the same moment
    are caught by the version counter at the flush (``StaleDataError``)."""
    if seen_version is not None and str(seen_version) != str(finding.version):
        raise FormError('decision', conflict_message())
    remark = (remark or '').strip() or None
    if state is FindingState.dismissed and not remark:
        raise FormError('remark', _l('A remark is required to dismiss a finding: say why it does not hold.'))
    finding.review(state, user, remark, utcnow())
    db.session.flush()
    return finding


# --- disqualification review (duty 9) --------------------------------------------------------------------------

def save_verdict(bidder: Bidder, verdict: Verdict, note: str | None, user) -> DisqualificationReview:
    """The reviewer's verdict on the reason given for disqualifying ``bidder``: one per bidder, replaced when
    given again."""
    if not queries.is_reviewable(bidder, bidder.bid.bidders):
        raise InvalidTransition(_l('Only a disqualified or not admitted bidder can be given a verdict.'))
    note = (note or '').strip() or None
    if verdict is Verdict.incorrect and not note:
        raise FormError('note', _l('Say why the reason given for the disqualification is incorrect.'))
    review = db.session.scalar(sa.select(DisqualificationReview).filter_by(bidder_id=bidder.id))
    if review is None:
        review = DisqualificationReview(bidder_id=bidder.id)
        db.session.add(review)
    review.bid_id = bidder.bid_id
    review.department_id = bidder.bid.buyer_department_id
    review.verdict = verdict
    review.note = note
    review.reviewed_by_id = user.id
    review.reviewed_dt = utcnow()
    db.session.flush()
    return review


# --- thresholds ------------------------------------------------------------------------------------------------

def add_threshold(name: str, value: Decimal, effective_from: date, source: str, user) -> Threshold:
    """A new version of a threshold, in force from ``effective_from`` (one added version per name and day; a
    version dated the same day as a shipped one replaces it). The caller queues the re-scrutiny after commit."""
    if name not in DEFAULTS:
        raise FormError('name', _l('Choose a threshold from the list.'))
    if value is None or value < 0:
        raise FormError('value', _l('The value cannot be negative.'))
    exists = db.session.scalar(sa.select(Threshold.id).filter_by(name=name, effective_from=effective_from))
    if exists is not None:
        raise FormError('effective_from', _l('A version of this threshold from this date was already added. '
                                             'Choose another date.'))
    threshold = Threshold(name=name, value=value, effective_from=effective_from, source=source.strip(),
                          created_by_id=user.id)
    db.session.add(threshold)
    db.session.flush()
    return threshold


# --- cancellation recommendation -------------------------------------------------------------------------------

def recommend_cancellation(bid: Bid, user, lang: str = 'hi') -> Document:
    """Draft the letter recommending the bid's cancellation to Government and the buyer department, listing every
    confirmed finding (deviation or advisory) rule by rule. Raises ``InvalidTransition`` when there is none."""
    findings = queries.get_recommendable_findings(bid)
    if not findings:
        raise InvalidTransition(_l('A cancellation recommendation needs at least one confirmed finding '
                                   '(deviation or advisory) on this bid.'))
    lang = lang if lang in ('hi', 'en') else 'hi'
    with force_locale(lang):
        fields = recommendation_fields(bid, findings, lang, user)
    return create_document(fields, user, source=bid)


def _department_name(bid: Bid, lang: str) -> str:
    department = bid.buyer_department
    if department is not None:
        return department.name_en if lang == 'en' else department.name_hi
    return bid.buyer_department_raw or _('the buyer department')


def recommendation_fields(bid: Bid, findings: list[Finding], lang: str, user) -> dict:
    """The ``create_document`` fields of the letter (texts in the current locale, which the caller forces)."""
    from gemcell.documents.queries import get_issuing_officer
    department = _department_name(bid, lang)
    details = [text for text in (bid.title or bid.category_name,
                                 _('estimated value %(value)s', value=format_inr(bid.estimated_value, lang))
                                 if bid.estimated_value is not None else None,
                                 _('published on %(date)s', date=format_date(bid.published_dt, lang))
                                 if bid.published_dt else None) if text]
    opening = _('The GeM Cell has scrutinised bid no. %(number)s of %(department)s on %(portal)s (%(details)s).',
                number=bid.number, department=department, portal=str(bid.source.title), details='; '.join(details)) \
        if details else _('The GeM Cell has scrutinised bid no. %(number)s of %(department)s on %(portal)s.',
                          number=bid.number, department=department, portal=str(bid.source.title))
    items = []
    for finding in findings:
        rule = finding.rule
        title = str(rule.title) if rule else finding.rule_id
        message = rule.render(finding.evidence or {}) if rule else ''
        source = str(rule.source) if rule and rule.source else ''
        text = _('%(rule_id)s — %(title)s: %(message)s', rule_id=finding.rule_id, title=title, message=message)
        if source:
            text += ' ' + _('Rule: %(source)s', source=source)
        if finding.remark:
            text += ' ' + _('Reviewer’s remark: %(remark)s', remark=finding.remark)
        items.append(text)
    paragraphs = [
        {'text': opening + ' ' + _('The scrutiny found the following deviations from the rules, which the '
                                   'reviewer has confirmed:'), 'items': items},
        _('In view of the above, it is recommended that bid no. %(number)s be cancelled. The buyer department is '
          'requested to act in accordance with the rules and to send the action taken report to the GeM Cell.',
          number=bid.number),
    ]
    to = [_('The Government of Uttar Pradesh (Administration), Lucknow'),
          _('%(department)s (buyer department)', department=department)]
    signatory = get_issuing_officer() or user
    data = {'lang': lang, 'header': [_('Government of Uttar Pradesh'), _('GeM Cell')], 'to': to,
            'paragraphs': paragraphs, 'signatory': {'name': signatory.name,
                                                    'designation': signatory.designation or ''},
            'copy_to': [_('Guard file')]}
    subject = _('Recommendation to cancel bid no. %(number)s', number=bid.number)
    return {'kind': 'letter', 'subject': subject, 'data': data, 'addressees': to,
            'department_id': bid.buyer_department_id}
