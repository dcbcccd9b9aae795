"""CSRF protection is on in production: forms and htmx requests without the token are refused."""
import json
import re

import pytest

from tests.conftest import csrf_token_from


def test_login_post_without_token_is_refused(csrf_app, db, create_user):
    user = create_user()
    client = csrf_app.test_client()
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery'})
    assert response.status_code == 400
    assert 'फ़ॉर्म' in response.get_data(as_text=True)


def test_login_post_with_token_succeeds(csrf_app, db, create_user):
    user = create_user()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get('/auth/login').get_data(as_text=True))
    response = client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery',
                                                 'csrf_token': token})
    assert response.status_code == 303


def _signed_in(csrf_app, user):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get('/auth/login').get_data(as_text=True))
    client.post('/auth/login', data={'login': user.login, 'password': 'correct horse battery', 'csrf_token': token})
    return client


def test_htmx_post_without_header_is_refused(csrf_app, db, create_user):
    client = _signed_in(csrf_app, create_user(role='admin'))
    response = client.post('/admin/audit/verify', headers={'HX-Request': 'true'})
    assert response.status_code == 400
    assert '<html' not in response.get_data(as_text=True)


def test_htmx_post_with_the_pages_header_token_succeeds(csrf_app, db, create_user):
    client = _signed_in(csrf_app, create_user(role='admin'))
    page = client.get('/admin/audit/').get_data(as_text=True)
    token = json.loads(re.search(r"<body[^>]*hx-headers='([^']+)'", page).group(1))['X-CSRFToken']
    response = client.post('/admin/audit/verify', headers={'HX-Request': 'true', 'X-CSRFToken': token})
    assert response.status_code == 200
    assert 'id="audit-verify"' in response.get_data(as_text=True)


def _urls_of(app, method):
    """Every rule that accepts ``method``, with 1 for each of its variables."""
    for rule in app.url_map.iter_rules():
        if method in rule.methods and rule.endpoint != 'static':
            yield rule.endpoint, rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]


@pytest.mark.parametrize('method', ['POST', 'PUT', 'PATCH', 'DELETE'])
def test_every_state_change_without_a_token_is_refused(csrf_app, db, create_user, method):
    """Walks the whole URL map: whatever the route, a write without the CSRF token never reaches its view."""
    client = _signed_in(csrf_app, create_user(role='admin'))
    checked = 0
    for endpoint, url in _urls_of(csrf_app, method):
        for headers in ({}, {'HX-Request': 'true'}):
            response = client.open(url, method=method, headers=headers, data={'anything': '1'})
            assert response.status_code == 400, f'{method} {url} ({endpoint}) answered {response.status_code}'
            checked += 1
    assert checked > 0 or method != 'POST'
