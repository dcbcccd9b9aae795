"""PDFs from HTML + CSS with WeasyPrint (Indico's receipt pattern).

``render_pdf(html_template, css_template, **ctx)`` renders both Jinja templates with plain data and lays the page
out with a URL fetcher that reads only local files: ``/static/`` (and relative URLs, resolved against it) from the
app's static folder, ``data:`` URLs, and nothing else — no other scheme, host or folder is ever opened.

``attachments`` embeds files (e.g. the document's own data as JSON and its HTML) as PDF/A-3 *associated files*,
so a program can read the document's exact text back without scraping the page (text extraction scrambles
Devanagari); ``read_attachments(pdf)`` returns them.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template

#: the PDF flavour every document is written in: PDF/A-3b allows embedded (associated) files
PDF_VARIANT = 'pdf/a-3b'


def static_dir() -> Path:
    return Path(current_app.static_folder).resolve()


def static_base_url() -> str:
    return static_dir().as_uri() + '/'


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalURLFetcher(URLFetcher):
        """Serve ``file:`` URLs inside the static folder and ``data:`` URLs; refuse everything else."""

        def __init__(self, root: Path):
            super().__init__(allowed_protocols=('file', 'data'), fail_on_errors=False)
            self.root = root

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == 'data':
                return super().fetch(url, headers)
            if scheme != 'file' or parts.netloc not in ('', 'localhost'):
                raise ValueError(f'refused to fetch {url!r}: only local static files are allowed')
            path = Path(unquote(parts.path))
            static_prefix = self.root.as_posix().rstrip('/')
            # "/static/x" in a template (or url_for) means the static folder, as it does in the browser
            if not path.as_posix().startswith(static_prefix + '/') and path.as_posix().startswith('/static/'):
                path = self.root / path.as_posix()[len('/static/'):]
            path = path.resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                raise ValueError(f'refused to fetch {url!r}: not a file in the static folder')
            return super().fetch(path.as_uri(), headers)

    return LocalURLFetcher


def local_fetcher():
    """A WeasyPrint URL fetcher limited to the static folder (and ``data:`` URLs)."""
    return _fetcher_class()(static_dir())


@dataclass
class Attachment:
    name: str
    content: bytes
    mime_type: str
    description: str = ''
    #: the PDF/A-3 AFRelationship: ``Data`` (the data the page shows) or ``Source`` (what it was made from)
    relationship: str = 'Data'


def render_html(html_template: str, **ctx) -> str:
    return render_template(html_template, **ctx)


def render_document(html: str, css: str, attachments=(), created: datetime | None = None, identifier: bytes = b''):
    """Lay out ``html`` with ``css``; return the WeasyPrint ``Document`` and the options for ``write_pdf``."""
    from weasyprint import CSS, HTML
    from weasyprint import Attachment as WPAttachment
    from weasyprint.text.fonts import FontConfiguration

    fetcher = local_fetcher()
    base_url = static_base_url()
    fonts = FontConfiguration()  # without it, @font-face rules are ignored
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)], font_config=fonts)
    created = created or datetime.now(timezone.utc)
    wp_attachments = [WPAttachment(string=item.content, name=item.name, description=item.description,
                                   created=created, modified=created, relationship=item.relationship,
                                   url_fetcher=fetcher, base_url=base_url)
                      for item in attachments]
    options = {'attachments': wp_attachments, 'pdf_variant': PDF_VARIANT,
               'pdf_identifier': identifier or None}
    return document, options


def write(document, options) -> bytes:
    # WeasyPrint 70 opens its sRGB profile for the PDF/A output intent and never closes the file (it is
    # collected, with a ResourceWarning, inside write_pdf): that one warning is silenced here, nothing else
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', category=ResourceWarning, message=r'.*sRGB2014\.icc')
        return document.write_pdf(**options)


def render_pdf(html_template: str, css_template: str, attachments=(), **ctx) -> bytes:
    """Render the two templates with ``ctx`` and return the PDF's bytes."""
    html = render_template(html_template, **ctx)
    css = render_template(css_template, **ctx)
    document, options = render_document(html, css, attachments)
    return write(document, options)


def find_box(document, element_id: str):
    """``(page_index, x, y, width, height)`` in PDF points (origin bottom-left) of the element with that id, or
    ``None``: where to put a visible signature field."""
    for index, page in enumerate(document.pages):
        page_height = page.height
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, 'element', None)
            if element is not None and element.get('id') == element_id and hasattr(box, 'border_width'):
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                scale = 0.75  # CSS px -> pt
                return index, x * scale, (page_height - y - height) * scale, width * scale, height * scale
            stack.extend(getattr(box, 'children', ()))
    return None


def read_attachments(pdf: bytes) -> dict[str, bytes]:
    """The files embedded in a PDF, by name (later versions of a name win)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name: contents[-1] for name, contents in reader.attachments.items() if contents}
