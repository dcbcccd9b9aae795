"""Security headers, and pages that keep to the Content-Security-Policy: no inline script, event handler, eval or
style in any template a browser is served (the PDFs' templates are not)."""
import re
from pathlib import Path

import pytest

from gemcell.core.security import CSP

TEMPLATES = Path(__file__).resolve().parent.parent / 'templates'
WEB_TEMPLATES = sorted(p for p in TEMPLATES.rglob('*.html') if 'pdf' not in p.relative_to(TEMPLATES).parts)
INLINE = {
    'an inline <script>': re.compile(r'<script(?![^>]*\bsrc=)[^>]*>', re.IGNORECASE),
    'an event-handler attribute': re.compile(r'\son[a-z]+\s*=', re.IGNORECASE),
    'an hx-on attribute (eval)': re.compile(r'\shx-on[:-]', re.IGNORECASE),
    'a style attribute': re.compile(r'\sstyle\s*=', re.IGNORECASE),
    'a <style> element': re.compile(r'<style[\s>]', re.IGNORECASE),
    'a javascript: URL': re.compile(r'javascript:', re.IGNORECASE),
    'a js: value (eval)': re.compile(r'''hx-vals\s*=\s*['"]\s*js:''', re.IGNORECASE),
}


def test_there_are_templates_to_read():
    assert len(WEB_TEMPLATES) > 50


