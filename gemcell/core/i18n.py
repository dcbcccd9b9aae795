"""Hindi first: locale selection and the Indian formats for money, numbers and dates.

Babel's CLDR data spells some Hindi months differently from the State's orders ("दिसंबर" for "दिसम्बर");
documents follow the orders, so Hindi dates use the month names below.
"""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app, has_request_context, session
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
    return get_locale().language if get_locale() else 'hi'


def _babel_locale(lang: str | None) -> str:
    return BABEL_LOCALES.get(lang or language(), 'hi_IN')


def format_inr(value, lang: str | None = None, decimals: bool = True) -> str:
    """₹1,23,45,678.00 (Indian grouping, in either language)."""
    if value is None or value == '':
        return ''
    if decimals:
        return format_currency(Decimal(value), 'INR', locale=_babel_locale(lang))
    return format_currency(Decimal(value), 'INR', format='¤#,##,##0', locale=_babel_locale(lang),
                           currency_digits=False)


def format_number(value, lang: str | None = None) -> str:
    """1,23,45,678 (Indian grouping)."""
    if value is None or value == '':
        return ''
    return format_decimal(value, locale=_babel_locale(lang))


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


def init_app(app):
    app.jinja_env.filters.update(inr=format_inr, number=format_number, date=format_date,
                                 datetime=format_datetime, short_date=format_short_date)

    @app.context_processor
    def inject_locale():
        return {'current_language': language, 'languages': app.config['LANGUAGES']}
