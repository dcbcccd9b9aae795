"""The case's outgoing documents as the documents mechanism's plain data: the show-cause letters (kind ``letter``)
and the evidence pack referred to Government (kind ``report``: cover, contents, covering letter, summary, the
rule-by-rule reasoning, the disqualification reviews, the replies and the conclusion, and the annexures — bid data,
price comparison, orders, timeline).

Texts are written in the current locale, which the caller forces to the document's own language.
"""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from gemcell.core.i18n import format_date, format_inr, to_local
from gemcell.scrutiny.display import bidder_state_title


def _department_name(case, lang: str) -> str:
    """The case's department, else its bids' (a case against a firm only names none), else a generic phrase."""
    department = case.department or next((link.bid.buyer_department for link in case.case_bids
                                           if link.bid.buyer_department is not None), None)
    if department is not None:
        return department.name_en if lang == 'en' else department.name_hi
    return _('the buyer department')


def _signatory(user) -> dict:
    from gemcell.documents.queries import get_issuing_officer
    signatory = get_issuing_officer() or user
    return {'name': signatory.name, 'designation': signatory.designation or ''}


def finding_line(finding, lang: str) -> str:
    """"Finding no. 12 — MANUAL-L1 — title (bid no. …): message Rule: … Reviewer’s remark: …"."""
    rule = finding.rule
    title = str(rule.title) if rule else finding.rule_id
    message = rule.render(finding.evidence or {}) if rule else ''
    subject = finding.bid.number if finding.bid is not None else (finding.order.number if finding.order else '')
    text = _('Finding no. %(id)s — %(rule_id)s — %(title)s (%(subject)s): %(message)s', id=finding.id,
             rule_id=finding.rule_id, title=title, subject=subject, message=message)
    if finding.remark:
        text += ' ' + _('Reviewer’s remark: %(remark)s', remark=finding.remark)
    return text


def _buyer_line(case) -> str:
    parts = [case.buyer_name]
    if case.buyer_designation:
        parts.append(case.buyer_designation)
    if case.buyer_office:
        parts.append(case.buyer_office)
    text = ', '.join(p for p in parts if p)
    if case.buyer_gem_user_id:
        text += ' ' + _('(GeM user id %(id)s)', id=case.buyer_gem_user_id)
    return text


def _firm_line(case) -> str:
    text = case.firm_name or ''
    if case.firm_gem_seller_id:
        text += ' ' + _('(GeM seller id %(id)s)', id=case.firm_gem_seller_id)
    return text


def _bid_numbers(case) -> str:
    return ', '.join(link.bid.number for link in case.case_bids) or '—'


def show_cause_fields(case, party, reply_due: date, lang: str, user) -> dict:
    """The ``create_document`` fields of the show-cause letter to ``party`` (the department or the firm)."""
    from gemcell.cases.models import Party
    items = [finding_line(f, lang) for f in case.findings]
    opening = _('The GeM Cell’s scrutiny of bid(s) no. %(bids)s found the following irregularities, confirmed on '
                'examination:', bids=_bid_numbers(case))
    due = format_date(reply_due, lang)
    header = [_('Government of Uttar Pradesh'), _('GeM Cell')]
    if party is Party.department:
        department = _department_name(case, lang)
        to = [_('The Principal Secretary / Secretary'), department, _('Government of Uttar Pradesh, Lucknow')]
        paragraphs = [
            {'text': opening, 'items': items} if items else {'text': case.summary or opening},
            _('This purchase action was taken by the buyer user %(user)s of your department. Duty 12 of office memo '
              '43/2020 requires the GeM Cell to inform Government with full details, for action to debar the user '
              'concerned, where a manual L-1 selection was made or an irregularity is seen.', user=_buyer_line(case)),
            _('You are requested to send the facts and the explanation of the user concerned by %(date)s, stating '
              'why it should not be proposed to Government that the user be debarred. If no reply is received by '
              'that date, the matter will be referred to Government on the facts on record.', date=due),
        ]
        subject = _('Show-cause notice on the purchase action of the buyer user in bid(s) no. %(bids)s',
                    bids=_bid_numbers(case))
        department_ids = [case.department_id] if case.department_id else []
    else:
        to = [case.firm_name] + ([case.firm_registration] if case.firm_registration else [])
        paragraphs = [
            {'text': opening, 'items': items} if items else {'text': case.summary or opening},
            _('Your firm %(firm)s took part in this purchase. Duty 12 of office memo 43/2020 requires the GeM Cell to '
              'inform Government with full details, for action to blacklist the firm concerned, where a manual L-1 '
              'selection was made or an irregularity is seen.', firm=_firm_line(case)),
            _('You are requested to show cause by %(date)s why it should not be proposed to Government that your firm '
              'be blacklisted. If no reply is received by that date, the matter will be referred to Government on '
              'the facts on record.', date=due),
        ]
        subject = _('Show-cause notice to the firm %(firm)s on bid(s) no. %(bids)s', firm=case.firm_name,
                    bids=_bid_numbers(case))
        department_ids = []
    data = {'lang': lang, 'header': header, 'to': to, 'paragraphs': paragraphs, 'signatory': _signatory(user),
            'copy_to': [_('Guard file (case %(ref)s)', ref=case.reference)], 'case_party': party.value,
            'reply_due': reply_due.isoformat()}
    return {'kind': 'letter', 'subject': subject, 'data': data, 'addressees': to, 'department_ids': department_ids}


