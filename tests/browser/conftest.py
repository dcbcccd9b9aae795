"""Real-browser tests: Debian's Chromium, headless, driven by Playwright, against the app served in a thread."""
import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM = '/usr/bin/chromium'
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / 'test-artifacts'


def pytest_collection_modifyitems(items):
    for item in items:
        if 'browser' in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason=f'{CHROMIUM} is missing (apt-get install chromium)'))


@pytest.fixture(scope='session')
def browser_type_launch_args():
    return {'executable_path': CHROMIUM, 'headless': True,
            'args': ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                     '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']}


class InFlight:
    """The app, counting the requests it is still answering (a click can leave one running when a test ends)."""

    def __init__(self, app):
        self.app, self.count, self.idle = app, 0, threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        response = None
        try:
            response = self.app(environ, start_response)
            return list(response)
        finally:
            if hasattr(response, 'close'):
                response.close()
            with self.idle:
                self.count -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.idle:
            return self.idle.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture(scope='session')
def served(app):
    return InFlight(app)


@pytest.fixture(scope='session')
def live_server(served):
    server = make_server('127.0.0.1', 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_port}'
    server.shutdown()


@pytest.fixture(autouse=True)
def requests_finished(db, served):
    """After a test, the server finishes what it is answering before the tables are emptied."""
    yield
    assert served.wait_until_idle(120), 'a request was still running two minutes after the test'


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope='session')
def base_url(live_server):
    """Replaces pytest-base-url's fixture (which pytest 9 warns about): pages resolve against the live server."""
    return live_server


@pytest.fixture(autouse=True)
def no_policy_violations(request):
    """Every browser test fails if a page broke the Content-Security-Policy or had a script error (the test's
    ``page`` reports them as console errors and page errors)."""
    if 'page' not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue('page')
    problems = []
    page.on('console', lambda message: problems.append(f'{message.text} [{page.url} {message.location}]')
            if message.type == 'error' and ('Content Security Policy' in message.text or 'Refused to' in message.text)
            else None)
    page.on('pageerror', lambda error: problems.append(str(error)))
    yield
    assert not problems, f'the page broke the security policy or had a script error: {problems}'


@pytest.fixture
def sign_in(page, live_server):
    """``sign_in(login)``: sign out whoever is signed in, then sign in through the login form."""
    def _sign_in(login: str, password: str = PASSWORD):
        page.goto('about:blank')  # ends the last page's requests, whose answers could set the old session again
        page.context.clear_cookies()
        page.goto(f'{live_server}/auth/login')
        page.fill('input[name=login]', login)
        page.fill('input[name=password]', password)
        page.click('button[type=submit]')
        expect(page).to_have_url(f'{live_server}/')
    return _sign_in
