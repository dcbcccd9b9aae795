"""Official documents: the office memo, letter and report forms as PDF; the dispatch register (numbering, draft →
approve → issue, frozen stored bytes), verification by code/QR and hash, and digital signatures (pyHanko)."""
import logging

import os

logger = logging.getLogger(__name__)


def setting(name: str, default=None):
    """A documents setting: the app's config, else the environment variable of that name, else ``default``.

    ``DOCUMENT_SIGNING_P12``, ``DOCUMENT_SIGNING_PASSWORD``, ``DOCUMENT_SIGNING_P12_<LOGIN>``,
    ``DOCUMENT_VERIFY_BASE_URL``, ``DOCUMENT_NUMBER_PATTERN``, ``DOCUMENT_FILE_NO`` (see README "Documents")."""
    from flask import current_app
    value = current_app.config.get(name)
    return value if value not in (None, '') else os.environ.get(name, default)
