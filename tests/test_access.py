"""Who may open what: one matrix over every route and every role (Indico's access test).

A route that is missing from the matrix fails ``test_every_route_is_in_the_matrix``, so each new view has to say
here who may use it.
"""
import pytest

ROLES = ('anonymous', 'nodal', 'reviewer', 'cell_head', 'government', 'admin')
EVERYONE = dict.fromkeys(ROLES[1:], 200)


def only(status_for_allowed, *allowed, others=403):
    return {role: (status_for_allowed if role in allowed else others) for role in ROLES[1:]}


# endpoint -> (method, url, expected status per role); the anonymous user is always sent to the login page
MATRIX = {
    'home.index': ('GET', '/', EVERYONE),
    'home.health': ('GET', '/health', EVERYONE | {'anonymous': 200}),
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
    'scrutiny.refer': ('POST', '/scrutiny/findings/{finding}/refer', only(303, 'reviewer', 'cell_head')),
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


def returns_world(department, create_return, create_list_item):
    from datetime import date
    return {'ret': create_return(department=department, period_start=date(2026, 10, 1)),
            'submitted': create_return(department=department, period_start=date(2026, 10, 16), state='submitted'),
            'list_item': create_list_item()}


@pytest.fixture
def world(create_department, create_office, create_user, create_bid, create_order, create_seller,
          create_import_batch, create_alias, create_finding, create_return, create_list_item,
          create_mapping_profile):
    department = create_department()
    seller = create_seller()
    return {'department': department, 'office': create_office(department=department),
            'user': create_user(role='reviewer'), 'bid': create_bid(buyer_department=department),
            'order': create_order(buyer_department=department, seller=seller), 'seller': seller,
            'batch': create_import_batch(), 'alias': create_alias(),
            'profile': create_mapping_profile(),
            **scrutiny_world(department, create_bid, create_finding),
            **returns_world(department, create_return, create_list_item),
            **document_world(department)}


@pytest.mark.parametrize('role', ROLES)
@pytest.mark.parametrize('endpoint', sorted(MATRIX))
def test_access(client, login_as, world, endpoint, role):
    method, url, expected = MATRIX[endpoint]
    url = url.format(**{name: obj.id for name, obj in world.items()})
    if role == 'anonymous':
        status = expected.get('anonymous', 302)
    else:
        login_as(role, department=world['department']) if role == 'nodal' else login_as(role)
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
