"""Accepting an uploaded file as an attachment, and serving one back."""
import hashlib
import io
import re
import unicodedata
import warnings
from pathlib import PurePosixPath, PureWindowsPath

from flask import current_app, send_file
from flask_babel import gettext as _

from gemcell.attachments.models import Attachment
from gemcell.extensions import db

#: what may be attached: content type -> (extension, the check of the content)
KINDS = {
    'application/pdf': '.pdf',
    'image/png': '.png',
    'image/jpeg': '.jpg',
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class AttachmentError(ValueError):
    """An upload that cannot be attached; ``str()`` is the message for the user, in the user's language."""


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` found in the content itself (a PDF that parses, a PNG or JPEG image that
    decodes), or ``None``. The file's name plays no part."""
    if data.startswith(b'%PDF-'):
        from pypdf import PdfReader
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                reader = PdfReader(io.BytesIO(data), strict=False)
                if len(reader.pages) > 0:
                    return 'application/pdf'
        except Exception:  # noqa: BLE001 (pypdf raises many kinds of error on a broken file)
            return None
        return None
    if data.startswith(b'\x89PNG\r\n\x1a\n') or data.startswith(b'\xff\xd8\xff'):
        from PIL import Image
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                kind = {'PNG': 'image/png', 'JPEG': 'image/jpeg'}.get(image.format)
        except Exception:  # noqa: BLE001 (Pillow raises many kinds of error on a broken image)
            return None
        return kind
    return None


def safe_filename(filename: str | None, content_type: str) -> str:
    """The uploader's file name without any folder or unsafe character (Hindi letters are kept), ending in the
    extension of the type found in the content."""
    name = PureWindowsPath(PurePosixPath(filename or '').name).name
    name = unicodedata.normalize('NFC', _UNSAFE.sub('_', name)).strip(' ._')
    stem = name.rsplit('.', 1)[0] if '.' in name else name
    stem = stem[:150].strip(' ._') or _('attachment')
    return stem + KINDS[content_type]


def max_bytes() -> int:
    return int(current_app.config['ATTACHMENT_MAX_MB'] * 1024 * 1024)


def store_upload(storage, user=None) -> Attachment:
    """Check an uploaded file (a werkzeug ``FileStorage``) and add it as an attachment (flushed, not committed).
    Raises ``AttachmentError`` with a message for the user: empty, too large, or not a PDF, PNG or JPEG."""
    limit = max_bytes()
    data = storage.stream.read(limit + 1)
    label = storage.filename or _('attachment')
    if not data:
        raise AttachmentError(_('The file %(name)s is empty.', name=label))
    if len(data) > limit:
        raise AttachmentError(_('The file %(name)s is larger than %(limit)s MB.', name=label,
                                limit=f'{current_app.config["ATTACHMENT_MAX_MB"]:g}'))
    content_type = sniff(data)
    if content_type is None:
        raise AttachmentError(_('The file %(name)s is not a PDF, PNG or JPEG file (its content was checked, '
                                'not its name).', name=label))
    attachment = Attachment(filename=safe_filename(storage.filename, content_type), content_type=content_type,
                            size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
                            uploaded_by_id=getattr(user, 'id', None))
    db.session.add(attachment)
    db.session.flush()
    return attachment


def store_uploads(storages, user=None) -> list[Attachment]:
    """``store_upload`` for each non-empty file field of a multi-file input; all or nothing."""
    return [store_upload(storage, user) for storage in storages if storage and storage.filename]


def attachment_response(attachment: Attachment):
    """The file as a download. Call it only after the view has checked access to the record that carries it."""
    response = send_file(io.BytesIO(attachment.data), mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename, etag=attachment.sha256, max_age=0)
    response.headers['X-Content-Type-Options'] = 'nosniff'
    response.headers['Cache-Control'] = 'private, no-store'
    return response
