"""The month-end rush, for Locust (``make load`` runs it; see docs/operations.md).

Users of three kinds sign in through the login form as the synthetic State's users (``flask gemcell synth
--logins``, a CSV named by ``LOAD_LOGINS``) and work as they do at the end of a month:

- nodal officers (most of the load): their home page, the returns list, their return's form — saved, and now and
  then submitted — the payment status page, their department's bids and orders, a bid, the documents addressed
  to them and one document's PDF;
- reviewers: the findings queue with filters, a finding and its review (confirm or dismiss with a remark: two
  reviewers on one finding get 409, the optimistic lock, which is counted apart and is not an error), the returns
  grid, bids with filters, the payments dashboard, a PDF;
- Government: the monthly note, the scorecard, the payments dashboard, documents and their PDFs.

Every page's response is checked (status, and that it is the page asked for, not the login form). Requests are
named by page so that Locust's table gives each page's percentiles.

``LOAD_THINK`` (seconds, default 2): the pause between a user's steps, random up to twice that; 0 saturates the
server (the throughput phase).
"""
import csv
import os
import random
import re
from html.parser import HTMLParser

from locust import FastHttpUser, between, constant, events, task

PASSWORD = os.environ.get('LOAD_PASSWORD', 'gemcell-synth-2026')
THINK = float(os.environ.get('LOAD_THINK', '2'))


def _logins() -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    path = os.environ.get('LOAD_LOGINS')
    if path:
        with open(path, encoding='utf-8') as file:
            for row in csv.DictReader(file):
                by_role.setdefault(row['role'], []).append(row['login'])
    return by_role


LOGINS = _logins()
#: 409 answers (two reviewers on one finding), counted apart
CONFLICTS = {'count': 0}


