"""Hindi first: the interface, the catalog and the Indian formats."""
import random
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from babel import numbers as babel_numbers
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from gemcell.auth.models import User
from gemcell.core.i18n import format_date, format_datetime, format_inr, format_number

ROOT = __import__('pathlib').Path(__file__).resolve().parent.parent
CATALOG = ROOT / 'gemcell' / 'translations' / 'hi' / 'LC_MESSAGES' / 'messages.po'


def test_pages_are_in_hindi_by_default(client):
    html = client.get('/auth/login').get_data(as_text=True)
    assert '<html lang="hi">' in html and 'साइन इन' in html and 'Sign in' not in html


def test_switching_to_english_before_login_is_kept_in_the_session(client):
    response = client.post('/auth/language', data={'locale': 'en', 'next': '/auth/login'})
    assert response.status_code == 303 and response.headers['Location'] == '/auth/login'
    html = client.get('/auth/login').get_data(as_text=True)
    assert '<html lang="en">' in html and 'Sign in' in html


def test_language_choice_is_stored_on_the_user(db, client, login, create_user):
    user = login(create_user(role='reviewer'))
    client.post('/auth/language', data={'locale': 'en', 'next': '/departments/'})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == 'en'
    assert 'Departments' in client.get('/departments/').get_data(as_text=True)
    # a new session of the same user opens in English
    client.post('/auth/logout')
    client.post('/auth/language', data={'locale': 'hi'})
    login(user)
    assert '<html lang="en">' in client.get('/').get_data(as_text=True)


def test_language_switch_ignores_unknown_languages(db, client, login, create_user):
    user = login(create_user(role='reviewer'))
    client.post('/auth/language', data={'locale': 'fr'})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == 'hi'


@pytest.mark.parametrize('lang, expected', [('hi', '₹1,23,45,678.00'), ('en', '₹1,23,45,678.00')])
def test_money_uses_indian_grouping(app, lang, expected):
    with app.test_request_context():
        assert format_inr(Decimal('12345678'), lang) == expected
        assert format_inr(Decimal('500000.5'), lang) == '₹5,00,000.50'
        assert format_number(12345678, lang) == '1,23,45,678'


def _values():
    """Amounts as the pages show them: whole and fractional, negative, halves that round to even, zeros, crores and
    beyond, a float's artefact; deterministic."""
    rng = random.Random(2026)
    values = [0, 1, -1, 5, 999, 1000, 99999, 100000, 12345678, 10 ** 15, -10 ** 12, Decimal('0'), Decimal('-0'),
              Decimal('0.005'), Decimal('0.015'), Decimal('-0.004'), Decimal('-0.005'), Decimal('999.995'),
              Decimal('1234.5'), Decimal('-1234.567'), Decimal('0.0005'), Decimal('12.3456'), Decimal('1E+3'),
              Decimal('155269.0'), Decimal('1.10'), Decimal('99999999999999.995'), Decimal('7E-7')]
    for _ in range(400):
        scale = rng.choice([0, 1, 2, 3, 4, 6])
        values.append(Decimal(rng.randrange(-10 ** 12, 10 ** 12)).scaleb(-scale))
        values.append(rng.randrange(-10 ** 9, 10 ** 11))
    return values


@pytest.mark.parametrize('lang', ['hi', 'en'])
def test_indian_formats_written_as_babel_writes_them(app, lang):
    """The fast path (``core.i18n._indian``) gives Babel's text for every amount and number."""
    locale = {'hi': 'hi_IN', 'en': 'en_IN'}[lang]
    with app.test_request_context():
        for value in _values():
            amount = Decimal(value)
            assert format_inr(value, lang) == babel_numbers.format_currency(amount, 'INR', locale=locale), value
            assert format_inr(value, lang, decimals=False) == babel_numbers.format_currency(
                amount, 'INR', format='¤#,##,##0', locale=locale, currency_digits=False), value
            assert format_number(value, lang) == babel_numbers.format_decimal(value, locale=locale), value


@pytest.mark.parametrize('lang, expected', [('hi', '11 दिसम्बर 2020'), ('en', '11 December 2020')])
def test_dates_read_as_in_the_states_orders(app, lang, expected):
    with app.test_request_context():
        assert format_date(date(2020, 12, 11), lang) == expected


def test_datetimes_are_shown_in_india_time(app):
    with app.test_request_context():
        # 20:00 UTC on 10 Dec is 01:30 on 11 Dec in Lucknow
        assert format_datetime(datetime(2020, 12, 10, 20, 0, tzinfo=timezone.utc), 'hi') == '11 दिसम्बर 2020, 01:30'


def test_every_message_in_the_code_has_a_hindi_translation():
    with open(CATALOG, 'rb') as f:
        catalog = read_po(f)
    missing = []
    for dirname, pattern in (('gemcell', '**.py'), ('templates', '**.html')):
        method = 'python' if pattern.endswith('.py') else 'jinja2'
        options = {} if method == 'python' else {'trimmed': 'true'}
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / dirname, method_map=[(pattern, method)], options_map={pattern: options},
                keywords={'_': None, 'gettext': None, '_l': None, 'lazy_gettext': None, 'ngettext': (1, 2)}):
            msgid = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(msgid)
            if entry is None or not entry.string or entry.fuzzy:
                missing.append(f'{dirname}/{filename}:{lineno}: {msgid}')
    assert missing == [], 'untranslated messages (run `make extract-messages` and translate):\n' + '\n'.join(missing)


def test_babel_keeps_its_locale_per_context_found_through_flasks_context_variable(app):
    import flask_babel
    from flask import g
    from flask_babel import force_locale, gettext

    from gemcell.core.i18n import language
    with app.test_request_context():
        namespace = flask_babel._get_current_context()
        assert namespace is g._flask_babel and flask_babel._get_current_context() is namespace
        assert language() == 'hi' and gettext('Sign out') != 'Sign out'
        with force_locale('en'):
            assert language() == 'en' and gettext('Sign out') == 'Sign out'
        assert language() == 'hi'
    assert flask_babel._get_current_context() is None  # no context: Flask-Babel's own answer
    with app.test_request_context():  # the next request: its own namespace
        assert flask_babel._get_current_context() is not namespace
