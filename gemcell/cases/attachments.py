"""A reply's attachment: a PDF or an image (PNG, JPEG), recognised by its first bytes (never by its name or the
browser's word), no larger than ``CASE_ATTACHMENT_MAX_MB``; stored under ``instance/case_files/<case>/`` by its
hash. Kept simple on purpose: when a shared attachment store exists, replies move to it."""
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from gemcell.core.errors import FormError

#: first bytes -> (type, file extension)
MAGIC = ((b'%PDF-', 'application/pdf', 'pdf'), (b'\x89PNG\r\n\x1a\n', 'image/png', 'png'),
         (b'\xff\xd8\xff', 'image/jpeg', 'jpg'))
DEFAULT_MAX_MB = 10


@dataclass
class Upload:
    name: str
    content: bytes
    content_type: str
    extension: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def max_bytes() -> int:
    return int(current_app.config.get('CASE_ATTACHMENT_MAX_MB', DEFAULT_MAX_MB)) * 1024 * 1024


def sniff(content: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in MAGIC:
        if content.startswith(magic):
            return content_type, extension
    return None


def check_upload(storage, field: str = 'attachment') -> Upload | None:
    """The uploaded file (a werkzeug ``FileStorage``) checked, or ``None`` when none was sent; raises ``FormError``."""
    if storage is None or not getattr(storage, 'filename', ''):
        return None
    limit = max_bytes()
    content = storage.read(limit + 1)
    if not content:
        raise FormError(field, _l('The file is empty.'))
    if len(content) > limit:
        raise FormError(field, _l('The file is larger than %(mb)s MB.', mb=limit // (1024 * 1024)))
    kind = sniff(content)
    if kind is None:
        raise FormError(field, _l('Attach a PDF or an image (PNG or JPEG); this file is neither.'))
    name = os.path.basename(storage.filename.replace('\\', '/'))[:200] or 'attachment'
    return Upload(name, content, *kind)


def files_dir() -> Path:
    return Path(current_app.config['INSTANCE_PATH']) / 'case_files'


def store(upload: Upload, case_id: int) -> str:
    """Write the file (atomically) and return its path relative to ``files_dir()``."""
    relative = f'{case_id}/{upload.sha256[:24]}.{upload.extension}'
    path = files_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix='.tmp-')
    try:
        with os.fdopen(fd, 'wb') as handle:
            handle.write(upload.content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return relative


def stored_path(relative: str) -> Path:
    path = (files_dir() / relative).resolve()
    if files_dir().resolve() not in path.parents:
        raise FileNotFoundError(relative)
    return path