@pytest.mark.parametrize('template', WEB_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_what_the_policy_forbids(template):
    text = template.read_text(encoding='utf-8')
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f'{template.relative_to(TEMPLATES)} has {", ".join(found)}: move it to static/js or static/css'


def test_pages_fragments_and_errors_carry_the_headers(client, login_as):
    login_as('reviewer')
    for url, headers in (('/', {}), ('/bids/', {'HX-Request': 'true'}), ('/no-such-page', {}),
                         ('/static/css/gemcell.css', {})):
        with client.get(url, headers=headers) as response:
            assert response.headers['Content-Security-Policy'] == CSP, url
            assert response.headers['X-Content-Type-Options'] == 'nosniff'
            assert response.headers['X-Frame-Options'] == 'DENY'
    assert "script-src 'self'" in CSP and 'unsafe' not in CSP


def test_htmx_runs_without_eval_and_without_inline_styles(client, login_as):
    login_as('nodal')
    page = client.get('/').get_data(as_text=True)
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    assert '/static/js/gemcell.js' in page


# --- apps configured as in production ----------------------------------------------------------------------------

@pytest.fixture
def make_app(app):
    """``make_app(**config)``: another app on the test database, with these settings (and its own routes, if the
    test adds any before the first request)."""
    from gemcell import create_app
    from tests.conftest import dispose, make_config
    made = []

    def _make(**overrides):
        made.append(create_app(make_config(SQLALCHEMY_DATABASE_URI=app.config['SQLALCHEMY_DATABASE_URI'],
                                           INSTANCE_PATH=app.config['INSTANCE_PATH'], **overrides)))
        return made[-1]
    yield _make
    for other in made:
        dispose(other)


def test_no_page_is_kept_in_a_cache(app, client, login_as):
    """After signing out, the back button or a shared computer's cache shows none of the pages seen (ASVS 8.2.1)."""
    login_as('reviewer')
    for url, headers in (('/', {}), ('/bids/', {'HX-Request': 'true'}), ('/no-such-page', {}),
                         ('/departments/?format=csv', {}), ('/auth/login', {})):
        assert client.get(url, headers=headers).headers['Cache-Control'] == 'no-store', url
    with client.get('/static/css/gemcell.css') as static:
        assert 'no-store' not in static.headers.get('Cache-Control', '')
    assert 'Strict-Transport-Security' not in client.get('/').headers  # plain HTTP: a browser would ignore it


def test_https_sites_send_hsts_and_a_secure_host_only_cookie(make_app, db, create_user):
    secure = make_app(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME='__Host-gemcell', REMEMBER_COOKIE_SECURE=True)
    user = create_user()
    response = secure.test_client().post('/auth/login', base_url='https://localhost',
                                         data={'login': user.login, 'password': 'correct horse battery'})
    assert response.headers['Strict-Transport-Security'] == 'max-age=31536000'
    cookie = response.headers['Set-Cookie']
    assert cookie.startswith('__Host-gemcell=') and '; Secure' in cookie and '; Path=/' in cookie
    assert 'Domain=' not in cookie


def test_a_forged_host_header_is_refused(make_app, db, monkeypatch):
    """With ``TRUSTED_HOSTS`` set, a request naming another host gets 400, so no link the app builds (the QR code
    of a document) can point elsewhere."""
    import importlib

    import gemcell.config
    monkeypatch.setenv('TRUSTED_HOSTS', 'gemcell.up.gov.in, gemcell.intranet')
    try:
        assert importlib.reload(gemcell.config).Config.TRUSTED_HOSTS == ['gemcell.up.gov.in', 'gemcell.intranet']
    finally:
        monkeypatch.delenv('TRUSTED_HOSTS')
        importlib.reload(gemcell.config)
    strict = make_app(TRUSTED_HOSTS=['gemcell.up.gov.in'])
    client = strict.test_client()
    assert client.get('/auth/login', base_url='http://gemcell.up.gov.in').status_code == 200
    for forged in ({'base_url': 'http://evil.example'}, {'base_url': 'http://gemcell.up.gov.in',
                                                         'headers': {'Host': 'evil.example'}}):
        response = client.get('/auth/login', **forged)
        assert response.status_code == 400 and 'अनुरोध' in response.get_data(as_text=True)


def test_behind_the_proxy_failed_sign_ins_count_by_the_clients_address(make_app, db, client):
    """Behind nginx every request comes from nginx: with ``TRUSTED_PROXIES`` the throttle counts by the address
    nginx adds to X-Forwarded-For (else one user's mistakes would lock out the whole State); without a proxy, the
    header is not believed."""
    import sqlalchemy as sa

    from gemcell.auth.models import LoginFailure
    proxied = make_app(TRUSTED_PROXIES=1).test_client()
    forged = {'X-Forwarded-For': '10.9.8.7'}
    proxied.post('/auth/login', data={'login': 'someone', 'password': 'wrong'}, headers=forged,
                 environ_base={'REMOTE_ADDR': '127.0.0.1'})
    client.post('/auth/login', data={'login': 'someone', 'password': 'wrong'}, headers=forged)
    assert sorted(db.session.scalars(sa.select(LoginFailure.address))) == ['10.9.8.7', '127.0.0.1']


def test_an_error_page_never_shows_the_error(make_app, db, caplog):
    """In production an unexpected error gives the plain 500 page; the details (and the traceback) go to the log."""
    production = make_app(TESTING=False, DEBUG=False, PROPAGATE_EXCEPTIONS=False)

    def boom():
        raise RuntimeError('database password is hunter2')
    production.add_url_rule('/boom', view_func=boom)
    response = production.test_client().get('/boom')
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and 'हमारी ओर से कोई त्रुटि हुई।' in page
    assert 'hunter2' not in page and 'Traceback' not in page and 'RuntimeError' not in page
    assert any('hunter2' in (record.exc_text or str(record.exc_info)) for record in caplog.records)


def test_a_database_error_never_carries_the_rows_values(db):
    """A failed statement's message (which goes to the log) names the statement, not the values: not a password's
    hash, not a person's data."""
    import sqlalchemy as sa

    from gemcell.auth.operations import create_user
    from gemcell.core.permissions import Role
    create_user(login='twice', name='A', role=Role.reviewer, password='correct horse battery')
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError) as caught:
        create_user(login='twice', name='Ramesh Kumar Verma', role=Role.reviewer, password='correct horse battery',
                    email='ramesh@example.in')
    db.session.rollback()
    message = str(caught.value)  # (PostgreSQL's own detail names the duplicate key: the login, not a secret)
    assert 'pbkdf2' not in message and 'Ramesh' not in message and 'ramesh@' not in message
    assert 'parameters hidden' in message


# --- spreadsheets never run what users typed (formula injection) -------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","click")', '+1+cmd|\'/C calc\'!A0', '-2+3', '@SUM(A1:A9)',
            '\t=1+1', '\r=1+1', '＝1+1']


def test_csv_exports_neutralise_formulas(db, client, login_as, create_department):
    import csv
    import io
    for n, text in enumerate(FORMULAS):
        create_department(code=f'F{n}', name_en=text)
    db.session.commit()
    login_as('reviewer')
    response = client.get('/departments/?format=csv')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip('\ufeff'))))
    names = {row[0]: row[2] for row in rows[1:]}
    assert [names[f'F{n}'] for n in range(len(FORMULAS))] == ["'" + text for text in FORMULAS]


