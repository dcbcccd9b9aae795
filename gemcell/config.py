"""Configuration classes, read from the environment (microblog's pattern).

Every setting has a safe default for a developer's machine; production sets at least ``SECRET_KEY`` and
``DATABASE_URL`` (see README.md).
"""
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get('GEMCELL_INSTANCE', ROOT / 'instance'))


def database_url(url: str | None) -> str:
    """Normalise ``DATABASE_URL``: ``postgres://``/``postgresql://`` use the psycopg 3 driver; none means SQLite."""
    if not url:
        return f'sqlite:///{INSTANCE / "gemcell.db"}'
    for prefix in ('postgres://', 'postgresql://'):
        if url.startswith(prefix):
            return 'postgresql+psycopg://' + url[len(prefix):]
    return url


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {'1', 'true', 'yes', 'on'}


def _list(name: str) -> list[str] | None:
    """A comma-separated variable as a list, or ``None`` when unset or empty."""
    items = [item.strip() for item in os.environ.get(name, '').split(',') if item.strip()]
    return items or None


def secret_key() -> str:
    """``SECRET_KEY`` from the environment, else a random key kept in ``instance/secret_key`` (made on first use)."""
    if os.environ.get('SECRET_KEY'):
        return os.environ['SECRET_KEY']
    path = INSTANCE / 'secret_key'
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SECRET_KEY = secret_key()
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get('DATABASE_URL'))
    #: ``hide_parameters``: a database error's message (logged) never carries the statement's values (a password's
    #: hash, a person's data). JSON columns hold text as it is, without ``\u0938`` escapes (the Hindi headers of every
    #: imported row's ``raw`` take half the bytes) and without spaces after separators
    SQLALCHEMY_ENGINE_OPTIONS = {'pool_pre_ping': True, 'hide_parameters': True,
                                 'json_serializer': json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode}
    INSTANCE_PATH = str(INSTANCE)

    BABEL_DEFAULT_LOCALE = 'hi'
    BABEL_DEFAULT_TIMEZONE = 'Asia/Kolkata'
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / 'gemcell' / 'translations')
    LANGUAGES = ('hi', 'en')

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = 'Lax'
    #: set when the site is served over HTTPS (behind the proxy): the cookie is then sent only over HTTPS, under a
    #: ``__Host-`` name (no other host or path can set it), and pages carry Strict-Transport-Security
    SESSION_COOKIE_SECURE = _flag('SESSION_COOKIE_SECURE', False)
    SESSION_COOKIE_NAME = '__Host-gemcell' if SESSION_COOKIE_SECURE else 'gemcell'
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = 'Lax'
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    #: a sign-in ends this many hours after it was made, however busy, and after this many minutes without a request
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get('SESSION_HOURS', '10')))
    SESSION_IDLE_MINUTES = int(os.environ.get('SESSION_IDLE_MINUTES', '30'))
    #: the host names the site answers to (e.g. ``gemcell.up.gov.in``); a request for any other Host gets 400, so a
    #: forged Host header never reaches a link the app builds (the QR code of a document, the OCDS package's uri)
    TRUSTED_HOSTS = _list('TRUSTED_HOSTS')
    #: how many proxies (nginx) stand in front of the app and add themselves to X-Forwarded-For: the client's address
    #: (the sign-in throttle counts by it) is taken from there; 0 when the app is reached directly
    TRUSTED_PROXIES = int(os.environ.get('TRUSTED_PROXIES', '0'))
    #: level of the app's log (``gemcell.*`` loggers, on standard error): INFO records every sign-in and sign-out
    LOG_LEVEL = os.environ.get('LOG_LEVEL', 'INFO')

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = int(os.environ.get('MAX_UPLOAD_MB', '50')) * 1024 * 1024
    #: attachments (action-taken reports, tickets, replies): the largest file accepted, in MB
    ATTACHMENT_MAX_MB = float(os.environ.get('ATTACHMENT_MAX_MB', '10'))

    #: Argon2id with OWASP's parameters (``auth.passwords``); tests use a fast werkzeug method
    PASSWORD_HASH_METHOD = 'argon2id'  # nosec B105 # the name of a hash method, not a password
    LOGIN_MAX_FAILURES = int(os.environ.get('LOGIN_MAX_FAILURES', '5'))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get('LOGIN_LOCKOUT_MINUTES', '15'))
    #: failed sign-ins from one address (whatever the logins) within the minutes, before it must wait
    LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get('LOGIN_ADDRESS_MAX_FAILURES', '20'))
    LOGIN_ADDRESS_MINUTES = int(os.environ.get('LOGIN_ADDRESS_MINUTES', '15'))
    PER_PAGE = 25

    HUEY_IMMEDIATE = _flag('HUEY_IMMEDIATE', False)
    REDIS_URL = os.environ.get('REDIS_URL')

    #: returns (duty 1): days after a fortnight ends by which its return is due; how many times larger or smaller a
    #: figure may be than in the previous return before the officer must confirm it
    RETURN_DUE_DAYS = int(os.environ.get('RETURN_DUE_DAYS', '3'))
    RETURN_WARNING_FACTOR = float(os.environ.get('RETURN_WARNING_FACTOR', '3'))
    #: helpdesk (duties 3, 4): office hours the SLA clock counts (India's time) on the working weekdays (Monday 0 …
    #: Saturday 5; the holiday calendar adds holidays and working days); days after resolution a ticket may be reopened
    HELPDESK_OFFICE_START = os.environ.get('HELPDESK_OFFICE_START', '10:00')
    HELPDESK_OFFICE_END = os.environ.get('HELPDESK_OFFICE_END', '18:00')
    HELPDESK_WORKDAYS = os.environ.get('HELPDESK_WORKDAYS', '0,1,2,3,4')
    HELPDESK_REOPEN_DAYS = int(os.environ.get('HELPDESK_REOPEN_DAYS', '7'))
    #: directions (duties 2, 13): days before the due date a reminder goes; every how many days an overdue
    #: department is reminded again; days overdue after which it is escalated to the next level (and again after as
    #: many more days); the due date ``draft_direction`` gives when none is given
    DIRECTION_REMIND_BEFORE_DAYS = int(os.environ.get('DIRECTION_REMIND_BEFORE_DAYS', '3'))
    DIRECTION_REMIND_EVERY_DAYS = int(os.environ.get('DIRECTION_REMIND_EVERY_DAYS', '7'))
    DIRECTION_ESCALATE_AFTER_DAYS = int(os.environ.get('DIRECTION_ESCALATE_AFTER_DAYS', '15'))
    DIRECTION_DEFAULT_DAYS = int(os.environ.get('DIRECTION_DEFAULT_DAYS', '15'))
    #: the monthly procurement return (duty 2): days after the month ends by which it is due; the gap (per cent of
    #: the GeM data's value) between the GeM value reported and the department's orders in the imported GeM data
    #: beyond which the return is flagged
    MONTHLY_RETURN_DUE_DAYS = int(os.environ.get('MONTHLY_RETURN_DUE_DAYS', '7'))
    RECONCILIATION_TOLERANCE = float(os.environ.get('RECONCILIATION_TOLERANCE', '10'))
    #: the department scorecard: weight of each component (a component not available yet gives its weight to the
    #: others in proportion); a confirmed scrutiny finding costs this many points of the findings component
    SCORECARD_WEIGHTS = json.loads(os.environ.get('SCORECARD_WEIGHTS') or json.dumps(
        {'gem_share': 30, 'returns_on_time': 20, 'payments_on_time': 20, 'findings': 15, 'directives': 15}))
    SCORECARD_FINDING_PENALTY = float(os.environ.get('SCORECARD_FINDING_PENALTY', '10'))
    #: e-mail (reminders); without MAIL_SERVER only in-app notices are made
    MAIL_SERVER = os.environ.get('MAIL_SERVER')
    MAIL_PORT = int(os.environ.get('MAIL_PORT', '25'))
    MAIL_USE_TLS = _flag('MAIL_USE_TLS', False)
    MAIL_USERNAME = os.environ.get('MAIL_USERNAME')
    MAIL_PASSWORD = os.environ.get('MAIL_PASSWORD')
    MAIL_FROM = os.environ.get('MAIL_FROM', 'gemcell@localhost')

    #: the ocid prefix OCDS releases carry (the one the Open Contracting Partnership registers for the publisher)
    OCDS_OCID_PREFIX = os.environ.get('OCDS_OCID_PREFIX', 'ocds-upgemc')


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = 'test-secret'  # nosec B105 # tests only
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get('TEST_DATABASE_URL') or 'sqlite://')
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = 'pbkdf2:sha256:1000'  # nosec B105 # tests only: a fast hash
    HUEY_IMMEDIATE = True
