"""Uploaded import files, kept by content (``uploads/<sha256>/<name>``) so a checked file can be committed later
without uploading it again."""
import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from flask import current_app

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def safe_name(filename: str) -> str:
    """A file name safe on disk that keeps the extension (which picks the reader)."""
    name = _UNSAFE.sub('_', Path(filename or 'upload').name).strip('._') or 'upload'
    return name[-120:]


def store_upload(stream, filename: str) -> tuple[Path, str, int]:
    """Save ``stream`` and return ``(path, sha256, size)``."""
    root = Path(current_app.instance_path) / 'uploads'
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=root, delete=False) as tmp:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            tmp.write(chunk)
    folder = root / digest.hexdigest()
    folder.mkdir(exist_ok=True)
    path = folder / safe_name(filename)
    shutil.move(tmp.name, path)
    return path, digest.hexdigest(), size


_SHA256 = re.compile(r'[0-9a-f]{64}')


def stored_path(sha256: str, filename: str) -> Path:
    """Where the upload of that content and name is kept; only ever inside ``uploads/`` (``sha256`` must be a hash,
    the name loses any folder), whatever a form sent."""
    if not _SHA256.fullmatch(sha256 or ''):
        raise ValueError('not a SHA-256 digest')
    return Path(current_app.instance_path) / 'uploads' / sha256 / safe_name(filename)
