"""The password policy (OWASP ASVS 2.1): long enough, not one of the passwords attackers try first, not the login;
and how passwords are stored (ASVS 2.4).

No rules about kinds of characters (a long phrase in any script is the better password) and no forced changes. The
list of common passwords is Django's (20,000 passwords from breaches, ``gemcell/data/common-passwords.txt.gz``,
BSD licence in ``LICENSE-common-passwords.txt`` beside it); it is read once, offline.

Passwords are stored as Argon2id hashes (``PASSWORD_HASH_METHOD = 'argon2id'``) with OWASP's parameters (the
Password Storage Cheat Sheet: 19 MiB of memory, 2 iterations, 1 lane): 16 ms of one core per check on these machines,
where werkzeug's scrypt (32 MiB, below the same sheet's minimum for scrypt) took 70 ms. A hash of an older method
(scrypt, from before) still signs its user in and is then replaced by an Argon2id hash of the same password
(``auth.operations``, which also makes every sign-in check one hash of each method stored, so that the time taken
tells neither whether a login exists nor how its password is stored). Tests use a fast werkzeug method.
"""
import gzip
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
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


ARGON2 = 'argon2id'
#: OWASP's Argon2id parameters: memory in KiB, iterations, lanes
_ARGON2 = PasswordHasher(memory_cost=19 * 1024, time_cost=2, parallelism=1)


def hash_password(password: str, method: str | None = None) -> str:
    """The hash to store for ``password`` by ``method`` (``PASSWORD_HASH_METHOD``): Argon2id, or a werkzeug
    method."""
    method = method or current_app.config['PASSWORD_HASH_METHOD']
    return _ARGON2.hash(password) if method == ARGON2 else generate_password_hash(password, method)


def hash_method(stored: str) -> str:
    """The method a stored hash was made by: ``argon2id``, or a werkzeug method such as ``scrypt:32768:8:1``."""
    return ARGON2 if stored.startswith('$argon2id$') else stored.split('$', 1)[0]


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from, whichever method made it."""
    if hash_method(stored) != ARGON2:
        return check_password_hash(stored, password)
    try:
        return _ARGON2.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made by another method or parameters than the configured Argon2id."""
    if current_app.config['PASSWORD_HASH_METHOD'] != ARGON2:
        return False
    return hash_method(stored) != ARGON2 or _ARGON2.check_needs_rehash(stored)


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
