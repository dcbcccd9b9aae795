"""Digital signatures on issued PDFs (PAdES, with pyHanko), where a PKCS#12 certificate is configured.

``DOCUMENT_SIGNING_P12`` (path of a ``.p12``/``.pfx`` file) and ``DOCUMENT_SIGNING_PASSWORD`` set the certificate
of the issuing officer; ``DOCUMENT_SIGNING_P12_<LOGIN>`` (upper-case login, ``.`` and ``-`` as ``_``) overrides it
for one officer. Without a certificate documents are issued unsigned, and the register says so.
"""
from __future__ import annotations

import io
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

logger = logging.getLogger(__name__)

FIELD_NAME = 'GemCellSignature'


class SigningError(Exception):
    pass


def _own_thread(fn, *args):
    """Run pyHanko's synchronous API (which calls ``asyncio.run``) in a thread of its own, so it also works when
    the caller's thread already runs an event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def _config_key(login: str | None) -> str:
    return 'DOCUMENT_SIGNING_P12_' + (login or '').upper().replace('.', '_').replace('-', '_')


def certificate_path(config, login: str | None = None) -> Path | None:
    """``config``: a callable ``name -> value`` (``gemcell.documents.setting``) or a mapping."""
    get = config if callable(config) else config.get
    path = (login and get(_config_key(login))) or get('DOCUMENT_SIGNING_P12')
    return Path(path) if path else None


def load_signer(config, login: str | None = None):
    """The pyHanko signer for the officer, or ``None`` when no certificate is configured."""
    path = certificate_path(config, login)
    if path is None:
        return None
    from pyhanko.sign import signers
    password = (config if callable(config) else config.get)('DOCUMENT_SIGNING_PASSWORD')
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            path.read_bytes(), other_certs=(), passphrase=password.encode() if password else None)
    except (OSError, ValueError) as exc:
        raise SigningError(f'cannot load the signing certificate {path}: {exc}') from exc


def sign_pdf(pdf: bytes, signer, box=None, reason: str = '', location: str = '') -> bytes:
    """Sign ``pdf`` (an incremental update: the signed bytes start with the unsigned ones). ``box`` is
    ``(page_index, x, y, width, height)`` in points for a visible signature; ``None`` signs invisibly."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    field_spec = None
    if box is not None:
        page, x, y, width, height = box
        field_spec = fields.SigFieldSpec(FIELD_NAME, on_page=page,
                                         box=(int(x), int(y), int(x + width), int(y + height)))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason or None, location=location or None,
                                        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm='sha256')
    style = TextStampStyle(stamp_text='Digitally signed by\n%(signer)s\n%(ts)s', border_width=0)
    pdf_signer = signers.PdfSigner(meta, signer=signer, new_field_spec=field_spec, stamp_style=style)
    out = _own_thread(pdf_signer.sign_pdf, writer)
    return out.getvalue()


def validate(pdf: bytes, trust_roots=()) -> list[dict]:
    """Each embedded signature's status: ``{"signer", "intact", "valid", "trusted", "coverage"}``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    results = []
    for signature in reader.embedded_signatures:
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
        status = _own_thread(validate_pdf_signature, signature, context)
        results.append({'signer': status.signing_cert.subject.human_friendly, 'intact': status.intact,
                        'valid': status.valid, 'trusted': status.trusted,
                        'coverage': status.coverage.name if status.coverage else None})
    return results