# --- the evidence pack -------------------------------------------------------------------------------------------

def _table(caption, columns, rows, numeric=()) -> dict:
    return {'type': 'table', 'caption': caption, 'columns': columns, 'rows': rows, 'numeric': list(numeric)}


def _para(text) -> dict:
    return {'type': 'paragraph', 'text': text}


def _day(value, lang) -> str:
    if value is None:
        return '—'
    return format_date(to_local(value).date() if hasattr(value, 'tzinfo') and hasattr(value, 'hour') else value,
                       lang)


def _money(value, lang) -> str:
    return format_inr(value, lang) if value is not None else '—'


def price_rows(bid, lang: str) -> list[list[str]]:
    """The bidders of a bid with their prices and the difference from the lowest price quoted."""
    prices = [b.financial_value for b in bid.bidders if b.financial_value is not None]
    lowest = min(prices) if prices else None
    rows = []
    for bidder in bid.bidders:
        price = bidder.financial_value
        if price is not None and lowest:
            above = (Decimal(price) - lowest) / lowest * 100
            difference = f'{above.quantize(Decimal("0.01"))}%'
        else:
            difference = '—'
        rows.append([str(bidder.rank) if bidder.rank is not None else '—', bidder.name,
                     str(bidder_state_title(bidder.state.value)), _money(price, lang), difference,
                     _('Yes') if bidder.is_awarded else ''])
    return rows


