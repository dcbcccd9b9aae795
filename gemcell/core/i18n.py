"""Hindi first: locale selection and the Indian formats for money, numbers and dates.

Babel's CLDR data spells some Hindi months differently from the State's orders ("दिसंबर" for "दिसम्बर");
documents follow the orders, so Hindi dates use the month names below.
"""
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app, has_request_context, session
from flask.globals import _cv_app
from flask_babel import get_locale
from flask_login import current_user

IST = ZoneInfo('Asia/Kolkata')
HINDI_MONTHS = ('जनवरी', 'फरवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितम्बर', 'अक्टूबर', 'नवम्बर',
                'दिसम्बर')
BABEL_LOCALES = {'hi': 'hi_IN', 'en': 'en_IN'}


def select_locale() -> str:
    """The signed-in user's choice, else the session's (before login), else Hindi."""
    languages = current_app.config['LANGUAGES']
    if not has_request_context():
        return current_app.config['BABEL_DEFAULT_LOCALE']
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get('locale') in languages:
        return session['locale']
    return current_app.config['BABEL_DEFAULT_LOCALE']


def language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else 'hi'


def _babel_locale(lang: str | None) -> str:
    return BABEL_LOCALES.get(lang or language(), 'hi_IN')


#: the locales whose money and numbers are written ``₹1,23,45,678.00`` (Indian grouping, Latin digits), which
#: ``_indian`` writes without Babel: a page of the payments dashboard formats a few thousand amounts, and Babel
#: takes thirty microseconds over each (``tests/test_i18n.py`` checks the two agree)
INDIAN_LOCALES = frozenset({'hi_IN', 'en_IN'})
_CENT, _ONE, _THOUSANDTH = Decimal('0.01'), Decimal('1'), Decimal('0.001')


def _grouped(digits: str) -> str:
    """``12345678`` -> ``1,23,45,678``."""
    if len(digits) <= 3:
        return digits
    head, groups = digits[:-3], [digits[-3:]]
    while len(head) > 2:
        groups.append(head[-2:])
        head = head[:-2]
    groups.append(head)
    return ','.join(reversed(groups))


def _indian(value: Decimal, step: Decimal, symbol: str = '', trim: bool = False) -> str | None:
    """``value`` rounded half to even to ``step`` and grouped the Indian way, or ``None`` when Babel should write
    it (not finite, too many digits, or a negative amount that rounds to zero)."""
    try:
        rounded = value.quantize(step, ROUND_HALF_EVEN)
    except InvalidOperation:
        return None
    if not rounded.is_finite() or (rounded.is_signed() and not rounded):
        return None
    whole, _, fraction = f'{abs(rounded):f}'.partition('.')
    if trim:
        fraction = fraction.rstrip('0')
    text = symbol + _grouped(whole) + ('.' + fraction if fraction else '')
    return '-' + text if rounded < 0 else text


def format_inr(value, lang: str | None = None, decimals: bool = True) -> str:
    """₹1,23,45,678.00 (Indian grouping, in either language)."""
    if value is None or value == '':
        return ''
    locale = _babel_locale(lang)
    amount = Decimal(value)
    if locale in INDIAN_LOCALES:
        text = _indian(amount, _CENT if decimals else _ONE, '₹')
        if text is not None:
            return text
    if decimals:
        return format_currency(amount, 'INR', locale=locale)
    return format_currency(amount, 'INR', format='¤#,##,##0', locale=locale, currency_digits=False)


def format_number(value, lang: str | None = None) -> str:
    """1,23,45,678 (Indian grouping; at most three decimals)."""
    if value is None or value == '':
        return ''
    locale = _babel_locale(lang)
    if locale in INDIAN_LOCALES and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        text = _indian(Decimal(value), _THOUSANDTH, trim=True)
        if text is not None:
            return text
    return format_decimal(value, locale=locale)


def to_local(value: datetime) -> datetime:
    return value.astimezone(IST) if value.tzinfo else value


def format_date(value, lang: str | None = None) -> str:
    """'11 दिसम्बर 2020' / '11 December 2020'. A datetime is shown as its date in India."""
    if value is None or value == '':
        return ''
    if isinstance(value, datetime):
        value = to_local(value).date()
    lang = lang or language()
    if lang == 'hi':
        return f'{value.day} {HINDI_MONTHS[value.month - 1]} {value.year}'
    return babel_format_date(value, 'd MMMM y', locale=_babel_locale(lang))


def format_datetime(value: datetime | None, lang: str | None = None) -> str:
    """'11 दिसम्बर 2020, 14:05' in India's time."""
    if value is None:
        return ''
    local = to_local(value)
    return f'{format_date(local.date(), lang)}, {local:%H:%M}'


def format_short_date(value: date | datetime | None) -> str:
    """11.12.2020, the form the State's orders use inside sentences."""
    if value is None:
        return ''
    if isinstance(value, datetime):
        value = to_local(value).date()
    return f'{value:%d.%m.%Y}'


def _babel_context() -> SimpleNamespace | None:
    """Flask-Babel's namespace of the current context (``g._flask_babel``: the locale and translations in use),
    as Flask-Babel's ``_get_current_context`` finds it, but through Flask's context variable rather than three
    look-ups through the ``g`` proxy. Flask-Babel asks for it three times for every text translated and every
    locale read — a few hundred times for a page of a list — and this was a tenth of such a page's time."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    namespace = app_context.g.__dict__.get('_flask_babel')
    if namespace is None:
        namespace = app_context.g._flask_babel = SimpleNamespace()
    return namespace


def init_app(app):
    flask_babel._get_current_context = _babel_context  # where flask_babel's own functions look it up
    app.jinja_env.filters.update(inr=format_inr, number=format_number, date=format_date,
                                 datetime=format_datetime, short_date=format_short_date)

    @app.context_processor
    def inject_locale():
        return {'current_language': language, 'languages': app.config['LANGUAGES']}