class Forms(HTMLParser):
    """The forms of a page: action, method and the fields' values (the first option of a select; checked boxes)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.forms.append({'action': a.get('action') or '', 'method': (a.get('method') or 'get').lower(),
                               'fields': {}, 'options': {}, 'buttons': []})
        elif not self.forms:
            return
        elif tag == 'input' and a.get('name'):
            kind = a.get('type', 'text')
            if kind in ('checkbox', 'radio') and 'checked' not in a:
                return
            self.forms[-1]['fields'][a['name']] = a.get('value') or ''
        elif tag == 'textarea' and a.get('name'):
            self.forms[-1]['fields'][a['name']] = ''
        elif tag == 'select' and a.get('name'):
            self._select = a['name']
            self.forms[-1]['options'][a['name']] = []
        elif tag == 'option' and self._select:
            self.forms[-1]['options'][self._select].append(a.get('value') or '')
        elif tag == 'button' and a.get('name'):
            self.forms[-1]['buttons'].append((a['name'], a.get('value') or ''))

    def handle_endtag(self, tag):
        if tag == 'select':
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def form_to(html: str, action_pattern: str) -> dict | None:
    return next((f for f in forms_of(html) if re.search(action_pattern, f['action'])), None)


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


class Worker(FastHttpUser):
    abstract = True
    wait_time = between(THINK / 2, THINK * 1.5) if THINK else constant(0)
    role = ''

    def on_start(self):
        pool = LOGINS.get(self.role) or []
        if not pool:
            raise RuntimeError(f'no {self.role} logins in LOAD_LOGINS')
        self.login = random.choice(pool)
        page = self.page('/auth/login', 'login form')
        form = form_to(page, r'/auth/login')
        fields = dict(form['fields'], login=self.login, password=PASSWORD)
        with self.client.post('/auth/login', data=fields, name='sign in', allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 303:
                response.failure(f'sign-in as {self.login} answered {response.status_code}')
        home = self.page('/', 'home')
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', home).group(1)

    def page(self, url: str, name: str, expect: tuple[int, ...] = (200,)) -> str:
        """GET a page and check it is the page asked for (a lost session would answer the login form)."""
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code not in expect:
                response.failure(f'{url} answered {response.status_code}')
                return ''
            text = response.text or ''
            if response.status_code == 200 and name != 'login form' and 'name="password"' in text:
                response.failure(f'{url} answered the login form')
                return ''
            return text

    def post(self, url: str, data: dict, name: str, ok=(200, 303)) -> int:
        with self.client.post(url, data=data, name=name, headers={'X-CSRFToken': self.csrf},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 409:
                CONFLICTS['count'] += 1
                response.success()
            elif response.status_code in ok:
                response.success()  # 422: the form's own message on figures it refuses
            else:
                response.failure(f'{url} answered {response.status_code}')
            return response.status_code

    def pdf(self, listing: str):
        documents = links(listing, r'href="(/documents/\d+)"')
        if documents:
            url = random.choice(documents) + '/download'
            with self.client.get(url, name='document PDF', catch_response=True) as response:
                if response.status_code != 200 or not (response.content or b'').startswith(b'%PDF'):
                    response.failure(f'{url} answered {response.status_code} without a PDF')


class NodalOfficer(Worker):
    weight = 6
    role = 'nodal'

    @task(3)
    def home(self):
        self.page('/', 'home')

    @task(4)
    def file_return(self):
        listing = self.page('/returns/', 'returns list')
        edits = links(listing, r'href="(/returns/\d+/edit)"')
        if not edits:
            return
        url = random.choice(edits)
        # 303: another officer of the department submitted it since the list was read (the page says so)
        form_page = self.page(url, 'return form', expect=(200, 303))
        form = form_to(form_page, r'/returns/\d+/edit')
        if form is None:
            return
        received = random.randint(20, 400)
        registered = random.randint(0, received)
        pending = received - registered
        fields = dict(form['fields'], received=received, registered=registered, pending=pending,
                      gem_orders=random.randint(0, 60), gem_value=f'{random.randint(0, 90_00_000):,}')
        reasons = [o for o in form['options'].get('pending_reasons-0-reason', []) if o and o != 'other']
        if pending and reasons:
            fields.update({'pending_reasons-0-reason': reasons[0], 'pending_reasons-0-count': pending})
        fields['confirm_warnings'] = 'y'
        fields['action'] = 'submit' if random.random() < 0.2 else 'save'
        self.post(url, fields, 'return saved/submitted', ok=(200, 303, 422))

    @task(2)
    def payments(self):
        self.page('/payments/status', 'payment status')

    @task(3)
    def bids(self):
        listing = self.page(f'/bids/?sort=-published&page={random.randint(1, 3)}', 'bids list')
        bids = links(listing, r'href="(/bids/\d+)"')
        if bids:
            self.page(random.choice(bids), 'bid')

    @task(1)
    def orders(self):
        self.page('/orders/', 'orders list')

    @task(1)
    def documents(self):
        self.pdf(self.page('/documents/', 'documents list'))


class Reviewer(Worker):
    weight = 3
    role = 'reviewer'

    @task(4)
    def review_finding(self):
        severity = random.choice(['', 'deviation', 'advisory'])
        queue = self.page(f'/scrutiny/?state=open&severity={severity}&page={random.randint(1, 5)}', 'findings queue')
        findings = links(queue, r'href="(/scrutiny/findings/\d+)"')
        if not findings:
            return
        url = random.choice(findings)
        page = self.page(url, 'finding')
        form = form_to(page, r'/scrutiny/findings/\d+/review')
        if form is None:
            return  # reviewed already
        fields = dict(form['fields'])
        choices = [(name, value) for name, value in form['buttons'] if value in ('confirm', 'dismiss')]
        if not choices:
            return
        name, value = random.choice(choices)  # the decision is the button pressed
        fields[name] = value
        remark = name.removesuffix('decision') + 'remark'
        fields[remark] = 'जाँच की गई; बोली की शर्तें नियमों के अनुरूप नहीं हैं।'
        self.post(form['action'], fields, 'finding reviewed', ok=(200, 303))

    @task(2)
    def returns_grid(self):
        self.page('/returns/grid', 'returns grid')

    @task(2)
    def bids(self):
        listing = self.page(f'/bids/?q=&source=gem&page={random.randint(1, 20)}', 'bids list')
        bids = links(listing, r'href="(/bids/\d+)"')
        if bids:
            self.page(random.choice(bids), 'bid')

    @task(1)
    def payments(self):
        self.page('/payments/', 'payments dashboard')

    @task(1)
    def documents(self):
        self.pdf(self.page('/documents/', 'documents list'))


class Government(Worker):
    weight = 1
    role = 'government'

    @task(1)
    def note(self):
        self.page('/reports/note', 'monthly note')

    @task(1)
    def scorecard(self):
        self.page('/reports/scorecard', 'scorecard')

    @task(1)
    def payments(self):
        self.page('/payments/', 'payments dashboard')

    @task(2)
    def documents(self):
        self.pdf(self.page('/documents/', 'documents list'))


@events.quitting.add_listener
def _report_conflicts(environment, **kwargs):
    print(f'409 conflicts (two reviewers on one finding, not errors): {CONFLICTS["count"]}')