def pack_fields(case, timeline: list, reviews: list, lang: str, user, today: date) -> dict:
    """The ``create_document`` fields of the evidence pack (a report addressed to Government)."""
    department = _department_name(case, lang)
    signatory = _signatory(user)
    bids = [link.bid for link in case.case_bids]
    orders = [link.order for link in case.case_orders]
    findings = case.findings
    proposals = []
    if case.proposes_debarment:
        proposals.append(_('to debar the buyer user %(user)s', user=_buyer_line(case)))
    if case.proposes_blacklisting:
        proposals.append(_('to blacklist the firm %(firm)s', firm=_firm_line(case)))
    proposal_text = proposals[0] if len(proposals) == 1 else \
        _('%(first)s and %(second)s', first=proposals[0], second=proposals[1])

    letter = [
        _('To: The Government of Uttar Pradesh (Administration), Lucknow.'),
        _('Subject: %(title)s — case %(ref)s.', title=case.title, ref=case.reference),
        _('Sir/Madam,'),
        _('The GeM Cell has examined bid(s) no. %(bids)s of %(department)s. The confirmed findings, the replies to '
          'the show-cause notices and the cell’s conclusion are set out in this pack, rule by rule, with the bid '
          'data, the prices and the timeline annexed.', bids=_bid_numbers(case), department=department),
        _('Under duty 12 of office memo 43/2020 it is proposed %(proposal)s. Government’s orders are requested.',
          proposal=proposal_text) + (' ' + case.proposal if case.proposal else ''),
        _('Yours faithfully,'),
        f'{signatory["name"]}, {signatory["designation"]}'.strip(', '),
    ]
    parties = []
    if case.proposes_debarment:
        parties += [[_('Buyer user (proposed debarment)'), case.buyer_name or '—'],
                    [_('GeM user id'), case.buyer_gem_user_id or '—'],
                    [_('Designation'), case.buyer_designation or '—'], [_('Office'), case.buyer_office or '—'],
                    [_('Department'), department]]
    if case.proposes_blacklisting:
        parties += [[_('Seller firm (proposed blacklisting)'), case.firm_name or '—'],
                    [_('GeM seller id'), case.firm_gem_seller_id or '—'],
                    [_('Registration details'), case.firm_registration or '—']]
    summary = [_table(_('The parties'), [_('Particular'), _('Details')], parties)]
    if case.summary:
        summary.append(_para(case.summary))
    if case.show_cause_date:
        summary.append(_para(_('Show-cause notices were issued on %(date)s with replies due by %(due)s; %(count)s '
                               'reply(ies) received.', date=format_date(case.show_cause_date, lang),
                               due=format_date(case.reply_due_date, lang), count=len(case.replies))))

    reasoning = []
    for finding in findings:
        rule = finding.rule
        reasoning.append(_para(finding_line(finding, lang)))
        if rule is not None and rule.source:
            reasoning.append(_para(_('Rule %(rule_id)s: %(source)s', rule_id=finding.rule_id,
                                     source=str(rule.source))))
        thresholds = (finding.evidence or {}).get('thresholds') or []
        if thresholds:
            reasoning.append(_table(_('Thresholds applied (finding no. %(id)s)', id=finding.id),
                                    [_('Threshold'), _('Value'), _('In force from'), _('Version')],
                                    [[t.get('name', ''), t.get('value', ''), t.get('effective_from', ''),
                                      t.get('version', '')] for t in thresholds]))
    if not reasoning:
        reasoning.append(_para(_('The case was opened by hand; no scrutiny finding is attached.')))

    review_rows = [[r.bid.number, r.bidder.name, r.bidder.reason or '—', str(r.verdict.title), r.note or '']
                   for r in reviews]
    replies = [_para(_('%(party)s, received on %(date)s%(ref)s: %(text)s', party=str(reply.party.title),
                       date=format_date(reply.received_date, lang),
                       ref=(' (' + reply.reference + ')') if reply.reference else '', text=reply.text))
               for reply in case.replies] or [_para(_('No reply was received by the deadline.'))]
    replies.append(_para(_('The cell’s conclusion: %(text)s', text=case.conclusion or '—')))

    bid_rows = [[b.number, b.title or b.category_name or '—',
                 (b.buyer_department.name_en if lang == 'en' else b.buyer_department.name_hi)
                 if b.buyer_department else (b.buyer_department_raw or '—'),
                 (b.office.name_en if lang == 'en' else b.office.name_hi) if b.office else (b.office_raw or '—'),
                 b.buyer_user_id or '—', _money(b.estimated_value, lang), _day(b.published_dt, lang),
                 _day(b.end_dt, lang)] for b in bids]
    prices = []
    for bid in bids:
        prices.append(_table(_('Bid no. %(number)s', number=bid.number),
                             [_('Rank'), _('Bidder'), _('Status'), _('Price quoted'), _('Above the lowest'),
                              _('Awarded')], price_rows(bid, lang), numeric=(3, 4)))
    if not prices:
        prices.append(_para(_('No bid is attached to the case.')))
    order_rows = [[o.number, _day(o.order_dt, lang), o.seller_name or '—',
                   str(o.buying_mode.title) if o.buying_mode else '—', _money(o.total_value, lang)] for o in orders]

    sections = [
        {'heading': _('Covering letter to Government'), 'blocks': [_para(text) for text in letter]},
        {'heading': _('Summary of the case'), 'blocks': summary},
        {'heading': _('Rule-by-rule reasoning'), 'blocks': reasoning},
        {'heading': _('Disqualification reviews'),
         'blocks': [_table('', [_('Bid'), _('Bidder'), _('Reason given'), _('Verdict'), _('Note')], review_rows)]
         if review_rows else [_para(_('No disqualification was reviewed in these bids.'))]},
        {'heading': _('Replies and the cell’s conclusion'), 'blocks': replies},
        {'heading': _('Annexure A: bid data'),
         'blocks': [_table('', [_('Bid number'), _('Title'), _('Department'), _('Office'), _('Buyer user'),
                                _('Estimated value'), _('Published'), _('Submission closed')], bid_rows, numeric=(5,))]
         if bid_rows else [_para(_('No bid is attached to the case.'))]},
        {'heading': _('Annexure B: price comparison'), 'blocks': prices},
        {'heading': _('Annexure C: orders'),
         'blocks': [_table('', [_('Order number'), _('Date'), _('Seller'), _('Buying mode'), _('Total value')],
                           order_rows, numeric=(4,))] if order_rows else [_para(_('No order is attached.'))]},
        {'heading': _('Annexure D: timeline'),
         'blocks': [_table('', [_('Date'), _('Event')], [[format_date(day, lang), text] for day, text in timeline])]},
    ]
    title = _('Reference to Government: case %(ref)s', ref=case.reference)
    data = {'lang': lang, 'header': [_('Government of Uttar Pradesh'), _('GeM Cell')], 'title': title,
            'subtitle': case.title, 'prepared_by': f'{signatory["name"]}, {signatory["designation"]}'.strip(', '),
            'sections': sections, 'date': today.isoformat(),
            'case': {'id': case.id, 'findings': [f.id for f in findings], 'rules': [f.rule_id for f in findings],
                     'bids': [b.number for b in bids], 'orders': [o.number for o in orders]}}
    return {'kind': 'report', 'subject': title + ' — ' + case.title, 'data': data,
            'addressees': [_('The Government of Uttar Pradesh (Administration), Lucknow')], 'department_ids': []}
