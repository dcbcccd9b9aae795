"""Who may open what: one matrix over every route and every role (Indico's access test).

A route that is missing from the matrix fails ``test_every_route_is_in_the_matrix``, so each new view has to say
here who may use it.
"""
import pytest

ROLES = ('anonymous', 'nodal', 'reviewer', 'cell_head', 'government', 'admin')
EVERYONE = dict.fromkeys(ROLES[1:], 200)


def only(status_for_allowed, *allowed, others=403):
    return {role: (status_for_allowed if role in allowed else others) for role in ROLES[1:]}


#: the roles that read directions, opinions and the library
VIEWERS = only(200, 'nodal', 'reviewer', 'cell_head', 'government')

# endpoint -> (method, url, expected status per role); the anonymous user is always sent to the login page
MATRIX = {
    'home.index': ('GET', '/', EVERYONE),
    'home.health': ('GET', '/health', EVERYONE | {'anonymous': 200}),
    'home.live': ('GET', '/health/live', EVERYONE | {'anonymous': 200}),
    'auth.login': ('GET', '/auth/login', dict.fromkeys(ROLES[1:], 302) | {'anonymous': 200}),
    'auth.logout': ('POST', '/auth/logout', dict.fromkeys(ROLES[1:], 303)),
    'auth.language': ('POST', '/auth/language', dict.fromkeys(ROLES, 303)),
    'auth.password': ('GET', '/auth/password', EVERYONE),
    'directory.list': ('GET', '/departments/', EVERYONE),
    'directory.detail': ('GET', '/departments/{department}', EVERYONE),
    'directory.create': ('GET', '/departments/new', only(200, 'admin')),
    'directory.edit': ('GET', '/departments/{department}/edit', only(200, 'admin')),
    'directory.create_office': ('GET', '/departments/{department}/offices/new', only(200, 'admin')),
    'directory.office': ('GET', '/offices/{office}', EVERYONE),
    'directory.edit_office': ('GET', '/offices/{office}/edit', only(200, 'admin')),
    'directory.users': ('GET', '/admin/users/', only(200, 'admin')),
    'directory.create_user': ('GET', '/admin/users/new', only(200, 'admin')),
    'directory.edit_user': ('GET', '/admin/users/{user}/edit', only(200, 'admin')),
    'directory.unlock_user': ('POST', '/admin/users/{user}/unlock', only(303, 'admin')),
    'gemdata.bids': ('GET', '/bids/', EVERYONE),
    'gemdata.bid': ('GET', '/bids/{bid}', EVERYONE),
    'gemdata.orders': ('GET', '/orders/', EVERYONE),
    'gemdata.order': ('GET', '/orders/{order}', EVERYONE),
    'gemdata.sellers': ('GET', '/sellers/', EVERYONE),
    'gemdata.seller': ('GET', '/sellers/{seller}', EVERYONE),
    'gemdata.imports': ('GET', '/imports/', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.import_batch': ('GET', '/imports/{batch}', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.new_import': ('GET', '/imports/new', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.import_template': ('GET', '/imports/template.xlsx', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.commit_import': ('POST', '/imports/{batch}/commit', only(303, 'reviewer', 'cell_head', 'admin')),
    'gemdata.new_mapping': ('GET', '/imports/mappings/new', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.mappings': ('GET', '/imports/mappings/', only(200, 'reviewer', 'cell_head', 'admin')),
    'gemdata.delete_mapping': ('POST', '/imports/mappings/{profile}/delete', only(303, 'reviewer', 'cell_head', 'admin')),
    # no sample file sent: the preview answers its message with 422
    'gemdata.preview_mapping': ('POST', '/imports/mappings/preview', only(422, 'reviewer', 'cell_head', 'admin')),
    'gemdata.aliases': ('GET', '/imports/aliases', only(200, 'reviewer', 'cell_head', 'admin')),
    # no department sent: refused, and (without htmx) sent back to the list with a message
    'gemdata.map_alias': ('POST', '/imports/aliases/{alias}/map', only(303, 'reviewer', 'cell_head', 'admin')),
    'documents.list': ('GET', '/documents/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'documents.create': ('GET', '/documents/new', only(200, 'reviewer', 'cell_head')),
    # {document}: issued, addressed to the nodal officer's department; {draft}: a draft and {approved}: an approved
    # document (the cell's only)
    'documents.detail': ('GET', '/documents/{document}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'documents.download': ('GET', '/documents/{document}/download',
                           only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'documents.correct': ('POST', '/documents/{document}/correct', only(303, 'reviewer', 'cell_head')),
    'documents.edit': ('GET', '/documents/{draft}/edit',
                       only(200, 'reviewer', 'cell_head') | {'nodal': 404, 'government': 404}),
    'documents.preview': ('GET', '/documents/{draft}/preview',
                          only(200, 'reviewer', 'cell_head') | {'nodal': 404, 'government': 404}),
    'documents.approve': ('POST', '/documents/{draft}/approve',
                          only(303, 'cell_head') | {'nodal': 404, 'government': 404}),
    # a draft cannot be issued before it is approved: the head is sent back with a message
    'documents.issue': ('POST', '/documents/{draft}/issue', only(303, 'cell_head') | {'nodal': 404, 'government': 404}),
    # no remark sent: the document's page comes back with the form's error
    'documents.reopen': ('POST', '/documents/{approved}/reopen',
                         only(422, 'cell_head') | {'nodal': 404, 'government': 404}),
    'documents.verify': ('GET', '/verify/TEST-CODE', EVERYONE | {'anonymous': 200}),
    # {finding}: a confirmed finding on {scrutiny_bid} (the world's department), whose {bidder} was disqualified
    'scrutiny.findings': ('GET', '/scrutiny/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'scrutiny.finding': ('GET', '/scrutiny/findings/{finding}',
                         only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'scrutiny.bid': ('GET', '/scrutiny/bids/{scrutiny_bid}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'scrutiny.order': ('GET', '/scrutiny/orders/{order}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'scrutiny.disqualifications': ('GET', '/scrutiny/disqualifications',
                                   only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'scrutiny.rules': ('GET', '/scrutiny/rules', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'opendata.bids_ocds': ('GET', '/opendata/bids.json', EVERYONE),
    'opendata.red_flags': ('GET', '/scrutiny/red-flags', only(200, 'reviewer', 'cell_head', 'government')),
    'opendata.refresh_red_flags': ('POST', '/scrutiny/red-flags/refresh', only(303, 'reviewer', 'cell_head')),
    'scrutiny.thresholds': ('GET', '/scrutiny/thresholds', only(200, 'admin')),
    # no decision sent: the form comes back with its errors
    'scrutiny.review': ('POST', '/scrutiny/findings/{finding}/review', only(422, 'reviewer', 'cell_head')),
    # no verdict sent: the bid page comes back with the form's errors
    'scrutiny.verdict': ('POST', '/scrutiny/bidders/{bidder}/verdict', only(422, 'reviewer', 'cell_head')),
    'scrutiny.recommend': ('POST', '/scrutiny/bids/{scrutiny_bid}/recommendation', only(303, 'reviewer', 'cell_head')),
    # {ret}: a draft of the world's department (editable by its nodal officer); {submitted}: a submitted one
    'returns.list': ('GET', '/returns/', EVERYONE),
    'returns.detail': ('GET', '/returns/{ret}', EVERYONE),
    'returns.edit': ('GET', '/returns/{ret}/edit', only(200, 'nodal')),
    # a blank save of the draft is a valid draft
    'returns.create': ('POST', '/returns/new', only(303, 'nodal')),
    'returns.row': ('GET', '/returns/rows/reasons?index=2', only(200, 'nodal')),
    # no decision sent: the return comes back with the form's errors
    'returns.review': ('POST', '/returns/{submitted}/review', only(422, 'reviewer', 'cell_head')),
    'returns.grid': ('GET', '/returns/grid', only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    'returns.remind': ('POST', '/returns/grid/remind', only(303, 'reviewer', 'cell_head')),
    'returns.read_notices': ('POST', '/returns/notices/read', only(303, 'nodal')),
    'returns.lists': ('GET', '/returns/lists/', only(200, 'admin')),
    'returns.edit_item': ('GET', '/returns/lists/{list_item}/edit', only(200, 'admin')),
    'helpdesk.list': ('GET', '/helpdesk/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.create': ('GET', '/helpdesk/new', only(200, 'nodal', 'reviewer', 'cell_head')),
    'helpdesk.suggest': ('GET', '/helpdesk/suggest?subject=bid', only(200, 'nodal', 'reviewer', 'cell_head',
                                                                     'government')),
    # nothing ticked: sent back to the list with a message
    'helpdesk.bulk': ('POST', '/helpdesk/bulk', only(303, 'reviewer', 'cell_head')),
    'helpdesk.read_notices': ('POST', '/helpdesk/notices/read', only(303, 'nodal', 'reviewer', 'cell_head',
                                                                    'government')),
    # {ticket}: a ticket of the nodal officer's department, with a file; {resolved_ticket}: a resolved one
    'helpdesk.detail': ('GET', '/helpdesk/{ticket}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    # empty forms: refused with their messages (422) to those who may use them
    'helpdesk.reply': ('POST', '/helpdesk/{ticket}/reply', only(422, 'nodal', 'reviewer', 'cell_head')),
    'helpdesk.transition': ('POST', '/helpdesk/{ticket}/transition', only(422, 'nodal', 'reviewer', 'cell_head')),
    'helpdesk.change': ('POST', '/helpdesk/{ticket}/change', only(422, 'reviewer', 'cell_head')),
    'helpdesk.merge': ('POST', '/helpdesk/{ticket}/merge', only(422, 'reviewer', 'cell_head')),
    'helpdesk.attachment': ('GET', '/helpdesk/{ticket}/files/{ticket_file}',
                            only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.new_visit': ('GET', '/helpdesk/{ticket}/visits/new', only(200, 'reviewer', 'cell_head')),
    'helpdesk.ticket_article': ('GET', '/helpdesk/{resolved_ticket}/article', only(200, 'reviewer', 'cell_head')),
    'helpdesk.visits': ('GET', '/helpdesk/visits/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.edit_visit': ('GET', '/helpdesk/visits/{visit}/edit', only(200, 'reviewer', 'cell_head')),
    'helpdesk.kb': ('GET', '/helpdesk/kb/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.new_article': ('GET', '/helpdesk/kb/new', only(200, 'reviewer', 'cell_head')),
    'helpdesk.article': ('GET', '/helpdesk/kb/{article}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.edit_article': ('GET', '/helpdesk/kb/{article}/edit', only(200, 'reviewer', 'cell_head')),
    'helpdesk.reports': ('GET', '/helpdesk/reports', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'helpdesk.categories': ('GET', '/helpdesk/settings/categories', only(200, 'admin')),
    'helpdesk.edit_category': ('GET', '/helpdesk/settings/categories/{ticket_category}/edit', only(200, 'admin')),
    'helpdesk.calendar': ('GET', '/helpdesk/settings/calendar', only(200, 'admin')),
    'helpdesk.delete_day': ('POST', '/helpdesk/settings/calendar/{calendar_day}/delete', only(303, 'admin')),
    'meetings.list': ('GET', '/meetings/', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'meetings.points': ('GET', '/meetings/points', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'meetings.create': ('GET', '/meetings/new', only(200, 'reviewer', 'cell_head')),
    'meetings.detail': ('GET', '/meetings/{meeting}', only(200, 'nodal', 'reviewer', 'cell_head', 'government')),
    'meetings.edit': ('GET', '/meetings/{meeting}/edit', only(200, 'reviewer', 'cell_head')),
    'meetings.add_point': ('POST', '/meetings/{meeting}/points', only(422, 'reviewer', 'cell_head')),
    'meetings.class_point': ('POST', '/meetings/points/{action_point}', only(422, 'reviewer', 'cell_head')),
    # the meeting has action points: the letter is drafted and the documents page opens
    'meetings.letter': ('POST', '/meetings/{meeting}/letter', only(303, 'reviewer', 'cell_head')),
    'meetings.remind': ('POST', '/meetings/points/remind', only(303, 'reviewer', 'cell_head')),
    # {direction}: issued to the nodal officer's department, whose report ({addressee}, with {reply_file}) is
    # owed; {draft_direction}: a draft (the cell's only); {submitted}: a report awaiting the cell's class
    'directives.list': ('GET', '/directions/', VIEWERS),
    'directives.create': ('GET', '/directions/new', only(200, 'reviewer', 'cell_head')),
    'directives.detail': ('GET', '/directions/{direction}', VIEWERS | {'admin': 404}),
    'directives.edit': ('GET', '/directions/{draft_direction}/edit',
                        only(200, 'reviewer', 'cell_head', others=404)),
    # a reviewer may not issue: sent back to the direction with a message
    'directives.issue': ('POST', '/directions/{draft_direction}/issue', only(303, 'reviewer', 'cell_head', others=404)),
    # not every report is classed: sent back with a message
    'directives.close': ('POST', '/directions/{direction}/close',
                         only(303, 'reviewer', 'cell_head') | {'admin': 404}),
    'directives.answer': ('GET', '/directions/reports/{addressee}', only(200, 'nodal') | {'admin': 404}),
    # no class given: the page comes back with the message
    'directives.class_report': ('POST', '/directions/reports/{submitted}/class',
                                only(422, 'reviewer', 'cell_head') | {'admin': 404}),
    'directives.attachment': ('GET', '/directions/reports/{addressee}/files/{reply_file}',
                              only(200, 'nodal', 'reviewer', 'cell_head', 'government') | {'admin': 404}),
    'directives.register': ('GET', '/directions/register', VIEWERS),
    'directives.remind': ('POST', '/directions/remind', only(303, 'reviewer', 'cell_head')),
    # {opinion}: issued, of the nodal officer's department, with {opinion_file}; {asked}: awaiting the answer
    'opinions.list': ('GET', '/opinions/', VIEWERS),
    'opinions.ask': ('GET', '/opinions/ask', only(200, 'nodal')),
    'opinions.detail': ('GET', '/opinions/{opinion}', VIEWERS),
    # no answer sent: the form's error
    'opinions.answer': ('POST', '/opinions/{asked}/answer',
                        only(422, 'reviewer', 'cell_head') | {'government': 404, 'admin': 404}),
    # not drafted yet: sent back with a message
    'opinions.issue': ('POST', '/opinions/{asked}/issue', only(303, 'cell_head') | {'government': 404, 'admin': 404}),
    'opinions.file': ('GET', '/opinions/{opinion}/files/{opinion_file}', VIEWERS),
    'opinions.library': ('GET', '/opinions/library?q=भुगतान', VIEWERS),
    'opinions.new_library_item': ('GET', '/opinions/library/new', only(200, 'reviewer', 'cell_head')),
    'opinions.library_item': ('GET', '/opinions/library/{library_item}', VIEWERS),
    'opinions.edit_library_item': ('GET', '/opinions/library/{library_item}/edit', only(200, 'reviewer', 'cell_head')),
    'opinions.library_file': ('GET', '/opinions/library/{library_item}/file', VIEWERS),
    'provisions.list': ('GET', '/provisions/', only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    'provisions.create': ('GET', '/provisions/new', only(200, 'reviewer', 'cell_head')),
    'provisions.detail': ('GET', '/provisions/{provision}', only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    'provisions.edit': ('GET', '/provisions/{provision}/edit', only(200, 'reviewer', 'cell_head')),
    # nothing sent: the forms' errors
    'provisions.state': ('POST', '/provisions/{provision}/state', only(422, 'reviewer', 'cell_head')),
    'provisions.log_letter': ('POST', '/provisions/{provision}/letters', only(422, 'reviewer', 'cell_head')),
    'provisions.letter_to_gem': ('POST', '/provisions/{provision}/letter-to-gem', only(422, 'reviewer', 'cell_head')),
    'provisions.add_link': ('POST', '/provisions/{provision}/links', only(422, 'reviewer', 'cell_head')),
    # an empty picker unlinks the ticket (it was not linked): done, for the cell
    'provisions.link_ticket': ('POST', '/provisions/tickets/{ticket}', only(303, 'reviewer', 'cell_head')),
    # {payment_order}: an order of the world's department placed through {bid}
    'payments.dashboard': ('GET', '/payments/', EVERYONE),
    'payments.department': ('GET', '/payments/departments/{department}', EVERYONE),
    # the cell drafts a direction on the department's overdue orders (back to the page when none is overdue)
    'payments.draft_direction': ('POST', '/payments/departments/{department}/direction',
                                 only(303, 'reviewer', 'cell_head')),
    'payments.office': ('GET', '/payments/offices/{office}', EVERYONE),
    'payments.order': ('GET', '/payments/orders/{order}', EVERYONE),
    # nothing sent: the bid sets no timeline of its own (GeM GTC's applies)
    'payments.bid_terms': ('POST', '/payments/orders/{payment_order}/bid-terms', only(303, 'reviewer', 'cell_head')),
    'payments.status': ('GET', '/payments/status', only(200, 'nodal')),
    'payments.status_download': ('GET', '/payments/status.xlsx', only(200, 'nodal')),
    # no file sent: the page comes back with the form's error
    'payments.status_upload': ('POST', '/payments/status/upload', only(422, 'nodal')),
    'payments.reasons': ('GET', '/payments/reasons/', only(200, 'admin')),
    'payments.edit_reason': ('GET', '/payments/reasons/{delay_reason}/edit', only(200, 'admin')),
    # {case}: a draft case (a buyer user of the world's department and a firm) holding {finding}; {case_reply}: a
    # reply on it with a PDF attached. A nodal officer or the administrator gets 404 for a case (not 403: cases are
    # the cell's and Government's only); forms sent empty come back with their errors (422)
    'cases.list': ('GET', '/cases/', only(200, 'reviewer', 'cell_head', 'government')),
    'cases.create': ('GET', '/cases/new', only(200, 'reviewer', 'cell_head')),
    'cases.detail': ('GET', '/cases/{case}', only(200, 'reviewer', 'cell_head', 'government', others=404)),
    'cases.edit': ('GET', '/cases/{case}/edit', only(200, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.add_findings': ('POST', '/cases/{case}/findings',
                           only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.remove_finding': ('POST', '/cases/{case}/findings/{finding}/remove',
                             only(303, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.add_record': ('POST', '/cases/{case}/records',
                         only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.draft_letters': ('POST', '/cases/{case}/show-cause/draft',
                            only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    # the In-charge only; no letter drafted yet: refused with the page
    'cases.issue_show_cause': ('POST', '/cases/{case}/show-cause/issue',
                               only(422, 'cell_head', others=404) | {'reviewer': 403, 'government': 403}),
    'cases.reply': ('POST', '/cases/{case}/replies',
                    only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.conclusion': ('POST', '/cases/{case}/conclusion',
                         only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.pack': ('POST', '/cases/{case}/pack', only(422, 'reviewer', 'cell_head', others=404) | {'government': 403}),
    'cases.refer': ('POST', '/cases/{case}/refer',
                    only(422, 'cell_head', others=404) | {'reviewer': 403, 'government': 403}),
    'cases.decide': ('POST', '/cases/{case}/decide',
                     only(422, 'cell_head', others=404) | {'reviewer': 403, 'government': 403}),
    'cases.drop': ('POST', '/cases/{case}/drop', only(422, 'cell_head', others=404) | {'reviewer': 403,
                                                                                        'government': 403}),
    'cases.attachment': ('GET', '/cases/replies/{case_reply}/attachment',
                         only(200, 'reviewer', 'cell_head', 'government', others=404)),
    'cases.debarred': ('GET', '/cases/registers/debarred', only(200, 'reviewer', 'cell_head', 'government')),
    'cases.blacklisted': ('GET', '/cases/registers/blacklisted', only(200, 'reviewer', 'cell_head', 'government')),
    'reports.note': ('GET', '/reports/note', only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    # blank remarks are valid remarks; preparing makes the note's draft document and shows it
    'reports.remarks': ('POST', '/reports/note/remarks', only(303, 'reviewer', 'cell_head')),
    'reports.prepare': ('POST', '/reports/note/prepare', only(303, 'reviewer', 'cell_head')),
    'reports.scorecard': ('GET', '/reports/scorecard', only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    'reports.records': ('GET', '/reports/scorecard/findings/{department}',
                        only(200, 'reviewer', 'cell_head', 'government', 'admin')),
    'audit.list': ('GET', '/admin/audit/', only(200, 'admin')),
    'audit.verify': ('POST', '/admin/audit/verify', only(200, 'admin')),
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != 'static'}
    assert endpoints - MATRIX.keys() == set(), 'routes without an access rule in tests/test_access.py'
    assert MATRIX.keys() - endpoints == set(), 'access rules for routes that do not exist'


def document_world(department):
    from gemcell.extensions import db
    from tests.factories import make_document
    documents = {'document': make_document(department=department, verification_code='TEST-CODE'),
                 'draft': make_document(state='draft', department=department),
                 'approved': make_document(state='approved', department=department)}
    db.session.commit()  # the public verify page is opened without a login (which would commit)
    return documents


def scrutiny_world(department, create_bid, create_finding):
    from gemcell.gemdata.models import BidderState
    bid = create_bid(buyer_department=department, bidders=[
        {'name': 'M/S Winner', 'state': BidderState.awarded, 'is_awarded': True},
        {'name': 'M/S Rejected', 'state': BidderState.disqualified_technical, 'reason': 'Turnover not proven'}])
    finding = create_finding(bid=bid, rule_id='CARD-R035', state='confirmed',
                             evidence={'params': {'disqualified': 1, 'bidders': 2, 'winner': 'M/S Winner'}})
    return {'scrutiny_bid': bid, 'finding': finding,
            'bidder': next(b for b in bid.bidders if b.name == 'M/S Rejected')}


def helpdesk_world(department, create_user, create_ticket):
    import io
    from datetime import date

    from PIL import Image
    from werkzeug.datastructures import FileStorage

    from gemcell.extensions import db
    from gemcell.helpdesk import operations
    from gemcell.helpdesk.models import CalendarDay
    officer = create_user(role='nodal', department=department)
    reviewer = create_user(role='reviewer')
    png = io.BytesIO()
    Image.new('RGB', (2, 2)).save(png, 'PNG')
    ticket = create_ticket(department=department, user=officer)
    message = operations.add_message(ticket, operations.MessageKind.reply, 'screenshot', officer,
                                     [FileStorage(stream=io.BytesIO(png.getvalue()), filename='s.png')])
    resolved = create_ticket(department=department, user=officer, category=ticket.category)
    operations.transition(resolved, 'resolve', reviewer, {'resolution': 'Done'})
    visit = operations.save_visit(None, ticket, {'officer_id': reviewer.id, 'visit_date': date(
        2026, 11, 20), 'place': 'Office', 'purpose': 'Training'}, reviewer)
    article = operations.save_article(None, {'title': 'Bid', 'problem': 'p', 'fix': 'f', 'is_published': True},
                                      reviewer)
    day = CalendarDay(day=date(2027, 1, 15), name_hi='मकर संक्रान्ति', name_en='Makar Sankranti')
    db.session.add(day)
    db.session.flush()
    return {'ticket': ticket, 'ticket_file': message.attachments[0], 'resolved_ticket': resolved, 'visit': visit,
            'article': article, 'ticket_category': ticket.category, 'calendar_day': day,
            **meetings_world(department, reviewer)}


def meetings_world(department, reviewer):
    from datetime import date

    from gemcell.extensions import db
    from gemcell.meetings.models import ActionPoint, Meeting, OwnerKind
    meeting = Meeting(department=department, meeting_date=date(2026, 11, 10), subject='Review', venue='Lucknow',
                      agenda='Payments', created_by_id=reviewer.id)
    point = ActionPoint(position=1, text='Pay the sellers', owner=OwnerKind.department, due_date=date(2026, 11, 30))
    meeting.points.append(point)
    db.session.add(meeting)
    db.session.flush()
    return {'meeting': meeting, 'action_point': point}
def cases_world(department, create_case, create_user):
    from tests.factories import make_case_reply
    user = create_user(role='reviewer')
    case = create_case(department=department, user=user)
    return {'case': case, 'case_reply': make_case_reply(case, user)}


def returns_world(department, create_return, create_list_item):
    from datetime import date
    return {'ret': create_return(department=department, period_start=date(2026, 10, 1)),
            'submitted': create_return(department=department, period_start=date(2026, 10, 16), state='submitted'),
            'list_item': create_list_item()}


def directives_world(department, create_direction, create_opinion, create_user):
    from datetime import date

    from gemcell.attachments.models import Attachment
    from gemcell.directives.models import PointReply, ReplyState
    from gemcell.extensions import db
    from gemcell.opinions.models import LibraryItem, LibraryKind
    from gemcell.provisions.models import Provision
    direction = create_direction(departments=[department])
    addressee = direction.addressees[0]
    file = Attachment(filename='आख्या.pdf', content_type='application/pdf', size=8, sha256='0' * 64, data=b'%PDF-1.7')
    reply = PointReply(point_id=direction.points[0].id, action_taken='किया गया')
    reply.attachments.append(file)
    addressee.replies.append(reply)
    submitted = create_direction(departments=[department]).addressees[0]
    submitted.state = ReplyState.submitted
    opinion = create_opinion(department=department, state='issued', answer='उत्तर')
    opinion.attachments.append(Attachment(filename='प्रश्न.pdf', content_type='application/pdf', size=8,
                                          sha256='1' * 64, data=b'%PDF-1.7'))
    author = create_user(role='reviewer')
    item = LibraryItem(kind=LibraryKind.go, number='12/2024', issued_on=date(2024, 4, 1), subject='भुगतान',
                       text='भुगतान 10 दिन में', created_by_id=author.id,
                       attachment=Attachment(filename='go.pdf', content_type='application/pdf', size=8,
                                             sha256='2' * 64, data=b'%PDF-1.7'))
    provision = Provision(go_number='5/2025', go_date=date(2025, 1, 5), title='MSE preference', provision='...',
                          ask='...', created_by_id=author.id)
    db.session.add_all([item, provision])
    db.session.flush()
    return {'direction': direction, 'addressee': addressee, 'reply_file': file, 'submitted': submitted,
            'draft_direction': create_direction(departments=[department], state='draft'), 'opinion': opinion,
            'opinion_file': opinion.attachments[0], 'asked': create_opinion(department=department),
            'library_item': item, 'provision': provision}


def build_world(fixture):
    """One object of each kind the URLs name (each module's world function adds its own)."""
    department = fixture('create_department')()
    seller = fixture('create_seller')()
    bid = fixture('create_bid')(buyer_department=department)
    return {'department': department, 'office': fixture('create_office')(department=department),
            'user': fixture('create_user')(role='reviewer'), 'bid': bid,
            'payment_order': fixture('create_order')(buyer_department=department, bid=bid),
            'delay_reason': fixture('create_delay_reason')(),
            'order': fixture('create_order')(buyer_department=department, seller=seller), 'seller': seller,
            'batch': fixture('create_import_batch')(), 'alias': fixture('create_alias')(),
            'profile': fixture('create_mapping_profile')(),
            **scrutiny_world(department, fixture('create_bid'), fixture('create_finding')),
            **returns_world(department, fixture('create_return'), fixture('create_list_item')),
            **helpdesk_world(department, fixture('create_user'), fixture('create_ticket')),
            **directives_world(department, fixture('create_direction'), fixture('create_opinion'),
                               fixture('create_user')),
            **cases_world(department, fixture('create_case'), fixture('create_user')),
            **document_world(department)}


#: the world's rows, table by table, and its objects' ids by name: built once through the factories, then restored
#: for each test of the matrix (building it runs ~400 queries and the audit chain; restoring, one insert per table)
WORLD = {}


@pytest.fixture
def world(request, db):
    """The ids of the world's objects by name."""
    if WORLD:
        restore(db, WORLD['rows'])
    else:
        objects = build_world(request.getfixturevalue)
        db.session.commit()
        WORLD['ids'] = {name: obj.id for name, obj in objects.items()}
        WORLD['rows'] = snapshot(db)
    return WORLD['ids']


def snapshot(db) -> dict:
    with db.engine.connect() as conn:
        return {table: conn.execute(table.select().order_by(*table.primary_key.columns)).mappings().all()
                for table in db.metadata.sorted_tables}


def restore(db, rows: dict):
    with db.engine.begin() as conn:
        restored = [table for table, table_rows in rows.items() if table_rows]
        for table in restored:
            conn.execute(table.insert(), [dict(row) for row in rows[table]])
        if conn.dialect.name == 'postgresql':  # the sequences go on after the restored ids
            conn.exec_driver_sql('SELECT ' + ', '.join(
                f"setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM \"{table.name}\"))"
                for table in restored if 'id' in table.c))


@pytest.mark.parametrize('role', ROLES)
@pytest.mark.parametrize('endpoint', sorted(MATRIX))
def test_access(db, client, login_as, world, endpoint, role):
    from gemcell.directory.models import Department
    method, url, expected = MATRIX[endpoint]
    url = url.format(**world)
    if role == 'anonymous':
        status = expected.get('anonymous', 302)
    else:
        login_as(role, department=db.session.get(Department, world['department'])) if role == 'nodal' else \
            login_as(role)
        status = expected[role]
    response = client.open(url, method=method)
    assert response.status_code == status, f'{role} {method} {url}'
    if role == 'anonymous' and status == 302:
        assert '/auth/login' in response.headers['Location']


def test_anonymous_htmx_request_gets_hx_redirect_to_login(client):
    response = client.get('/departments/?q=x', headers={'HX-Request': 'true'})
    assert response.status_code == 401
    assert response.headers['HX-Redirect'].startswith('/auth/login?next=')
    assert response.get_data() == b''


def test_forbidden_htmx_request_gets_error_fragment(client, login_as):
    login_as('nodal')
    response = client.get('/admin/users/', headers={'HX-Request': 'true'})
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert '<html' not in html and 'id="error"' in html


def test_menu_shows_only_what_the_role_may_open(client, login_as):
    login_as('nodal')
    html = client.get('/').get_data(as_text=True)
    assert '/departments/' in html
    assert '/admin/users/' not in html and '/admin/audit/' not in html


def test_admin_menu_has_users_and_audit(client, login_as):
    login_as('admin')
    html = client.get('/').get_data(as_text=True)
    assert '/admin/users/' in html and '/admin/audit/' in html


def test_unknown_permission_name_raises():
    from gemcell.core.permissions import has_permission
    with pytest.raises(ValueError):
        has_permission(None, 'fly_to_the_moon')


def test_a_department_sees_only_the_show_cause_letters_addressed_to_it(client, login, create_user, create_department,
                                                                      create_case):
    """Cases are the cell's and Government's; a department's nodal officer reads only the issued show-cause letter
    addressed to it (through the documents' own scope), never the case, the firm's letter, the evidence pack or
    another department's letter."""
    from datetime import date

    from gemcell.cases import operations
    from gemcell.extensions import db
    own, other = create_department(), create_department()
    head = create_user(role='cell_head')
    day = date(2026, 11, 2)
    letters = {}
    for department in (own, other):
        case = create_case(department=department)
        operations.draft_show_cause(case, case.created_by, date(2026, 11, 16), today=day)
        operations.issue_show_cause(case, head, today=day)
        operations.save_conclusion(case, case.created_by, 'निष्कर्ष')
        operations.prepare_pack(case, case.created_by, today=day)
        letters[department.id] = (case, *operations.queries.show_cause_letters(case))
    db.session.commit()
    case, to_department, to_firm = letters[own.id]
    _, to_other, _ = letters[other.id]
    login(create_user(role='nodal', department=own))
    listing = client.get('/documents/').get_data(as_text=True)
    assert to_department.number in listing
    assert to_firm.number not in listing and to_other.number not in listing
    assert client.get(f'/documents/{to_department.id}').status_code == 200
    assert client.get(f'/documents/{to_department.id}/download').status_code == 200
    for hidden in (to_firm, to_other, case.pack):
        assert client.get(f'/documents/{hidden.id}').status_code == 404
    assert client.get(f'/cases/{case.id}').status_code == 404
    assert client.get('/cases/').status_code == 403
    assert client.get('/cases/registers/debarred').status_code == 403
    assert '/cases/' not in client.get('/').get_data(as_text=True)  # no menu entry either
