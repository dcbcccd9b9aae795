"""The password policy (OWASP ASVS 2.1): long enough, not one of the passwords attackers try first, not the login.

No rules about kinds of characters (a long phrase in any script is the better password) and no forced changes. The
list of common passwords is Django's (20,000 passwords from breaches, ``gemcell/data/common-passwords.txt.gz``,
BSD licence in ``LICENSE-common-passwords.txt`` beside it); it is read once, offline.
"""
import gzip
import re
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_DISTINCT = 5
COMMON = Path(__file__).resolve().parent.parent / 'data' / 'common-passwords.txt.gz'
#: words anyone guessing a password of this office tries first, besides the common list
LOCAL_WORDS = frozenset({'gemcell', 'gem', 'msme', 'uttarpradesh', 'up', 'lucknow', 'india', 'bharat', 'sarkar',
                         'government', 'password', 'admin', 'nodal'})
_NOT_LETTERS = re.compile(r'[\W\d_]+')


#: the policy in a line, shown under every field that sets a password
HINT = _l('At least %(min)s characters: a few words that only you would put together. Not a common password, not '
          'the login.', min=MIN_LENGTH)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON, 'rt', encoding='utf-8') as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, login: str | None = None):
    """Why ``password`` may not be used (a message for the user), or ``None``."""
    password = password or ''
    length = len(re.sub(r'\s+', ' ', password.strip()))
    if length < MIN_LENGTH:
        return _l('The password must have at least %(min)s characters (a few words make a good one).',
                  min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l('The password may have at most %(max)s characters.', max=MAX_LENGTH)
    lowered = password.lower()
    letters = _NOT_LETTERS.sub('', lowered)
    if lowered in common_passwords() or letters in common_passwords() or letters in LOCAL_WORDS \
            or len(set(password)) < MIN_DISTINCT:
        return _l('This password is among those tried first when breaking into accounts. Choose another: a '
                  'few words that only you would put together.')
    login = (login or '').strip().lower()
    if len(login) >= 3 and login in lowered:
        return _l('The password must not contain the login.')
    return None


class StrongPassword:
    """WTForms validator: ``password_problem`` of the field's value (empty values are left to ``Optional``/
    ``DataRequired``); ``login`` is the login to compare with, or a callable of the form that returns it."""

    def __init__(self, login=None):
        self.login = login

    def __call__(self, form, field):
        if not field.data:
            return
        login = self.login(form) if callable(self.login) else self.login
        problem = password_problem(field.data, login)
        if problem is not None:
            raise ValidationError(problem)