def test_xlsx_exports_keep_text_as_text(db, client, login_as, create_department):
    """In a workbook every such text is a text cell, never a formula, with its value exactly as typed; a control
    character XLSX cannot hold does not break the download."""
    import io

    from openpyxl import load_workbook
    for n, text in enumerate(FORMULAS):
        create_department(code=f'F{n}', name_en=text, name_hi=f'विभाग\x0b{n}')
    db.session.commit()
    login_as('reviewer')
    response = client.get('/departments/?format=xlsx')
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for n, text in enumerate(FORMULAS):
        assert cells[f'F{n}'][2].value == text and cells[f'F{n}'][2].data_type == 's', text
        assert cells[f'F{n}'][1].value == f'विभाग{n}'


# --- files and paths -------------------------------------------------------------------------------------------

def test_an_import_upload_is_kept_only_inside_the_uploads_folder(app):
    from gemcell.gemdata.uploads import safe_name, stored_path
    with app.app_context():
        assert safe_name('../../etc/passwd.csv') == 'passwd.csv' and safe_name('..') == 'upload'
        assert safe_name('C:\\Users\\x\\..\\bids.xlsx').endswith('bids.xlsx')
        assert stored_path('a' * 64, '../../x.csv').parent.parent.name == 'uploads'
        for hostile in ('../../..', '', 'a' * 63 + '/'):
            with pytest.raises(ValueError):
                stored_path(hostile, 'passwd')


def test_backups_never_put_the_database_password_on_a_command_line():
    """``ps`` shows every process's arguments to every user of the machine: pg_dump gets the password in its
    environment instead."""
    import sqlalchemy as sa

    from gemcell.core.backup import _libpq_env, _libpq_url
    url = sa.make_url('postgresql+psycopg://gemcell:s3cr%40t@db.internal:5432/gemcell')
    assert _libpq_url(url) == 'postgresql://gemcell@db.internal:5432/gemcell'
    assert _libpq_env(url)['PGPASSWORD'] == 's3cr@t'


def test_choice_labels_are_escaped_in_the_checklist(app):
    """The departments' names (typed by an administrator) in the documents' checklist of addressees."""
    from flask_wtf import FlaskForm
    from wtforms import SelectChoice

    from gemcell.documents.forms import MultiCheckboxField

    class Form(FlaskForm):
        departments = MultiCheckboxField(choices=[SelectChoice('1', '<script>alert(1)</script>'),
                                                  SelectChoice('2', '" onmouseover="x')])
    with app.test_request_context():
        html = str(Form(meta={'csrf': False}).departments())
    assert '<script>' not in html and '" onmouseover' not in html
    assert '&lt;script&gt;' in html


# --- bandit -----------------------------------------------------------------------------------------------------

#: findings bandit reports that were reviewed and kept, each with ``# nosec <id>`` and its reason on the line (and
#: listed in SECURITY.md); a new one must be fixed, or reviewed and added to both
REVIEWED_NOSEC = 32


def test_bandit_finds_nothing_unreviewed():
    """bandit (pinned in the test extras; it runs offline) over ``gemcell/``. The code is the same on either
    database, so it runs on the SQLite run only."""
    import json
    import os
    import subprocess
    import sys
    pytest.importorskip('bandit')
    if os.environ.get('TEST_DATABASE_URL'):
        pytest.skip('bandit reads the code, which is the same on either database: run on SQLite only')
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, '-m', 'bandit', '-q', '-r', 'gemcell', '-f', 'json'], cwd=root,
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    found = [f'{r["filename"]}:{r["line_number"]} {r["test_id"]} {r["issue_text"]}' for r in report['results']]
    assert not found and not report['errors'], found or report['errors']
    assert report['metrics']['_totals']['skipped_tests'] == REVIEWED_NOSEC, 'a # nosec was added or removed: ' \
        'review it and record it in SECURITY.md'


def test_a_refusal_is_logged_with_who_asked_for_what(client, login_as, caplog):
    import logging
    caplog.set_level(logging.WARNING, logger='gemcell')
    officer = login_as('nodal')
    assert client.get('/admin/users/?q=x').status_code == 403
    assert f"access refused: '{officer.login}' to GET '/admin/users/?q=x'" in [r.getMessage() for r in caplog.records]
